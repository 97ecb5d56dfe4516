"""The "表单提交" listing and its exports hold submissions, including those returned for changes;
drafts are their applicants' own until submitted."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from learning_city.forms.models import FormEntry
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(db):
    return MultiStepFormPageFactory(parent=HomePageFactory())


def entry(page, username, status, reference=""):
    return FormEntry.objects.create(
        page=page,
        user=UserFactory(username=username, email=f"{username}@city.example.cn"),
        status=status,
        reference=reference,
        submitted_at=timezone.now() if reference else None,
        answers={"contact_name": username},
    )


@pytest.fixture
def three(page):
    return {
        "draft": entry(page, "still-drafting", FormEntry.Status.DRAFT),
        "submitted": entry(page, "submitted-one", FormEntry.Status.SUBMITTED, "LC-20261129-SUBMIT"),
        "returned": entry(page, "being-fixed", FormEntry.Status.RETURNED, "LC-20261129-RETURN"),
    }


@pytest.fixture
def reviewer(client, db):
    user = UserFactory(username="ministry-desk", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_formentry")
    )
    client.force_login(user)
    return user


def test_the_listing_shows_submitted_and_returned_entries_never_drafts(client, three, reviewer):
    listing = client.get("/admin/lc_forms/formentry/").content.decode()
    assert "LC-20261129-SUBMIT" in listing and "LC-20261129-RETURN" in listing
    assert "still-drafting" not in listing
    returned_only = client.get("/admin/lc_forms/formentry/", {"status": "returned"}).content.decode()
    assert set(re.findall(r"LC-20261129-[A-Z]+", returned_only)) == {"LC-20261129-RETURN"}
    assert client.get(f"/admin/lc_forms/formentry/inspect/{three['returned'].pk}/").status_code == 200
    assert client.get(f"/admin/lc_forms/formentry/inspect/{three['draft'].pk}/").status_code == 404


def test_the_export_keeps_a_returned_entry_while_it_is_being_fixed(client, page, three, reviewer):
    text = client.get(f"/admin/form-submissions/{page.pk}/export.csv").content.decode("utf-8").lstrip("\ufeff")
    references = [row[0] for row in list(csv.reader(io.StringIO(text)))[1:]]
    assert sorted(references) == ["LC-20261129-RETURN", "LC-20261129-SUBMIT"]


def test_the_listing_stays_with_holders_of_the_permission(client, three):
    client.force_login(UserFactory(username="editor-without", is_staff=True))
    assert client.get("/admin/lc_forms/formentry/").status_code in (302, 403)
