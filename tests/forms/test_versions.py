"""An editor changes a live form: submissions read as they were answered, drafts move on."""

import copy
import csv
import io
import json

import pytest
from wagtail import blocks
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from learning_city.forms.models import FormEntry, FormVersion, MultiStepFormPage
from tests.factories import question, sample_steps
from tests.forms.conftest import STEP_ONE, STEP_TWO, post_step


def publish(page, steps):
    page = MultiStepFormPage.objects.get(pk=page.pk)
    page.steps = json.dumps(steps)
    page.save_revision().publish()
    return MultiStepFormPage.objects.get(pk=page.pk)


def changed_steps():
    """The sample form with step 1's name relabelled, step 2's profile removed and a required
    slogan added to step 2."""
    steps = copy.deepcopy(sample_steps())
    steps[0]["value"]["fields"][1]["value"]["label"] = "联系人姓名"
    fields = steps[1]["value"]["fields"]
    fields[:] = [item for item in fields if item["value"].get("key") != "profile"]
    fields.insert(1, question("short_text", "slogan", "宣传口号", max_characters=20))
    return steps


def submit(client, page, django_capture_on_commit_callbacks):
    post_step(client, page, 1, STEP_ONE)
    post_step(client, page, 2, STEP_TWO)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{page.url}check/")
    return FormEntry.objects.get(status="submitted")


def test_a_submission_reads_as_it_was_answered_after_the_form_changes(
    signed_in, form_page, superuser, django_capture_on_commit_callbacks
):
    entry = submit(signed_in, form_page, django_capture_on_commit_callbacks)
    assert entry.version.number == 1
    page = publish(form_page, changed_steps())
    assert FormVersion.objects.filter(page=page).count() == 2

    printout = signed_in.get(f"{page.url}submitted/{entry.reference}/print/").content.decode()
    assert '<th scope="row">姓名' in printout and "联系人姓名" not in printout
    assert "经济社会和文化发展状况" in printout and "苏州历史悠久，经济发达。" in printout
    assert "宣传口号" not in printout

    signed_in.force_login(superuser)
    detail = signed_in.get(f"/admin/lc_forms/formentry/inspect/{entry.pk}/").content.decode()
    assert "苏州历史悠久，经济发达。" in detail and "宣传口号" not in detail

    export = signed_in.get(f"/admin/form-submissions/{page.pk}/export.csv").content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(export)))
    # one column per key across versions: the latest wording and order, then what only v1 asked
    assert header[3:] == [
        "联系人姓名",
        "手机号",
        "办公电话",
        "电子邮箱",
        "申报城市",
        "常住人口",
        "宣传口号",
        "重要会议或活动",
        "申请声明",
        "经济社会和文化发展状况",
    ]
    assert row[header.index("经济社会和文化发展状况")] == "苏州历史悠久，经济发达。"
    assert row[header.index("宣传口号")] == ""


def test_a_removed_question_is_still_shown_marked_as_from_an_earlier_version(signed_in, form_page):
    from learning_city.forms import entries

    post_step(signed_in, form_page, 1, STEP_ONE)
    entry = FormEntry.objects.get()
    entry.answers["retired"] = "旧版本的答复"
    summary = entries.answers_by_step(form_page, entry.answers, entry.version)
    assert summary[-1]["title"] == "早期版本表单中的问题"
    assert summary[-1]["rows"][0] | {"earlier": True} == summary[-1]["rows"][0]
    assert summary[-1]["rows"][0]["value"] == "旧版本的答复"


