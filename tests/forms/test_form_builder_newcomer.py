"""The form builder as an editor who is no programmer meets it: a new form starts from its purpose's
template, keys stay out of sight, the preview shows each step, the public address can be copied, and
a copy of a form takes its questions but none of its submissions."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from learning_city.applications.purpose import CITY_NETWORK_APPLICATION
from learning_city.forms import purposes
from learning_city.forms.blocks import ShortTextBlock
from learning_city.forms.models import FormEntry, FormVersion, MultiStepFormPage
from learning_city.showcases.purpose import SHOWCASE_NOMINATION
from tests.factories import UserFactory, sample_steps


def editors_group():
    """Wagtail's editors: they add and edit pages but do not publish (whatever the group is named)."""
    return (
        Group.objects.filter(page_permissions__permission__codename="add_page")
        .exclude(page_permissions__permission__codename="publish_page")
        .distinct()
        .get()
    )


@pytest.fixture
def editor(db):
    user = UserFactory(username="bianji", email="bianji@example.cn")
    user.groups.add(editors_group())
    return user


def template_page(purpose, **kwargs):
    return MultiStepFormPage(
        title="推荐表", slug="t", steps=json.dumps(purpose.template()), purpose=purpose.name, **kwargs
    )


# --- new form from a purpose's template -------------------------------------------


