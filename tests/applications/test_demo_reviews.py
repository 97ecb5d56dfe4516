"""`make run`'s demo reviews: accounts for every role and applications in four states, through the real paths."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import Revision, TaskState

from learning_city.applications.models import (
    ApplicationRound,
    CityApplication,
    FieldVisit,
    ProvinceReviewer,
    ProvincialRecommendation,
)
from learning_city.applications.models.application import PublicStatus
from learning_city.forms.models import EntryFile, FormEntry, MultiStepFormPage
from learning_city.regions.models import NetworkMembership

pytestmark = pytest.mark.django_db
User = get_user_model()
APPLICANTS = {
    "苏州市": "demo-applicant-suzhou",
    "杭州市": "demo-applicant-hangzhou",
    "无锡市": "demo-applicant-wuxi",
    "宁波市": "demo-applicant-ningbo",
}


def load_demo():
    out = io.StringIO()
    call_command("load_demo_reviews", stdout=out, stderr=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            ProvinceReviewer,
            FormEntry,
            EntryFile,
            CityApplication,
            Revision,
            TaskState,
            ProvincialRecommendation,
            FieldVisit,
            NetworkMembership,
        )
    }


def listed(output):
    """The printed lists, without the closing line that counts what this run created."""
    return [line for line in output.splitlines() if not line.startswith("Created ")]


def test_refuses_to_run_without_debug(tmp_path):
    with override_settings(DEBUG=False, DATA_DIR=tmp_path), pytest.raises(CommandError, match="DEBUG"):
        load_demo()
    assert not User.objects.filter(username__startswith="demo-").exists()
    assert not (tmp_path / "dev-demo-password.txt").exists()


def test_accounts_for_every_role_and_applications_in_four_states_once(site_content, tmp_path):
    with override_settings(DEBUG=True, DATA_DIR=tmp_path):
        first = load_demo()
        password = (tmp_path / "dev-demo-password.txt").read_text(encoding="utf-8").strip()
        assert f"password for all: {password}" in first
        assert "Created 9 account(s) and 4 application(s)" in first

        # the accounts, each with its role and the one dev password
        def groups(username):
            return sorted(User.objects.get(username=username).groups.values_list("name", flat=True))

        assert groups("demo-reviewer-jiangsu") == groups("demo-reviewer-zhejiang") == ["省级审核员"]
        assert groups("demo-ministry") == ["教育部审核员"]
        assert groups("demo-editor") == ["编辑"]
        assert groups("demo-moderator") == ["审核发布员"]
        assert groups("demo-applicant-suzhou") == []
        assert sorted(ProvinceReviewer.objects.values_list("user__username", "province__name")) == [
            ("demo-reviewer-jiangsu", "江苏省"),
            ("demo-reviewer-zhejiang", "浙江省"),
        ]
        demo_users = User.objects.filter(username__startswith="demo-")
        assert demo_users.count() == 9
        assert all(user.check_password(password) and user.email.endswith("@example.cn") for user in demo_users)
        assert not demo_users.filter(is_superuser=True).exists()

        # the applications, made on the shipped form and moved by the demo reviewers
        page = MultiStepFormPage.objects.get(slug="apply")
        statuses = {
            application.city.name: application.public_status()
            for application in CityApplication.objects.select_related("city")
        }
        assert statuses == {
            "苏州市": PublicStatus.PROVINCIAL_REVIEW,
            "杭州市": PublicStatus.CHANGES_REQUESTED,
            "无锡市": PublicStatus.MINISTRY_REVIEW,
            "宁波市": PublicStatus.ADMITTED,
        }
        for application in CityApplication.objects.select_related("city", "applicant"):
            assert application.round == ApplicationRound.objects.get(form_page=page)
            assert application.applicant.username == APPLICANTS[application.city.name]
            kinds = sorted(application.entry.files.values_list("field_key", "content_type"))
            assert kinds == [("evidence_documents", "application/pdf"), ("evidence_photos", "image/jpeg")]
            photo = application.entry.files.get(field_key="evidence_photos")
            assert photo.width >= 1600 and photo.height >= 1000 and photo.caption and photo.copyright
        hangzhou = CityApplication.objects.get(city__name="杭州市")
        assert hangzhou.entry.status == FormEntry.Status.RETURNED
        assert "财政" in hangzhou.latest_workflow_state().task_states.get(status="rejected").comment
        wuxi = CityApplication.objects.get(city__name="无锡市")
        assert (
            wuxi.is_recommended_to_ministry() and wuxi.latest_opinion().written_by.username == "demo-reviewer-jiangsu"
        )
        ningbo = CityApplication.objects.get(city__name="宁波市")
        assert ningbo.live and ningbo.decision.admitted and ningbo.decision.decided_by.username == "demo-ministry"
        membership = NetworkMembership.objects.get(city=ningbo.city)
        assert (membership.is_demo, membership.application_reference) == (False, ningbo.reference)
        assert ProvincialRecommendation.objects.filter(submitted_at__isnull=False).count() == 2
        for application in CityApplication.objects.all():
            assert application.reference in first

        # a second run creates nothing and prints the same lists
        before = counts()
        second = load_demo()
        assert counts() == before
        assert "Created 0 account(s) and 0 application(s)" in second
        assert listed(second) == listed(first)

        # a lost password file: a new password, which every demo account then takes
        (tmp_path / "dev-demo-password.txt").unlink()
        third = load_demo()
        new_password = (tmp_path / "dev-demo-password.txt").read_text(encoding="utf-8").strip()
        assert new_password != password and f"password for all: {new_password}" in third
        assert all(user.check_password(new_password) for user in User.objects.filter(username__startswith="demo-"))
        assert counts() == before


def test_make_run_loads_the_demo_and_a_release_never_does():
    base = Path(settings.BASE_DIR)
    run_recipe = (base / "Makefile").read_text().split("\nrun:")[1].split("\n\n")[0]
    commands = [line.split("manage.py ")[1] for line in run_recipe.splitlines() if "manage.py" in line]
    assert commands == ["ensure_dev_admin", "load_demo_reviews", "runserver 127.0.0.1:$(PORT)"]
    assert "SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py load_demo_reviews" in run_recipe
    assert "load_demo_reviews" not in (base / "site" / "Procfile").read_text()
