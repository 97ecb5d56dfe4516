"""Who reaches what: every role against every view, export, file and API endpoint that can show
a city application, Wagtail's own views included.

The world (built once per module, rolled back after it; every test runs in its own savepoint):

- Suzhou (Jiangsu) applied: its application is at the provincial step, with a file attached to
  its entry. It is *the* application of most rows.
- Hangzhou (Zhejiang) applied too, by "another applicant": its task state is the foreign one.
- Nanjing (Jiangsu) was recommended by Jiangsu, so Jiangsu has a summary (attachment 2) that is
  not yet sent: it is what the summary rows show.

Each cell of ``EXPECTED`` says what a role gets from an endpoint:

- ``SHOWN``: 200, and the endpoint's marker (the reference, or what stands for it) is in the body;
- ``HIDDEN``: 200, but the marker is not in the body (a scoped listing, an empty panel);
- ``DENIED``: a redirect (to the login or the dashboard), 401, 403 or 404, and the marker,
  the reference and the city are not in the body.

Bodies are read as a person would read them: XLSX cells, PDF text layers, ZIP members.
"""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.models import TaskState

from learning_city.applications.models import Decision, ProvincialRecommendation
from learning_city.forms.models import EntryFile
from learning_city.workflows.models import group_for
from tests.applications.conftest import (
    HANGZHOU,
    JIANGSU,
    SUZHOU,
    ZHEJIANG,
    act,
    application_of,
    application_steps,
    reviewer_of,
    submitted_entry,
    task_state_of,
)
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory

pytestmark = pytest.mark.django_db

NANJING = "320100"
SNIPPETS = "/admin/snippets/applications/cityapplication"
OPINION = {"opinion": "经核实，同意推荐。", "confirmed_route": "application"}

SHOWN, HIDDEN, DENIED = "shown", "hidden", "denied"
S, H, D = SHOWN, HIDDEN, DENIED

ROLES = (
    "visitor",
    "applicant",
    "other_applicant",
    "province_reviewer",
    "other_province_reviewer",
    "ministry",
    "editor",
    "superuser",
)

# fmt: off
# Columns: visitor, applicant, other applicant, the province's reviewer, another province's
# reviewer, ministry reviewer, editor ("Editors"), superuser.
EXPECTED = {
    # the project's review desk
    "desk":                          (D, D, D, S, H, S, D, S),
    "desk_application":              (D, D, D, S, D, S, D, S),
    "summary_list":                  (D, D, D, S, H, S, D, S),
    "summary_page":                  (D, D, D, S, D, S, D, S),
    "summary_xlsx":                  (D, D, D, S, D, S, D, S),
    "summary_pdf":                   (D, D, D, S, D, S, D, S),
    "summary_zip":                   (D, D, D, S, D, S, D, S),
    "application_pdf":               (D, D, D, S, D, S, D, S),
    # the CityApplication snippet viewset (Wagtail's views, each object URL scoped)
    "snippet_index":                 (D, D, D, D, D, S, D, S),
    "snippet_search":                (D, D, D, D, D, S, D, S),
    "snippet_edit":                  (D, D, D, S, D, S, D, S),
    "snippet_inspect":               (D, D, D, D, D, S, D, S),
    "snippet_history":               (D, D, D, D, D, S, D, S),
    "snippet_workflow_history":      (D, D, D, D, D, S, D, S),
    "snippet_workflow_history_detail": (D, D, D, D, D, S, D, S),
    # a province's reviewers compare their own city's submissions (the URL is scoped to the province)
    "snippet_revisions_compare":     (D, D, D, S, D, S, D, S),
    "snippet_usage":                 (D, D, D, D, D, S, D, S),
    "snippet_delete":                (D, D, D, D, D, D, D, S),
    "action_own_task_state":         (D, D, D, S, D, D, D, D),
    "action_foreign_task_state":     (D, D, D, D, D, D, D, D),
    "action_data_own_task_state":    (D, D, D, S, D, D, D, D),
    "action_data_foreign_task_state": (D, D, D, D, D, D, D, D),
    "chooser":                       (D, D, D, D, D, S, D, S),
    "chooser_results":               (D, D, D, D, D, S, D, S),
    # Wagtail's reports and dashboard
    "site_history":                  (D, D, D, H, H, S, H, S),
    # Wagtail's workflow reports are for those with a page permission (editors, superusers)
    "workflow_report":               (D, D, D, D, D, D, H, S),
    "workflow_tasks_report":         (D, D, D, D, D, D, H, S),
    "dashboard_awaiting_review":     (D, D, D, S, H, H, H, H),
    "dashboard_review_queue_panel":  (D, D, D, S, S, S, H, S),
    # the form submissions ("表单提交") and the entry's files: editors hold "查看和导出表单提交", which
    # opens the forms they may edit, but a city application is its reviewers' alone (forms/access.py):
    # the editor's listing opens, without it
    "submissions_index":             (D, D, D, D, D, S, H, S),
    "submission_inspect":            (D, D, D, D, D, S, D, S),
    "submissions_csv":               (D, D, D, D, D, S, D, S),
    "submissions_xlsx":              (D, D, D, D, D, S, D, S),
    "attachments_zip":               (D, D, D, D, D, S, D, S),
    "entry_file":                    (D, S, D, S, D, S, D, S),
    "entry_file_media_url":          (D, D, D, D, D, D, D, D),
    # the applicant's side
    "api_draft":                     (D, H, H, H, H, H, H, H),
    "my_applications":               (D, S, H, H, H, H, H, H),
}
# fmt: on


