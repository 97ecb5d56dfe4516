"""The applicant follows their application on "我的申请" and its submitted page, in public words.

They read the reviewers' requests for changes and a refusal's reason; approvals' comments and
provincial opinions stay with staff; nobody else sees any of it.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning_city.forms import entries
from learning_city.forms.models import FormEntry
from learning_city.regions.models import City
from tests.applications.conftest import act, application_of, reviewer_of, send_summary, submitted_entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MINE = "/accounts/applications/"
CHANGES = "请补充近三年学习型城市建设经费投入的说明。"
OPINION = "经核实，同意推荐。内部意见：经费材料偏弱"
INTERNAL_NOTE = "内部备注：材料齐全，建议直接确认"
REASON = "申报材料与实际情况不符，本年度不予推荐。"


@pytest.fixture
def applicant(db):
    return UserFactory(username="suzhou-office", email="office@suzhou.example.cn")


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


def submitted_page(entry):
    return f"{entry.page.url}submitted/{entry.reference}/"


def text_of(response):
    """The page's text without tags, so labels split over elements still read as one."""
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def current_step(response):
    """The label of the step marked as the current one (aria-current) in the step indicator."""
    html = response.content.decode()
    found = re.search(r'aria-current="step">.*?progress-steps__label">([^<]+)<', html, flags=re.S)
    return found.group(1) if found else None


def resubmit(page, entry, monkeypatch):
    """The applicant sends the returned entry back through the journey service's submit."""
    monkeypatch.setattr(entries, "first_incomplete_step", lambda page, entry: None)
    result = entries.submit(page, FormEntry.objects.get(pk=entry.pk))
    assert result.accepted and result.resubmitted
    return result.entry


def submit_summary(application, user):
    return send_summary(application, user)


def test_the_applicant_sees_each_status_as_the_application_moves(
    application_page, applicant, signed_in, jiangsu_reviewer, ministry_reviewer, monkeypatch
):
    entry = submitted_entry(application_page, applicant)
    application = application_of(entry)

    for url in (MINE, submitted_page(entry)):
        response = signed_in.get(url)
        page = text_of(response)
        assert "省级审核中" in page and entry.reference in page and "江苏省 苏州市" in page
        assert "省级教育行政部门正在核实" in page
        assert current_step(response) == "省级审核"
        assert "修改并重新提交" not in page and "审核意见" not in page

    act(application, jiangsu_reviewer, "reject", comment=CHANGES)
    for url in (MINE, submitted_page(entry)):
        response = signed_in.get(url)
        page = text_of(response)
        assert "需要修改" in page and CHANGES in page and "省级审核要求修改" in page
        assert current_step(response) == "省级审核"
        assert f'href="{application_page.check_url()}">修改并重新提交' in response.content.decode()
    assert CHANGES in text_of(signed_in.get(application_page.check_url()))  # next to the answers to change

    resubmit(application_page, entry, monkeypatch)
    response = signed_in.get(MINE)
    page = text_of(response)
    assert "省级审核中" in page and "修改并重新提交" not in page
    assert CHANGES in page  # the request stays on record, dated
    assert current_step(response) == "省级审核"
    assert entry.reference in page and "重新提交" in page

    act(application, jiangsu_reviewer, "approve", opinion=OPINION, confirmed_route="application")
    response = signed_in.get(MINE)
    assert "已获省级推荐" in text_of(response) and current_step(response) == "省级推荐"

    submit_summary(application, jiangsu_reviewer)
    act(application, ministry_reviewer, "visit", visited_on=datetime.date(2025, 3, 1), visitors="专家组", findings="好")
    response = signed_in.get(MINE)
    assert "教育部审核中" in text_of(response) and current_step(response) == "教育部审核"

    act(application, ministry_reviewer, "approve", comment=INTERNAL_NOTE)
    act(application, ministry_reviewer, "approve")
    for url in (MINE, submitted_page(entry)):
        response = signed_in.get(url)
        page = text_of(response)
        assert "已加入全国学习型城市网络" in page and current_step(response) is None
        # approvals' comments, the provincial opinion and the field visit are staff-only
        for staff_only in (INTERNAL_NOTE, OPINION, "内部意见", "专家组"):
            assert staff_only not in page


def test_a_refusal_shows_its_reason(application_page, applicant, signed_in, jiangsu_reviewer):
    entry = submitted_entry(application_page, applicant)
    act(application_of(entry), jiangsu_reviewer, "decline", reason=REASON)
    for url in (MINE, submitted_page(entry)):
        page = text_of(signed_in.get(url))
        assert "未获通过" in page and REASON in page and "未获通过的原因" in page
        assert "修改并重新提交" not in page
        # the refusal ends the path at the province: the ministry's steps are not shown
        assert "教育部审核" not in page


def test_a_ministry_request_for_changes_names_the_ministry(
    application_page, applicant, signed_in, jiangsu_reviewer, ministry_reviewer
):
    entry = submitted_entry(application_page, applicant)
    application = application_of(entry)
    act(application, jiangsu_reviewer, "approve", opinion=OPINION, confirmed_route="application")
    submit_summary(application, jiangsu_reviewer)
    act(application, ministry_reviewer, "reject", comment=CHANGES)
    response = signed_in.get(MINE)
    page = text_of(response)
    assert "教育部审核要求修改" in page and CHANGES in page and current_step(response) == "教育部审核"
    assert OPINION not in page


def test_another_applicant_sees_nothing_of_it(application_page, applicant, client, jiangsu_reviewer):
    entry = submitted_entry(application_page, applicant)
    act(application_of(entry), jiangsu_reviewer, "reject", comment=CHANGES)
    client.force_login(UserFactory(username="hangzhou-office"))
    page = text_of(client.get(MINE))
    assert entry.reference not in page and CHANGES not in page and "苏州" not in page
    assert client.get(submitted_page(entry)).status_code == 404


def test_the_page_costs_the_same_queries_for_one_application_and_for_six(
    application_page, applicant, signed_in, jiangsu_reviewer
):
    first = submitted_entry(application_page, applicant)
    act(application_of(first), jiangsu_reviewer, "reject", comment=CHANGES)
    signed_in.get(MINE)  # warm the caches (site root paths, content types)
    with CaptureQueriesContext(connection) as one:
        assert first.reference in signed_in.get(MINE).content.decode()

    cities = City.objects.exclude(code=first.answers["city"]["code"]).order_by("code")[:5]
    for number, city in enumerate(cities):
        entry = submitted_entry(application_page, applicant, city_code=city.code)
        if number == 0:
            province_reviewer = reviewer_of(city.province.code, "reviewer-of-the-first-province")
            act(application_of(entry), province_reviewer, "decline", reason=REASON)
        elif number == 1:
            reviewer = reviewer_of(city.province.code, "reviewer-of-the-second-province")
            act(application_of(entry), reviewer, "approve", opinion=OPINION, confirmed_route="application")
    signed_in.get(MINE)  # warm again: the admission purged the page cache's fragments (header, footer)
    with CaptureQueriesContext(connection) as six:
        page = text_of(signed_in.get(MINE))
    assert len(re.findall(r"LC-\d{8}-\w{6}", page)) == 6 and REASON in page and CHANGES in page
    assert len(six) == len(one), [query["sql"] for query in six.captured_queries]