def test_a_draft_moves_to_the_new_version_keeping_what_remains(signed_in, form_page):
    post_step(signed_in, form_page, 1, STEP_ONE)
    post_step(signed_in, form_page, 2, STEP_TWO)
    assert FormEntry.objects.get().completed_steps == [1, 2]
    page = publish(form_page, changed_steps())

    landing = signed_in.get(page.url).content.decode()
    entry = FormEntry.objects.get()
    assert entry.version.number == 2
    assert entry.completed_steps == [1] and entry.changed_steps == [2]
    assert "表单已更新，请检查" in landing
    assert entry.answers["contact_name"] == "张三" and entry.answers["population"] == "1295.80"
    assert "profile" not in entry.answers  # a draft's answer to a removed question goes with it

    # the new required question is asked: submitting sends the applicant to step 2
    response = signed_in.post(f"{page.url}check/")
    assert response["Location"].endswith("/step/2/")
    step = signed_in.get(f"{page.url}step/2/").content.decode()
    assert "宣传口号" in step and "1295.80" in step  # kept answers are in the boxes

    post_step(signed_in, page, 2, {**STEP_TWO, "slogan": "学在苏州"})
    entry.refresh_from_db()
    assert entry.changed_steps == [] and entry.completed_steps == [1, 2]
    signed_in.post(f"{page.url}check/")
    entry.refresh_from_db()
    assert entry.status == "submitted" and entry.version.number == 2 and entry.answers["slogan"] == "学在苏州"


def test_an_unchanged_publish_makes_no_new_version(signed_in, form_page):
    post_step(signed_in, form_page, 1, STEP_ONE)
    publish(form_page, sample_steps())
    publish(form_page, sample_steps())
    assert FormVersion.objects.filter(page=form_page).count() == 1
    assert "表单已更新" not in signed_in.get(form_page.url).content.decode()


# --- the admin, before publishing ------------------------------------------------------------


def form_value(block, value):
    """What the page editor posts for ``value`` of ``block``."""
    if isinstance(block, blocks.StreamBlock):
        return streamfield(
            [(item["type"], form_value(block.child_blocks[item["type"]], item["value"])) for item in value]
        )
    if isinstance(block, blocks.StructBlock):
        return {name: form_value(child, value.get(name)) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        items = {
            str(index): {"value": form_value(block.child_block, item), "deleted": "", "order": str(index)}
            for index, item in enumerate(value or [])
        }
        return {**items, "count": str(len(items))}
    if isinstance(block, blocks.BooleanBlock):
        return "on" if value else ""
    return "" if value is None else str(value)


def edit_data(page, steps, action="action-publish"):
    stream_block = MultiStepFormPage._meta.get_field("steps").stream_block
    value = stream_block.to_python(steps)
    steps = stream_block.get_prep_value([*value] and value)  # with every block's defaults, as the editor shows them
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "confirmation_text": rich_text(""),
            "steps": form_value(stream_block, steps),
            "purpose": page.purpose,
            "login_required": "on",
            "frame_ancestors": "",
            "max_attachment_megabytes": page.max_attachment_megabytes,
            "max_submissions_per_account": page.max_submissions_per_account,
        }
    )
    if action:
        data[action] = action
    return data


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_the_admin_says_who_uses_the_form_and_what_changes_before_publishing(
    admin_client, form_page, applicant, django_capture_on_commit_callbacks
):
    from django.test import Client

    city = Client()
    city.force_login(applicant)
    submit(city, form_page, django_capture_on_commit_callbacks)
    for number in range(2):  # two more applicants with drafts
        other = Client()
        other.force_login(type(applicant).objects.create(username=f"draft{number}"))
        post_step(other, form_page, 1, STEP_ONE)

    url = f"/admin/pages/{form_page.pk}/edit/"
    response = admin_client.post(url, edit_data(form_page, changed_steps()))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 份填写中的草稿和 1 份已提交的申请使用当前版本的表单；本次修改涉及以下 3 个问题。" in html
    assert (
        "修改：联系人姓名" in html
        and "（原为“姓名”）" in html
        and "新增：宣传口号" in html
        and "删除：经济社会和文化发展状况" in html
    )
    assert MultiStepFormPage.objects.get(pk=form_page.pk).question_keys() == form_page.question_keys()  # not yet

    confirmed = edit_data(form_page, changed_steps())
    confirmed["confirm_form_change"] = "1"
    assert admin_client.post(url, confirmed).status_code == 302
    assert "slogan" in MultiStepFormPage.objects.get(pk=form_page.pk).question_keys()


def test_a_change_nobody_uses_yet_publishes_at_once(admin_client, form_page):
    response = admin_client.post(f"/admin/pages/{form_page.pk}/edit/", edit_data(form_page, changed_steps()))
    assert response.status_code == 302
    assert "slogan" in MultiStepFormPage.objects.get(pk=form_page.pk).question_keys()
