import json

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from learning_city.applications.models import CityApplication, ProvinceReviewer
from learning_city.forms import purposes
from learning_city.forms.models import FormEntry, new_reference
from learning_city.regions.models import City, Province
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory, question, sample_steps

JIANGSU, ZHEJIANG = "320000", "330000"
SUZHOU, HANGZHOU = "320500", "330100"


def application_steps():
    """The sample form plus the evidence questions the city application purpose requires."""
    evidence = {
        "type": "step",
        "value": {
            "title": "佐证材料",
            "intro": "",
            "fields": [
                question(
                    "single_choice",
                    "join_route",
                    "加入方式",
                    required=False,
                    choices=[
                        "申请加入全国学习型城市网络",
                        "已加入联合国教科文组织全球学习型城市网络",
                        "原全国学习型城市建设联盟成员",
                    ],
                ),
                question("documents", "evidence_documents", "文本材料（PDF）", required=False, max_files=5),
                question("photos", "evidence_photos", "活动照片", required=False, max_files=5),
            ],
        },
    }
    return [*sample_steps(), evidence]


@pytest.fixture
def application_page(db):
    home = HomePageFactory()
    return MultiStepFormPageFactory(
        parent=home, slug="apply", purpose="city_network_application", steps=json.dumps(application_steps())
    )


def reviewer_of(province_code, username):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name="省级审核员"))
    ProvinceReviewer.objects.create(user=user, province=Province.objects.get(code=province_code))
    return user


@pytest.fixture
def jiangsu_reviewer(db):
    return reviewer_of(JIANGSU, "jiangsu-reviewer")


@pytest.fixture
def zhejiang_reviewer(db):
    return reviewer_of(ZHEJIANG, "zhejiang-reviewer")


@pytest.fixture
def ministry_reviewer(db):
    user = UserFactory(username="ministry-reviewer")
    user.groups.add(Group.objects.get(name="教育部审核员"))
    return user


def submitted_entry(page, user, city_code=SUZHOU, **answers):
    """An entry as the form engine leaves it when submitted, handed to the page's purpose."""
    city = City.objects.select_related("province").get(code=city_code)
    chosen = {"code": city.code, "name": city.name, "province_code": city.province.code, "province": city.province.name}
    entry = FormEntry.objects.create(
        page=page,
        user=user,
        answers={"city": chosen, "contact_name": "张三", **answers},
        status=FormEntry.Status.SUBMITTED,
        reference=new_reference(),
        submitted_at=timezone.now(),
    )
    with transaction.atomic():
        purposes.get(page.purpose).on_submit(entry)
    return entry


def send_summary(application, user):
    """The province sends its summary for the application's round, with every row recommended so far."""
    from learning_city.applications.models import ProvincialRecommendation, RecommendationItem

    summary = ProvincialRecommendation.objects.get(province=application.province, round=application.round)
    now = timezone.now()
    RecommendationItem.objects.filter(recommendation=summary, sent_at__isnull=True).update(sent_at=now)
    summary.submitted_at, summary.submitted_by = now, user
    summary.save(update_fields=["submitted_at", "submitted_by"])
    return summary


def application_of(entry):
    return CityApplication.objects.get(entry=entry)


def task_state_of(application):
    application.refresh_from_db()
    return application.current_workflow_task_state.specific


def act(application, user, action, **data):
    state = task_state_of(application)
    return state.task.specific.on_action(state, user, action, **data)
