"""A city application from the real /apply/ form to network membership, over HTTP, as people do it.

The applicant fills the shipped form (``load_content`` builds /apply/), the province's reviewer
works from the review desk and Wagtail's workflow action URL, the province sends its summary,
the ministry passes and confirms. Mail is sent by the (eager) Celery tasks after each commit.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from learning_city.applications import sample_answers
from learning_city.applications.models import CityApplication, ProvinceReviewer
from learning_city.applications.models.application import PublicStatus
from learning_city.forms.models import FormEntry, MultiStepFormPage
from learning_city.regions.models import City, NetworkMembership, Province
from tests.factories import UserFactory
from tests.forms.apply_helpers import fill_all_parts

pytestmark = pytest.mark.django_db

SNIPPETS = "/admin/snippets/applications/cityapplication"
APPLY = sample_answers.APPLY
GNLC = "已加入联合国教科文组织全球学习型城市网络"
# What the site's own mails to an applicant are about (forms' receipt, then the review's).
OWN_SUBJECTS = re.compile(
    r"^(【.+】已收到您(重新提交的内容|的提交)|您的入网申请(需要修改|已获省级推荐|已获批准|未获通过|.*审核.*))"
)


@pytest.fixture
def apply_page(site_content):
    return MultiStepFormPage.objects.get(slug="apply")


def province_reviewer(code, username):
    user = UserFactory(username=username, email=f"{username}@jyt.example.cn")
    user.groups.add(Group.objects.get(name="省级审核员"))
    ProvinceReviewer.objects.create(user=user, province=Province.objects.get(code=code))
    return user


@pytest.fixture
def jiangsu(apply_page):
    return province_reviewer("320000", "jiangsu")


@pytest.fixture
def ministry(apply_page):
    user = UserFactory(username="moe", email="moe@moe.example.cn")
    user.groups.add(Group.objects.get(name="教育部审核员"))
    return user


@pytest.fixture
def applicant(apply_page):
    return UserFactory(username="office@city.example.cn", email="office@city.example.cn")


class Person:
    """One person's browser: their own client, signed in, with mail sent after each commit."""

    def __init__(self, user, capture):
        self.user, self.capture = user, capture
        self.client = Client()
        self.client.force_login(user)

    def get(self, url, **params):
        response = self.client.get(url, params)
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))
        return response.content.decode()

    def post(self, url, data, expect=(302,)):
        with self.capture(execute=True):
            response = self.client.post(url, data)
        assert response.status_code in expect, (url, response.status_code, response.content.decode()[-2000:])
        return response

    def act(self, application, action, **data):
        """A workflow action through Wagtail's URL, with the application's current task state."""
        state = current_state(application)
        return self.post(f"{SNIPPETS}/workflow/action/{application.pk}/{action}/{state.pk}/", data)


def current_state(application):
    application.refresh_from_db()
    return application.current_workflow_task_state


@pytest.fixture
def person(django_capture_on_commit_callbacks):
    return lambda user: Person(user, django_capture_on_commit_callbacks)


def fill_in(applicant, city_code=sample_answers.SUZHOU, join_route=APPLY):
    """Parts one to five of attachment 1, as the city's office fills them in (the shared sample answers)."""
    answers = sample_answers.answers(city=city_code)
    answers[1]["join_route"] = join_route
    fill_all_parts(applicant.client, applicant.user, answers, post=applicant.post)


def apply(applicant, page, **answers):
    fill_in(applicant, **answers)
    applicant.post("/apply/check/", {})
    entry = FormEntry.objects.get(user=applicant.user, page=page)
    assert entry.status == FormEntry.Status.SUBMITTED
    return CityApplication.objects.get(entry=entry)


def mails_to(user):
    return [message for message in mail.outbox if user.email in message.to]


def subjects_to(user):
    return [message.subject for message in mails_to(user)]


def assert_only_the_sites_own_mails(user):
    """Nothing of Wagtail's own workflow mails: no English, no admin links, only our subjects."""
    for message in mails_to(user):
        assert OWN_SUBJECTS.match(message.subject), message.subject
        assert "/admin/" not in message.body, message.subject


def send_summary(reviewer, application):
    summary = application.recommendation_items.get().recommendation
    url = f"/admin/review-desk/summaries/{summary.pk}/"
    assert application.reference in reviewer.get(url)
    reviewer.post(url, {"submit": "1", "department": "江苏省教育厅", "filled_in_by": "李四", "contact": "025-83335000"})
    summary.refresh_from_db()
    assert summary.is_submitted
    return summary


