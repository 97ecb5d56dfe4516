from django.core import mail

from learning_city.forms.models import FormEntry
from tests.forms.conftest import STEP_ONE, STEP_TWO, post_step


def test_sign_in_is_required_before_the_first_step(client, form_page):
    response = client.get(f"{form_page.url}step/1/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "登录后填写" in client.get(form_page.url).content.decode()


def test_steps_are_saved_on_the_server_and_survive_a_new_session(client, signed_in, applicant, form_page):
    response = post_step(signed_in, form_page, 1, STEP_ONE)
    assert response.status_code == 302 and response["Location"].endswith("/step/2/")
    entry = FormEntry.objects.get(user=applicant)
    assert entry.answers["contact_mobile"] == "13800138000"
    assert entry.answers["city"]["name"] == "苏州市" and entry.answers["city"]["province"] == "江苏省"

    client.logout()
    client.force_login(applicant)  # another browser, another session
    html = client.get(f"{form_page.url}step/1/").content.decode()
    assert 'value="张三"' in html
    landing = client.get(form_page.url).content.decode()
    assert "已完成" in landing and "未开始" in landing and "上次保存" in landing


def test_save_and_come_back_keeps_invalid_input_too(signed_in, applicant, form_page):
    data = {**STEP_ONE, "contact_mobile": "1234"}
    response = post_step(signed_in, form_page, 1, data, action="save")
    assert response.status_code == 302 and response["Location"] == form_page.url
    entry = FormEntry.objects.get(user=applicant)
    assert entry.wizard_data["step_data"]["1"]["contact_mobile"] == ["1234"]
    assert "1" not in entry.completed_steps
    assert "填写中" in signed_in.get(form_page.url).content.decode()


def test_errors_are_in_chinese_next_to_the_field_and_summarised(signed_in, form_page):
    data = {**STEP_ONE, "contact_mobile": "12345", "contact_email": "not-an-email", "contact_name": "名" * 21}
    response = post_step(signed_in, form_page, 1, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "请修改以下 3 处问题" in html
    assert 'href="#id_contact_mobile"' in html
    assert "11 位" in html or "11位" in html
    assert "最多 20 个字，当前 21 个字" in html


def test_going_back_saves_the_current_step_first(signed_in, applicant, form_page):
    post_step(signed_in, form_page, 1, STEP_ONE)
    response = signed_in.post(
        f"{form_page.url}step/2/",
        {f"form_{form_page.pk}-current_step": "2", "wizard_goto_step": "1", "population": "12.5"},
    )
    assert response["Location"].endswith("/step/1/")
    assert FormEntry.objects.get(user=applicant).wizard_data["step_data"]["2"]["population"] == ["12.5"]


def test_check_answers_then_one_submission_however_often_it_is_posted(
    signed_in, applicant, form_page, django_capture_on_commit_callbacks
):
    post_step(signed_in, form_page, 1, STEP_ONE)
    post_step(signed_in, form_page, 2, STEP_TWO)
    check = signed_in.get(f"{form_page.url}check/").content.decode()
    assert "1295.80 万人" in check
    assert "1. 时间：2024年5月20日；名称：学习型城市建设推进会" in check
    assert '更改<span class="visually-hidden">“手机号”</span>' in check

    with django_capture_on_commit_callbacks(execute=True):
        first = signed_in.post(f"{form_page.url}check/")
    second = signed_in.post(f"{form_page.url}check/")
    assert first["Location"] == second["Location"]
    entry = FormEntry.objects.get(user=applicant)
    assert entry.status == "submitted" and entry.reference.startswith("LC-")
    assert FormEntry.objects.filter(user=applicant).count() == 1
    assert len(mail.outbox) == 1 and entry.reference in mail.outbox[0].subject

    done = signed_in.get(first["Location"]).content.decode()
    assert entry.reference in done


def test_a_skipped_step_cannot_be_submitted(signed_in, applicant, form_page):
    post_step(signed_in, form_page, 2, STEP_TWO)
    response = signed_in.post(f"{form_page.url}check/")
    assert response["Location"].endswith("/step/1/")
    assert FormEntry.objects.get(user=applicant).status == "draft"


def test_a_tampered_step_number_is_refused_without_losing_anything(signed_in, applicant, form_page):
    post_step(signed_in, form_page, 1, STEP_ONE)
    response = signed_in.post(f"{form_page.url}step/1/", {f"form_{form_page.pk}-current_step": "9", **STEP_ONE})
    assert response.status_code == 302
    assert signed_in.get(f"{form_page.url}step/7/").status_code == 404
    assert FormEntry.objects.get(user=applicant).answers["contact_name"] == "张三"


def test_a_closed_form_refuses_posts_and_keeps_the_draft(signed_in, applicant, form_page):
    from datetime import timedelta

    from django.utils import timezone

    post_step(signed_in, form_page, 1, STEP_ONE)
    form_page.closes_at = timezone.now() - timedelta(minutes=1)
    form_page.save_revision().publish()
    response = post_step(signed_in, form_page, 2, STEP_TWO)
    assert response.status_code == 302
    assert "已于" in signed_in.get(form_page.url).content.decode()
    entry = FormEntry.objects.get(user=applicant)
    assert entry.status == "draft" and entry.answers["contact_name"] == "张三"


def test_one_applicant_never_sees_another_applicants_submission(client, signed_in, applicant, form_page):
    from tests.factories import UserFactory

    post_step(signed_in, form_page, 1, STEP_ONE)
    post_step(signed_in, form_page, 2, STEP_TWO)
    location = signed_in.post(f"{form_page.url}check/")["Location"]
    other = UserFactory(username="li")
    client.force_login(other)
    assert client.get(location).status_code == 404
    assert "张三" not in client.get(f"{form_page.url}step/1/").content.decode()


def test_two_form_pages_never_share_a_draft(signed_in, applicant, form_page):
    from tests.factories import MultiStepFormPageFactory

    other_page = MultiStepFormPageFactory(parent=form_page.get_parent(), slug="another-form")
    post_step(signed_in, form_page, 1, STEP_ONE)
    assert 'value="张三"' not in signed_in.get(f"{other_page.url}step/1/").content.decode()
    assert FormEntry.objects.filter(user=applicant).count() == 2


def test_an_expired_form_token_gets_a_chinese_explanation_and_loses_nothing(applicant, form_page):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant)
    post_step(browser, form_page, 1, STEP_ONE)  # no CSRF token: as after a session expiry
    response = post_step(browser, form_page, 1, STEP_ONE)
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    assert not FormEntry.objects.filter(user=applicant).exclude(answers={}).exists()


def test_my_applications_queries_do_not_grow_with_entries(client, applicant, form_page, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MultiStepFormPageFactory

    client.force_login(applicant)
    FormEntry.objects.create(page=form_page, user=applicant)
    with CaptureQueriesContext(connection) as few:
        client.get("/accounts/applications/")
    for n in range(8):
        other = MultiStepFormPageFactory(parent=form_page.get_parent(), slug=f"form-{n}")
        FormEntry.objects.create(page=other, user=applicant, status="submitted", reference=f"LC-20261129-{n:06d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/accounts/applications/").content.decode()
    assert html.count('class="result"') == 9


def test_a_printable_copy_for_the_stamp_only_for_its_owner(client, signed_in, applicant, form_page):
    from tests.factories import UserFactory

    post_step(signed_in, form_page, 1, STEP_ONE)
    post_step(signed_in, form_page, 2, STEP_TWO)
    location = signed_in.post(f"{form_page.url}check/")["Location"]
    assert f'href="{location}print/"' in signed_in.get(location).content.decode()
    printed = signed_in.get(f"{location}print/").content.decode()
    assert (
        "江苏省 苏州市" in printed and "公章" in printed and FormEntry.objects.get(user=applicant).reference in printed
    )
    client.force_login(UserFactory(username="someone-else"))
    assert client.get(f"{location}print/").status_code == 404