def test_adding_a_form_page_asks_for_its_purpose_first(client, editor, site_content):
    client.force_login(editor)
    home_id = site_content.get_parent().pk
    response = client.get(f"/admin/pages/add/lc_forms/multistepformpage/{home_id}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/forms/new/{home_id}/"
    page = client.get(response["Location"]).content.decode()
    assert "这个表单用来做什么？" in page
    for name, label in (("store", "仅保存提交内容"), ("showcase_nomination", "典型推荐")):
        assert f"?purpose={name}" in page and label in page
    assert "每份推荐都会生成一篇典型展示草稿" in page  # what the purpose does, in plain words
    assert "kind" not in page and "required_keys" not in page


def test_the_editor_starts_from_the_purposes_questions(client, editor, site_content):
    client.force_login(editor)
    home_id = site_content.get_parent().pk
    response = client.get(f"/admin/forms/new/{home_id}/?purpose=showcase_nomination")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="showcase_nomination" selected' in html
    assert "&quot;id&quot;: null" not in html  # every question has its block id, and so its stable key
    for label in ("推荐类型", "所在城市", "认定年份", "事迹介绍"):
        assert json.dumps(label)[1:-1] in html or label in html, label
    # The questions the purpose needs are named as such, by their labels.
    assert "用途所需" in html and "可以修改标题和说明、调整位置，但不能删除" in html
    # The editor's form posts to Wagtail's own add view, which the purpose question does not intercept.
    assert f'action="/admin/pages/add/lc_forms/multistepformpage/{home_id}/"' in html


def test_the_new_form_page_keeps_wagtails_permission_checks(client, site_content):
    nobody = UserFactory(username="visitor", is_staff=False)
    client.force_login(nobody)
    response = client.get(f"/admin/forms/new/{site_content.get_parent().pk}/?purpose=store")
    assert response.status_code in (302, 403)
    assert not response.content or "推荐类型" not in response.content.decode()


@pytest.mark.parametrize("purpose", [SHOWCASE_NOMINATION, CITY_NETWORK_APPLICATION], ids=lambda p: p.name)
def test_every_purpose_template_is_a_valid_form_of_its_purpose(db, purpose):
    assert purposes.get(purpose.name) is purpose  # registered at start-up, with its template
    template_page(purpose).full_clean(exclude=["path", "depth"])


def test_deleting_a_question_the_purpose_needs_is_refused_by_its_label(db):
    steps = SHOWCASE_NOMINATION.template()
    steps[0]["value"]["fields"] = [f for f in steps[0]["value"]["fields"] if f["value"]["key"] not in ("kind", "year")]
    page = MultiStepFormPage(title="推荐表", slug="t", steps=json.dumps(steps), purpose=SHOWCASE_NOMINATION.name)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as raised:
        page.clean()
    (message,) = [m for m in raised.value.messages if "用途" in m]
    assert "“推荐类型”" in message and "“认定年份”" in message
    assert "不能删除" in message
    assert "kind" not in message and "year" not in message  # no internal keys


def test_relabelled_and_moved_questions_still_satisfy_the_purpose(db):
    steps = SHOWCASE_NOMINATION.template()
    fields = steps[0]["value"]["fields"]
    fields[0]["value"]["label"] = "类别"
    fields.reverse()
    steps.reverse()
    page = MultiStepFormPage(title="推荐表", slug="t", steps=json.dumps(steps), purpose=SHOWCASE_NOMINATION.name)
    page.full_clean(exclude=["path", "depth"])


def test_the_purpose_field_explains_each_purpose_in_plain_words(client, editor, site_content):
    client.force_login(editor)
    html = client.get(f"/admin/forms/new/{site_content.get_parent().pk}/?purpose=store").content.decode()
    assert "提交后如何处理" in html
    assert "典型推荐：每份推荐都会生成一篇典型展示草稿" in html
    assert "仅保存提交内容：提交的内容保存在“表单提交”中" in html


# --- keys out of sight -------------------------------------------------------------


def test_the_key_is_last_in_a_collapsed_advanced_group():
    with translation.override("zh-hans"):
        layout = ShortTextBlock().meta.form_layout.js_opts()
        group, _name = layout["children"][-1]
        assert str(group.heading) == "高级" and "collapsed" in group.classname
        assert group.children == ["key"]
    assert layout["children"][0] == ("label", "label")
    assert "key" not in [name for name, _n in layout["children"][:-1]]


# --- preview -----------------------------------------------------------------------


def preview(page, mode, user):
    request = RequestFactory().get("/", {"mode": mode})
    request.user = user
    return page.serve_preview(request, mode).render().content.decode()


def test_the_preview_has_a_mode_for_the_first_page_and_each_step(form_page):
    with translation.override("zh-hans"):
        assert form_page.preview_modes == [
            ("", "首页和填写步骤"),
            ("step-1", "第1步：联系人"),
            ("step-2", "第2步：基本情况"),
        ]


def test_the_preview_shows_a_step_as_applicants_see_it_and_saves_nothing(form_page, editor):
    html = preview(form_page, "step-2", editor)
    assert "第 2 步，共 2 步" in html and 'name="population"' in html
    assert "预览：申请人看到的样子" in html
    assert 'href="?mode=step-1"' in html and 'aria-current="page"' in html  # the step switcher
    assert "csrfmiddlewaretoken" not in html and 'method="post"' not in html
    assert FormEntry.objects.count() == 0
    first = preview(form_page, "", editor)
    assert "填写步骤" in first and 'href="?mode=step-2"' in first


def test_the_preview_may_be_framed_by_the_editor_on_this_site_only(form_page, editor):
    request = RequestFactory().get("/", {"mode": "step-1"})
    request.user = editor
    response = form_page.serve_preview(request, "step-1")
    assert response._csp_replace == {"frame-ancestors": ["'self'"]}


def test_the_editor_offers_the_steps_as_preview_modes(client, form_page):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    edit = client.get(f"/admin/pages/{form_page.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "第2步：基本情况" in html or json.dumps("第2步：基本情况")[1:-1] in html  # the mode switcher


# --- where is it -------------------------------------------------------------------


def test_a_published_form_shows_its_public_address_with_a_copy_button(client, form_page, superuser):
    client.force_login(superuser)
    html = client.get(f"/admin/pages/{form_page.pk}/edit/").content.decode()
    assert f'value="{form_page.full_url}"' in html
    assert "data-copy-url" in html and "复制地址" in html
    assert "js/admin_copy_url.js" in html
    assert "在菜单中显示" in html and "嵌入表单" in html


def test_an_unpublished_form_has_no_address_yet(client, form_page, superuser):
    form_page.unpublish()
    client.force_login(superuser)
    html = client.get(f"/admin/pages/{form_page.pk}/edit/").content.decode()
    assert "表单发布后，这里会显示它的公开地址" in html
    assert "data-copy-url" not in html


# --- copy a form -------------------------------------------------------------------


@pytest.fixture
def used_form(form_page):
    """A live form with a submission and a draft on its recorded version."""
    from learning_city.forms import versions

    version = versions.current_version(form_page)
    for number, status in enumerate(("submitted", "draft")):
        FormEntry.objects.create(
            page=form_page,
            version=version,
            user=UserFactory(username=f"a{number}"),
            status=status,
            answers={"contact_name": "张三"},
            reference=f"LC-20260101-AAAAA{number}" if status == "submitted" else None,
        )
    return form_page


def copy(client, page, **extra):
    data = {
        "new_title": "测试申请表（第二批）",
        "new_slug": "apply-test-2",
        "new_parent_page": page.get_parent().pk,
        "publish_copies": "on",
        **extra,
    }
    response = client.post(f"/admin/pages/{page.pk}/copy/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return MultiStepFormPage.objects.get(slug="apply-test-2")


def test_a_copied_form_keeps_its_questions_and_keys_and_none_of_its_submissions(client, used_form, superuser):
    client.force_login(superuser)
    copied = copy(client, used_form)
    assert copied.question_keys() == used_form.question_keys()
    assert [s["title"] for s in copied.step_list] == [s["title"] for s in used_form.step_list]
    assert not FormEntry.objects.filter(page=copied).exists()
    assert FormEntry.objects.filter(page=used_form).count() == 2
    assert [v.entries.count() for v in FormVersion.objects.filter(page=copied)] in ([], [0])


def test_a_copy_gets_new_keys_where_the_editor_asks(client, form_page, superuser):
    steps = sample_steps()
    steps[0]["value"]["fields"][1]["value"]["key"] = ""  # this one's key comes from its block id
    steps[0]["value"]["fields"][1]["id"] = "0b5c3a52-8f0e-4a8e-9a4c-6f2f0c1d2e3f"
    form_page.steps = json.dumps(steps)
    form_page.save_revision().publish()
    form_page = MultiStepFormPage.objects.get(pk=form_page.pk)
    client.force_login(superuser)
    page = client.get(f"/admin/pages/{form_page.pk}/copy/").content.decode()
    assert "为复制的问题生成新的标识" in page
    copied = copy(client, form_page, new_keys="on")
    before, after = form_page.question_keys(), copied.question_keys()
    assert before[0].startswith("f_") and after[0].startswith("f_") and after[0] != before[0]
    assert after[1:] == before[1:]  # keys written in by hand stay
    assert copied.live and MultiStepFormPage.objects.get(pk=copied.pk).question_keys() == after
    assert copied.versions.get().definition.keys() == after


def test_the_copy_page_of_another_page_type_has_no_keys_choice(client, site_content, superuser):
    client.force_login(superuser)
    assert "为复制的问题生成新的标识" not in client.get(f"/admin/pages/{site_content.pk}/copy/").content.decode()
