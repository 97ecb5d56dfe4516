"""Issue 12: a wizard step save does the few reads and the one write it needs, however much the entry holds."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ReferenceIndex

from learning_city.applications import sample_answers
from learning_city.forms.models import FormEntry, MultiStepFormPage
from tests.factories import UserFactory
from tests.forms.apply_helpers import PDF
from tests.forms.conftest import STEP_ONE, STEP_TWO, post_step
from tests.forms.test_versions import changed_steps, publish


# The request's own: the user, and the session when sessions are read from the database (the test settings'
# default; with REDIS_URL they come from the cache); the form page's route and view restrictions come from
# the cache (config/cache/routing.py). Then the step save's: the open entry (with its version's digest), the
# chosen city, and the one UPDATE of the entry.
def step_save_queries():
    return 4 + (settings.SESSION_ENGINE == "django.contrib.sessions.backends.db")


def save_part_one(client, page):
    return client.post(
        "/apply/step/1/", {f"form_{page.pk}-current_step": "1", "action": "next", **sample_answers.answers()[1]}
    )


def test_a_step_save_makes_the_same_few_queries_however_much_the_entry_holds(client, site_content):
    page = MultiStepFormPage.objects.get(slug="apply")
    client.force_login(UserFactory(username="suzhou@example.cn"))
    assert save_part_one(client, page).status_code == 302  # the first save starts the draft
    with CaptureQueriesContext(connection) as first:
        response = save_part_one(client, page)
    assert response.status_code == 302 and response["Location"] == "/apply/step/2/"

    answers = sample_answers.answers()
    for number in (2, 3):
        client.post(f"/apply/step/{number}/", {f"form_{page.pk}-current_step": str(number), **answers[number]})
    client.post(
        "/apply/step/4/",
        {
            f"form_{page.pk}-current_step": "4",
            "evidence_documents": [
                SimpleUploadedFile(f"材料{n}.pdf", PDF + bytes([n]), "application/pdf") for n in range(3)
            ],
        },
    )
    entry = FormEntry.objects.get(page=page)
    assert entry.completed_steps == [1, 2, 3] and entry.files.count() == 3

    with CaptureQueriesContext(connection) as later:
        response = save_part_one(client, page)
    assert response.status_code == 302 and response["Location"] == "/apply/step/2/"
    assert len(first.captured_queries) == len(later.captured_queries) == step_save_queries(), [
        query["sql"][:120] for query in later.captured_queries
    ]
    writes = [query["sql"] for query in later.captured_queries if not query["sql"].startswith("SELECT")]
    assert len(writes) == 1 and writes[0].startswith('UPDATE "lc_forms_formentry"')


def _referenced_by(obj):
    return {(ref.content_type.model, ref.object_id) for ref in ReferenceIndex.get_references_to(obj)}


def test_the_form_s_usage_still_lists_the_entry_on_the_version_it_is_on(signed_in, applicant, form_page):
    """Wagtail's reference index (the form's and a version's usage in the admin) is left alone by a step save,
    which changes none of the entry's links, and follows a draft moved to a changed form."""
    post_step(signed_in, form_page, 1, STEP_ONE)
    post_step(signed_in, form_page, 2, STEP_TWO)
    entry = FormEntry.objects.get(user=applicant)
    assert ("formentry", str(entry.pk)) in _referenced_by(form_page) & _referenced_by(entry.version)

    page = publish(form_page, changed_steps())
    # Straight to a step save, not the task list: the save itself finds the draft on the old version.
    assert post_step(signed_in, page, 1, STEP_ONE).status_code == 302
    entry.refresh_from_db()
    assert entry.version.number == 2 and entry.answers["contact_name"] == "张三" and entry.changed_steps == [2]
    assert ("formentry", str(entry.pk)) in _referenced_by(entry.version)
    old = page.versions.get(number=1)
    assert ("formentry", str(entry.pk)) not in _referenced_by(old)


def test_a_city_that_is_not_in_the_list_is_refused_as_before(signed_in, applicant, form_page):
    response = post_step(signed_in, form_page, 1, {**STEP_ONE, "city": "999999"})
    assert response.status_code == 200
    # Django's own words for a choice not offered, as when every city was read to check one.
    assert "选择一个有效的选项。 999999 不在可用的选项中。" in response.content.decode()
    entry = FormEntry.objects.get(user=applicant)
    assert "city" not in entry.answers and entry.completed_steps == []

    post_step(signed_in, form_page, 1, STEP_ONE)
    entry.refresh_from_db()
    assert entry.answers["city"] == {
        "code": "320500",
        "name": "苏州市",
        "province_code": "320000",
        "province": "江苏省",
    }
    assert entry.completed_steps == [1]