def test_from_apply_to_membership_with_changes_requested_after_the_page_closed(
    person, apply_page, applicant, jiangsu, ministry
):
    city_office, province, moe = person(applicant), person(jiangsu), person(ministry)
    zhejiang = person(province_reviewer("330000", "zhejiang"))

    # 1. The city applies on /apply/.
    application = apply(city_office, apply_page)
    entry_pk, reference = application.entry_id, application.reference
    assert (application.city.name, application.province.code) == ("苏州市", "320000")
    assert subjects_to(applicant) == [f"【{apply_page.title}】已收到您的提交（受理编号 {reference}）"]
    assert subjects_to(jiangsu) == [f"江苏省苏州市的入网申请待您审核（{reference}）"]
    assert subjects_to(zhejiang.user) == [] and subjects_to(ministry) == []
    assert reference in city_office.get("/accounts/applications/")

    # 2. Jiangsu opens its desk; Zhejiang's desk does not know the application.
    assert reference in province.get("/admin/review-desk/")
    assert reference in province.get(f"/admin/review-desk/{application.pk}/")
    assert reference not in zhejiang.get("/admin/review-desk/")

    # 3. Jiangsu requests changes through the workflow action URL.
    province.act(application, "reject", comment="请补充2023年度人口数据来源。")
    assert application.public_status() == PublicStatus.CHANGES_REQUESTED
    changes_mail = mails_to(applicant)[-1]
    assert changes_mail.subject == f"您的入网申请需要修改（{reference}）"
    assert "请补充2023年度人口数据来源。" in changes_mail.body
    assert FormEntry.objects.get(pk=entry_pk).status == FormEntry.Status.RETURNED

    # 4. The form closes; the city edits the same entry and sends it again.
    MultiStepFormPage.objects.filter(pk=apply_page.pk).update(closes_at=timezone.now() - datetime.timedelta(days=1))
    prefix = f"form_{apply_page.pk}-current_step"
    city_office.post(
        "/apply/step/3/", {prefix: "3", "action": "next", **sample_answers.answers()[3], "profile": "苏州" * 250}
    )
    city_office.post("/apply/check/", {})
    entry = FormEntry.objects.get(pk=entry_pk)
    assert (entry.status, entry.reference) == (FormEntry.Status.SUBMITTED, reference)
    assert FormEntry.objects.filter(user=applicant, page=apply_page).count() == 1
    assert subjects_to(applicant)[-1] == f"【{apply_page.title}】已收到您重新提交的内容（受理编号 {reference}）"

    # The workflow resumed at the step that asked: same workflow state, a new provincial task state.
    application.refresh_from_db()
    assert application.reference == reference and application.answers["profile"] == "苏州" * 250
    workflow_state = application.current_workflow_state
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert WorkflowState.objects.filter(object_id=str(application.pk)).count() == 1
    states = list(workflow_state.task_states.order_by("pk").values_list("task__name", "status"))
    assert states == [("省级核实推荐", TaskState.STATUS_REJECTED), ("省级核实推荐", TaskState.STATUS_IN_PROGRESS)]
    assert application.revisions.count() == 2
    assert application.public_status() == PublicStatus.PROVINCIAL_REVIEW
    assert subjects_to(jiangsu)[-1] == f"江苏省苏州市的入网申请待您审核（{reference}）"

    # 5. Jiangsu recommends with its opinion and sends its summary.
    province.act(application, "approve", opinion="经核实，材料真实，同意推荐。", confirmed_route="application")
    assert application.provincial_opinions.get().opinion == "经核实，材料真实，同意推荐。"
    assert subjects_to(applicant)[-1] == f"您的入网申请已获省级推荐（{reference}）"
    assert application.public_status() == PublicStatus.RECOMMENDED
    send_summary(province, application)
    assert application.public_status() == PublicStatus.MINISTRY_REVIEW
    assert subjects_to(applicant)[-1] == f"您的入网申请已报送教育部审核（{reference}）"
    assert any(reference in subject for subject in subjects_to(ministry))

    # 6. The ministry passes it and confirms membership.
    assert reference in moe.get("/admin/review-desk/")
    moe.act(application, "approve", comment="材料齐全。")
    moe.act(application, "approve")
    application.refresh_from_db()
    assert application.live is True and application.public_status() == PublicStatus.ADMITTED
    assert subjects_to(applicant)[-1] == f"您的入网申请已获批准（{reference}）"

    # 7. Suzhou is a member: on /network/ and in the API.
    membership = NetworkMembership.objects.get(city__code="320500")
    assert (membership.is_demo, membership.route, membership.application_reference) == (
        False,
        "application",
        reference,
    )
    assert "苏州市" in person(UserFactory()).get("/network/", province="320000")
    members = person(UserFactory()).client.get("/api/network/members/", {"province": "320000"}).json()
    assert {"city": "苏州市", "route": "application", "demo": False} in [
        {key: item[key] for key in ("city", "route", "demo")} for item in members["items"]
    ]

    # The applicant heard of every step from the site, never from Wagtail; staff comments stayed inside.
    assert_only_the_sites_own_mails(applicant)
    assert not any("材料齐全" in message.body for message in mails_to(applicant))
    page = city_office.get("/accounts/applications/")
    assert reference in page and "材料齐全" not in page


