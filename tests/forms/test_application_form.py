"""The city application form of attachment 1, as `make run` publishes it at /apply/."""

from learning_city.forms.blocks import field_key, questions
from learning_city.forms.models import FormEntry, MultiStepFormPage
from tests.factories import UserFactory
from tests.forms.apply_helpers import fill_all_parts


def test_parts_one_to_five_with_the_official_limits(site_content):
    page = MultiStepFormPage.objects.get(slug="apply")
    assert page.url == "/apply/" and page.login_required
    assert [step["title"] for step in page.step_list] == [
        "一、相关工作负责人及联系人",
        "二、申请城市基本资料",
        "三、本市学习型城市建设的总体战略",
        "四、佐证材料",
        "五、申请声明",
    ]
    questions_by_key = {field_key(child): child.value for step in page.step_list for child in questions(step)}
    limits = {key: value.get("max_characters") for key, value in questions_by_key.items()}
    assert (limits["profile"], limits["slogan"], limits["coordination"], limits["goals"], limits["impact"]) == (
        500,
        20,
        300,
        400,
        300,
    )
    assert questions_by_key["slogan"]["required"] is False
    assert questions_by_key["events"]["max_entries"] == 5
    assert questions_by_key["policies"]["max_entries"] == 5
    assert questions_by_key["featured_cases"]["max_entries"] == 3
    assert {"population_year", "area_year", "gdp_per_capita_year", "schooling_years_year"} <= set(questions_by_key)
    assert "相关负责单位意见" not in str(page.steps.raw_data)  # part 6 is the province's, during review


def test_a_city_fills_all_five_parts_and_submits_once(client, site_content, django_capture_on_commit_callbacks):
    from learning_city.applications.models import ProvinceReviewer
    from learning_city.regions.models import Province

    reviewer = UserFactory(username="jiangsu", email="review@jyt.jiangsu.example.cn")
    ProvinceReviewer.objects.create(user=reviewer, province=Province.objects.get(code="320000"))
    user = UserFactory(username="suzhou@example.cn", email="suzhou@example.cn")
    client.force_login(user)
    fill_all_parts(client, user)

    check = client.get("/apply/check/").content.decode()
    assert "江苏省 苏州市" in check and "1295.80 万人" in check and "实施意见.pdf" in check
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/apply/check/")
        again = client.post("/apply/check/")
    assert first["Location"] == again["Location"]
    entry = FormEntry.objects.get(user=user)
    assert entry.status == "submitted"
    assert entry.reference in client.get("/accounts/applications/").content.decode()
    # The applicant is told, and so are the reviewers of the city's province.
    from django.core import mail

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert entry.reference in subjects["suzhou@example.cn"]
    assert subjects[reviewer.email] == f"江苏省苏州市的入网申请待您审核（{entry.reference}）"


def test_every_step_page_has_unique_element_ids(client, site_content):
    import re
    from collections import Counter

    client.force_login(UserFactory(username="ids@example.cn"))
    for number in range(1, 6):
        html = client.get(f"/apply/step/{number}/").content.decode()
        repeated = [name for name, count in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if count > 1]
        assert repeated == [], (number, repeated)


def test_the_application_form_has_every_field_its_purpose_needs(site_content):
    from learning_city.applications.purpose import REQUIRED_KEYS

    page = MultiStepFormPage.objects.get(slug="apply")
    assert page.purpose == "city_network_application"
    page.clean()  # the admin's own check: required keys present, no duplicates
    assert set(REQUIRED_KEYS) <= set(page.question_keys())