@dataclass
class World:
    users: dict
    page: object
    suzhou: object
    hangzhou: object
    nanjing: object
    summary: object
    file: object


def _attach_file(entry):
    """A text file whose content names the reference: wherever the file leaks, the reference shows."""
    data = f"苏州市佐证材料 {entry.reference}".encode()
    item = EntryFile(
        entry=entry,
        field_key="evidence_documents",
        original_name="佐证说明.txt",
        content_type="text/plain",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    item.file.save("佐证说明.txt", ContentFile(data), save=False)
    item.save()
    return item


def _build_world():
    page = MultiStepFormPageFactory(
        parent=HomePageFactory(),
        slug="apply",
        purpose="city_network_application",
        steps=json.dumps(application_steps()),
    )
    editor = UserFactory(username="editor")
    editor.groups.add(group_for("editors"))
    ministry = UserFactory(username="ministry-reviewer")
    ministry.groups.add(Group.objects.get(name="教育部审核员"))
    users = {
        "visitor": None,
        "applicant": UserFactory(username="suzhou-office"),
        "other_applicant": UserFactory(username="hangzhou-office"),
        "province_reviewer": reviewer_of(JIANGSU, "jiangsu-reviewer"),
        "other_province_reviewer": reviewer_of(ZHEJIANG, "zhejiang-reviewer"),
        "ministry": ministry,
        "editor": editor,
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }
    suzhou = application_of(submitted_entry(page, users["applicant"], city_code=SUZHOU))
    file = _attach_file(suzhou.entry)
    hangzhou = application_of(submitted_entry(page, users["other_applicant"], city_code=HANGZHOU))
    nanjing = application_of(submitted_entry(page, UserFactory(username="nanjing-office"), city_code=NANJING))
    act(nanjing, users["province_reviewer"], "approve", **OPINION)
    summary = ProvincialRecommendation.objects.get(province__code=JIANGSU)
    return World(users, page, suzhou, hangzhou, nanjing, summary, file)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module's ~300 cells, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- the endpoints: a URL (and a method), and the marker that shows the application ---------


def _application_urls(w):
    a = w.suzhou
    state = task_state_of(a)
    workflow_state = a.latest_workflow_state()
    return {
        "desk": "/admin/review-desk/",
        "desk_application": f"/admin/review-desk/{a.pk}/",
        "application_pdf": f"/admin/review-desk/{a.pk}/application.pdf",
        "snippet_index": f"{SNIPPETS}/",
        "snippet_search": f"{SNIPPETS}/results/?q={a.reference}",
        "snippet_edit": f"{SNIPPETS}/edit/{a.pk}/",
        "snippet_inspect": f"{SNIPPETS}/inspect/{a.pk}/",
        "snippet_history": f"{SNIPPETS}/history/{a.pk}/",
        "snippet_workflow_history": f"{SNIPPETS}/workflow_history/{a.pk}/",
        "snippet_workflow_history_detail": f"{SNIPPETS}/workflow_history/{a.pk}/detail/{workflow_state.pk}/",
        "snippet_revisions_compare": f"{SNIPPETS}/history/{a.pk}/revisions/compare/earliest...latest/",
        "snippet_usage": f"{SNIPPETS}/usage/{a.pk}/",
        "snippet_delete": f"{SNIPPETS}/delete/{a.pk}/",
        "action_own_task_state": f"{SNIPPETS}/workflow/action/{a.pk}/reject/{state.pk}/",
        "action_foreign_task_state": f"{SNIPPETS}/workflow/action/{a.pk}/reject/{task_state_of(w.hangzhou).pk}/",
        "action_data_own_task_state": f"{SNIPPETS}/workflow/collect_action_data/{a.pk}/reject/{state.pk}/",
        "action_data_foreign_task_state": (
            f"{SNIPPETS}/workflow/collect_action_data/{a.pk}/reject/{task_state_of(w.hangzhou).pk}/"
        ),
        "chooser": "/admin/snippets/choose/applications/cityapplication/",
        "chooser_results": f"/admin/snippets/choose/applications/cityapplication/results/?q={a.reference}",
        "site_history": "/admin/reports/site-history/",
        "workflow_report": "/admin/reports/workflow/",
        "workflow_tasks_report": "/admin/reports/workflow_tasks/",
        "dashboard_awaiting_review": "/admin/",
        "dashboard_review_queue_panel": "/admin/",
        "submissions_index": "/admin/lc_forms/formentry/",
        "submission_inspect": f"/admin/lc_forms/formentry/inspect/{a.entry_id}/",
        "submissions_csv": f"/admin/form-submissions/{w.page.pk}/export.csv",
        "submissions_xlsx": f"/admin/form-submissions/{w.page.pk}/export.xlsx",
        "attachments_zip": f"/admin/form-submissions/entry/{a.entry_id}/attachments.zip",
        "entry_file": f"/forms/files/{w.file.pk}/",
        "entry_file_media_url": f"/media/{w.file.file.name}",
        "api_draft": f"/api/forms/{w.page.pk}/draft/",
        "my_applications": "/accounts/applications/",
    }


def endpoint(w, name):
    """(url, marker, words that must never leak when denied or hidden)."""
    summary_url = f"/admin/review-desk/summaries/{w.summary.pk}/"
    summary_urls = {
        "summary_list": ("/admin/review-desk/summaries/", summary_url),
        "summary_page": (summary_url, w.nanjing.reference),
        "summary_xlsx": (f"{summary_url}export.xlsx", w.nanjing.reference),
        "summary_pdf": (f"{summary_url}export.pdf", "南京市"),
        "summary_zip": (f"{summary_url}export.zip", "南京市/申请表.pdf"),
    }
    if name in summary_urls:
        url, marker = summary_urls[name]
        return url, marker, (marker, w.nanjing.reference, "南京市")
    url = _application_urls(w)[name]
    if name == "dashboard_review_queue_panel":
        return url, "review-queue-heading", ("review-queue-heading",)
    if name.startswith("action_"):  # the action's dialog, as JSON: its form asks for the comment
        return url, "id_comment", ("id_comment", w.suzhou.reference, "苏州市")
    return url, w.suzhou.reference, (w.suzhou.reference, "苏州市")


def readable(response):
    """The body as a person would read it."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if any(name.startswith("xl/") for name in archive.namelist()):
                book = load_workbook(io.BytesIO(data), read_only=True)
                return " ".join(
                    str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
                )
            parts = list(archive.namelist())
            parts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
            return " ".join(parts)
    if data.startswith(b"%PDF"):
        try:
            return "".join(page.extract_text().replace("\n", "") for page in PdfReader(io.BytesIO(data)).pages)
        except Exception:  # noqa: BLE001 -- not every "%PDF" body in a test is a whole PDF
            return data.decode("utf-8", "replace")
    return data.decode("utf-8", "replace")


CELLS = [
    pytest.param(name, role, EXPECTED[name][index], id=f"{name}-{role}")
    for name in [*EXPECTED.keys()]
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("name", "role", "expected"), CELLS)
def test_matrix(client, world, name, role, expected):
    if world.users[role] is not None:
        client.force_login(world.users[role])
    url, marker, secrets = endpoint(world, name)
    response = client.get(url)
    body = readable(response) if response.status_code == 200 else response.content.decode("utf-8", "replace")
    outcome = f"{role} GET {url} → {response.status_code} {response.get('Location', '')}"
    if expected == DENIED:
        assert response.status_code in (302, 401, 403, 404), outcome
        if response.status_code == 302:
            assert response["Location"].startswith(("/admin/login/", "/accounts/login/", "/admin/")), outcome
        for secret in secrets:
            assert secret not in body, f"{outcome}: {secret!r} leaked"
    else:
        assert response.status_code == 200, outcome
        if expected == SHOWN:
            assert marker in body, f"{outcome}: {marker!r} not shown"
        else:
            for secret in secrets:
                assert secret not in body, f"{outcome}: {secret!r} leaked"


def test_the_matrix_covers_every_role_and_endpoint():
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())
    assert len(CELLS) == len(EXPECTED) * len(ROLES)


# --- acting, not only looking: the same rule when a POST would change the application


ACTIONS = {
    "reject": {"comment": "请补充佐证材料。"},
    "approve": OPINION,
    "decline": {"reason": "不予推荐。"},
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("whose", ["own", "foreign"])
@pytest.mark.parametrize("role", ROLES[1:])
def test_acting_through_the_action_url(client, world, role, whose, action):
    """Only the province's reviewer acts, and only with the application's own task state: pairing
    Suzhou's pk with Hangzhou's task state id changes nothing, for anyone."""
    suzhou, hangzhou = world.suzhou, world.hangzhou
    state = task_state_of(suzhou if whose == "own" else hangzhou)
    client.force_login(world.users[role])
    response = client.post(f"{SNIPPETS}/workflow/action/{suzhou.pk}/{action}/{state.pk}/", ACTIONS[action])
    after = TaskState.objects.get(pk=state.pk)
    allowed = whose == "own" and EXPECTED["action_own_task_state"][ROLES.index(role)] == SHOWN
    if allowed:
        assert response.status_code == 302
        assert after.status != TaskState.STATUS_IN_PROGRESS and after.finished_by == world.users[role]
    else:
        assert response.status_code in (302, 403, 404)
        assert response.get("Location") != f"{SNIPPETS}/edit/{suzhou.pk}/"
        assert after.status == TaskState.STATUS_IN_PROGRESS
        assert not hangzhou.provincial_opinions.exists() and not Decision.objects.filter(application=hangzhou).exists()


# --- on_action called directly: the task checks the task state's own application


@pytest.mark.parametrize("action", ACTIONS)
def test_on_action_with_another_provinces_task_state_is_refused(world, action):
    """A Jiangsu reviewer may act on Jiangsu's step, but not on Hangzhou's task state through it."""
    jiangsu = world.users["province_reviewer"]
    foreign = task_state_of(world.hangzhou)
    with pytest.raises(PermissionDenied):
        foreign.task.specific.on_action(foreign, jiangsu, action, **ACTIONS[action])
    assert TaskState.objects.get(pk=foreign.pk).status == TaskState.STATUS_IN_PROGRESS
    assert not world.hangzhou.provincial_opinions.exists()


@pytest.mark.parametrize("role", ["other_province_reviewer", "ministry", "editor", "superuser", "applicant"])
def test_on_action_by_anyone_but_the_provinces_reviewer_is_refused(world, role):
    state = task_state_of(world.suzhou)
    for action, data in ACTIONS.items():
        with pytest.raises(PermissionDenied):
            state.task.specific.on_action(state, world.users[role], action, **data)
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_the_ministrys_steps_refuse_a_provincial_reviewer_called_directly(world):
    """Nanjing is at the ministry's step (Jiangsu recommended it, its summary is not sent yet)."""
    state = task_state_of(world.nanjing)
    assert state.task.specific.review_stage == "ministry"
    for role in ("province_reviewer", "other_province_reviewer", "ministry"):
        with pytest.raises(PermissionDenied):  # the ministry too: the summary has not been sent
            state.task.specific.on_action(state, world.users[role], "approve")
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_IN_PROGRESS
