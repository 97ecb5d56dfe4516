"""`load_content` puts /apply/ in place with its application round, and leaves a round the ministry edited alone."""

import datetime
import io

import pytest
from django.core.management import call_command

from learning_city.applications.loaders import load_application_form
from learning_city.applications.models import ApplicationRound
from learning_city.forms.models import MultiStepFormPage
from tests.factories import HomePageFactory

pytestmark = pytest.mark.django_db


def load():
    call_command("load_content", stdout=io.StringIO())


def test_the_application_form_comes_with_the_2024_round():
    load()
    application_round = ApplicationRound.objects.get()
    assert application_round.form_page == MultiStepFormPage.objects.get(slug="apply")
    assert (application_round.year, application_round.name, application_round.provincial_deadline) == (
        2024,
        "2024年全国学习型城市网络成员城市申报",
        datetime.date(2024, 12, 10),
    )


def test_a_site_whose_form_has_no_round_gets_one_once():
    home = HomePageFactory()
    load_application_form(home)
    ApplicationRound.objects.all().delete()  # a site built before rounds existed
    assert load_application_form(home) == 0  # the page is left as it is
    load_application_form(home)
    assert ApplicationRound.objects.get().provincial_deadline == datetime.date(2024, 12, 10)


def test_a_round_the_ministry_changed_is_never_overwritten():
    home = HomePageFactory()
    load_application_form(home)
    ApplicationRound.objects.update(name="2024年申报（延期）", provincial_deadline=datetime.date(2024, 12, 20))
    load_application_form(home)
    assert load_application_form(home, overwrite=True) == 1
    application_round = ApplicationRound.objects.get()
    assert (application_round.name, application_round.provincial_deadline) == (
        "2024年申报（延期）",
        datetime.date(2024, 12, 20),
    )