def test_a_refusal_by_the_province(person, apply_page, applicant, jiangsu):
    city_office, province = person(applicant), person(jiangsu)
    application = apply(city_office, apply_page)
    province.act(application, "decline", reason="佐证材料不足，本年度不予推荐。")

    application.refresh_from_db()
    assert application.decision.admitted is False and application.decision.reason == "佐证材料不足，本年度不予推荐。"
    assert application.is_open is False and application.live is False
    assert application.public_status() == PublicStatus.NOT_ADMITTED
    refusal = mails_to(applicant)[-1]
    assert refusal.subject == f"您的入网申请未获通过（{application.reference}）"
    assert "佐证材料不足，本年度不予推荐。" in refusal.body
    assert not NetworkMembership.objects.filter(city=application.city, is_demo=False).exists()
    assert_only_the_sites_own_mails(applicant)


def test_a_direct_join_skips_the_ministry_review(person, apply_page, applicant, jiangsu, ministry):
    """Wuxi, already in UNESCO's network, files the form; the province confirms the route."""
    city_office, province, moe = person(applicant), person(jiangsu), person(ministry)
    application = apply(city_office, apply_page, city_code="320200", join_route=GNLC)
    assert application.claimed_route == "gnlc"

    province.act(application, "approve", opinion="该市2019年加入全球学习型城市网络，属实。", confirmed_route="gnlc")
    workflow_state = application.current_workflow_state
    skipped = workflow_state.task_states.get(task__name="教育部审核")
    assert skipped.status == TaskState.STATUS_SKIPPED
    assert current_state(application).task.specific.review_stage == "confirmation"

    send_summary(province, application)
    moe.act(application, "approve")
    membership = NetworkMembership.objects.get(city__code="320200", is_demo=False)
    assert membership.route == "gnlc" and membership.application_reference == application.reference
    assert_only_the_sites_own_mails(applicant)


def test_final_approval_replaces_a_demonstration_member(person, apply_page, applicant, jiangsu, ministry):
    """Nanjing is one of ``load_content``'s demonstration members (a provincial capital)."""
    assert NetworkMembership.objects.get(city__code="320100").is_demo
    city_office, province, moe = person(applicant), person(jiangsu), person(ministry)
    application = apply(city_office, apply_page, city_code="320100")
    province.act(application, "approve", opinion="同意推荐。", confirmed_route="application")
    send_summary(province, application)
    moe.act(application, "approve")
    moe.act(application, "approve")

    (membership,) = NetworkMembership.objects.filter(city__code="320100")
    assert membership.is_demo is False and membership.application_reference == application.reference


def test_final_approval_is_refused_for_a_real_member(person, apply_page, applicant, jiangsu, ministry):
    city_office, province, moe = person(applicant), person(jiangsu), person(ministry)
    application = apply(city_office, apply_page, city_code="320200")
    province.act(application, "approve", opinion="同意推荐。", confirmed_route="application")
    send_summary(province, application)
    moe.act(application, "approve")
    # meanwhile Wuxi became a member by another route
    NetworkMembership.objects.filter(city__code="320200").delete()
    NetworkMembership.objects.create(city=City.objects.get(code="320200"), route="alliance", joined_on="2020-01-01")

    edit = moe.get(f"{SNIPPETS}/edit/{application.pk}/")
    assert f"/workflow/action/{application.pk}/approve/" not in edit
    state = current_state(application)
    moe.post(f"{SNIPPETS}/workflow/action/{application.pk}/approve/{state.pk}/", {}, expect=(302, 403))
    application.refresh_from_db()
    assert TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_IN_PROGRESS
    assert application.live is False and application.decision_or_none() is None
    (membership,) = NetworkMembership.objects.filter(city__code="320200")
    assert membership.route == "alliance" and membership.application_reference == ""
