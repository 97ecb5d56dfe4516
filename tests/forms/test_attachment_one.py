"""/apply/ reads like attachment 1 wherever an answer is shown away from its step: whose name is
whose, the start of the work dated to the month, the featured cases' 400 characters in total and
the declaration the city agreed to, with its name in it."""

import csv
import io
import json

import pytest
from django.core import mail
from openpyxl import load_workbook

from learning_city.forms.models import FormEntry, MultiStepFormPage
from tests.factories import UserFactory
from tests.forms.apply_helpers import fill_all_parts

DECLARATION = "苏州市，申请加入全国学习型城市网络。我们承诺积极推进学习型城市建设"


@pytest.fixture
def submitted(client, site_content, django_capture_on_commit_callbacks):
    user = UserFactory(username="suzhou@example.cn", email="suzhou@example.cn")
    client.force_login(user)
    fill_all_parts(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/apply/check/")
    return FormEntry.objects.get(user=user, status="submitted")


def test_every_question_of_the_form_has_its_own_name_away_from_its_step(site_content):
    labels = [
        question.full_label for _number, question in MultiStepFormPage.objects.get(slug="apply").definition.questions
    ]
    assert len(labels) == len(set(labels)), sorted(label for label in labels if labels.count(label) > 1)
    for expected in (
        "市分管学习型城市建设工作负责人 · 姓名",
        "市教育行政部门分管学习型城市建设工作负责人 · 职务",
        "市教育行政部门负责学习型城市建设工作的处室及负责人 · 办公电话",
        "工作联系人 · 手机号",
        "（一）学习型城市建设概况 · 1. 本市正式开展学习型城市建设工作的时间"
        "（注明启动的标志性事件，如召开有关会议、印发相关文件或举办有关活动等）",
    ):
        assert expected in labels


def test_the_check_page_names_sections_and_shows_the_declaration_with_the_city(client, site_content):
    user = UserFactory(username="check@example.cn")
    client.force_login(user)
    fill_all_parts(client, user)
    check = client.get("/apply/check/").content.decode()
    assert "工作联系人 · 姓名" in check and "市分管学习型城市建设工作负责人 · 姓名" in check
    assert "2015年6月" in check
    assert DECLARATION in check
    assert "已确认" not in check
    # the step shows the statement with the city too, and the blank of the official text is gone
    step = client.get("/apply/step/5/").content.decode()
    assert DECLARATION in step and "______" not in step


def test_printout_admin_exports_and_api_name_the_sections(client, submitted, superuser):
    client.force_login(submitted.user)
    printout = client.get(f"/apply/submitted/{submitted.reference}/print/").content.decode()
    assert "工作联系人 · 姓名" in printout and "市教育行政部门分管学习型城市建设工作负责人 · 职务" in printout
    assert DECLARATION in printout

    schema = client.get(f"/api/forms/{submitted.page_id}/").json()
    sections = [item for item in schema["steps"][0]["items"] if item["type"] == "section"]
    assert [section["title"] for section in sections][-1] == "工作联系人"
    contact = {question["key"]: question for question in sections[-1]["items"]}
    assert contact["contact_name"]["full_label"] == "工作联系人 · 姓名"

    client.force_login(superuser)
    inspect = client.get(f"/admin/lc_forms/formentry/inspect/{submitted.pk}/").content.decode()
    assert "市教育行政部门负责学习型城市建设工作的处室及负责人 · 负责人姓名" in inspect and DECLARATION in inspect

    header = next(
        csv.reader(
            io.StringIO(
                client.get(f"/admin/form-submissions/{submitted.page_id}/export.csv").content.decode("utf-8-sig")
            )
        )
    )
    assert "工作联系人 · 姓名" in header and "市分管学习型城市建设工作负责人 · 姓名" in header
    assert header.count("姓名") == 0
    workbook = load_workbook(io.BytesIO(client.get(f"/admin/form-submissions/{submitted.page_id}/export.xlsx").content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert "工作联系人 · 手机号" in rows[0]
    assert any(str(cell).startswith(DECLARATION) for cell in rows[1])


def test_the_confirmation_email_is_still_sent_once(submitted):
    assert sum(submitted.reference in message.subject for message in mail.outbox) == 1


def test_the_form_schema_gives_the_editors_settings(client, site_content):
    client.force_login(UserFactory(username="schema@example.cn"))
    page = MultiStepFormPage.objects.get(slug="apply")
    schema = client.get(f"/api/forms/{page.pk}/").json()
    questions = {}

    def walk(items):
        for item in items:
            if item["type"] == "section":
                walk(item["items"])
            elif "key" in item:
                questions[item["key"]] = item

    for step in schema["steps"]:
        walk(step["items"])
    assert questions["start_date"]["precision"] == "month"
    assert questions["featured_cases"]["max_total_characters"] == 400
    assert "最多3个项目或案例，400字以内" in questions["featured_cases"]["label"]
    assert questions["declaration"]["statement"].startswith("______市，申请加入全国学习型城市网络。")
    assert questions["declaration"]["fill_from"] == "city"
    assert json.dumps(schema, ensure_ascii=False)
