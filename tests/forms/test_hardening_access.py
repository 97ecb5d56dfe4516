"""Reviewer access: a draft is its applicant's own until submitted, and only the view permission on
form entries opens the submissions (add, change or delete alone open nothing)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from learning_city.forms.models import EntryFile, FormEntry
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(db):
    return MultiStepFormPageFactory(parent=HomePageFactory())


def entry_with_file(page, username, status, reference=None):
    entry = FormEntry.objects.create(
        page=page,
        user=UserFactory(username=username),
        status=status,
        reference=reference,
        submitted_at=timezone.now() if reference else None,
        answers={"contact_name": username},
    )
    EntryFile.objects.create(
        entry=entry,
        field_key="evidence",
        file=SimpleUploadedFile(f"{username}.pdf", b"%PDF-1.4 x"),
        original_name=f"{username}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    return entry


@pytest.fixture
def draft(page):
    return entry_with_file(page, "still-drafting", FormEntry.Status.DRAFT)


@pytest.fixture
def submitted(page):
    return entry_with_file(page, "submitted-one", FormEntry.Status.SUBMITTED, "LC-20261129-SUBMIT")


@pytest.fixture
def returned(page):
    return entry_with_file(page, "being-fixed", FormEntry.Status.RETURNED, "LC-20261129-RETURN")


def staff_with(client, *codenames):
    user = UserFactory(username="staff-" + "-".join(codenames), is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    client.force_login(user)
    return user


def test_a_reviewer_cannot_download_a_drafts_files(client, draft, submitted, returned):
    staff_with(client, "view_formentry")
    assert client.get(f"/forms/files/{draft.files.get().pk}/").status_code == 403
    assert client.get(f"/forms/files/{submitted.files.get().pk}/").status_code == 200
    assert client.get(f"/forms/files/{returned.files.get().pk}/").status_code == 200


def test_the_applicant_still_downloads_their_drafts_files(client, draft):
    client.force_login(draft.user)
    assert client.get(f"/forms/files/{draft.files.get().pk}/").status_code == 200


def test_a_reviewer_gets_no_zip_of_a_draft(client, draft, submitted, returned):
    staff_with(client, "view_formentry")
    assert client.get(f"/admin/form-submissions/entry/{draft.pk}/attachments.zip").status_code == 404
    assert client.get(f"/admin/form-submissions/entry/{submitted.pk}/attachments.zip").status_code == 200
    assert client.get(f"/admin/form-submissions/entry/{returned.pk}/attachments.zip").status_code == 200


@pytest.mark.parametrize("codename", ["add_formentry", "change_formentry", "delete_formentry"])
def test_permissions_other_than_view_open_no_submissions(client, page, draft, submitted, codename):
    staff_with(client, codename)
    assert client.get("/admin/lc_forms/formentry/").status_code in (302, 403)
    assert client.get(f"/admin/lc_forms/formentry/inspect/{submitted.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/form-submissions/{page.pk}/export.csv").status_code in (302, 403)
    assert client.get(f"/admin/form-submissions/entry/{submitted.pk}/attachments.zip").status_code in (302, 403)
    assert client.get(f"/forms/files/{submitted.files.get().pk}/").status_code == 403
    assert client.get(f"/forms/files/{draft.files.get().pk}/").status_code == 403
    menu = client.get("/admin/").content.decode()
    assert "/admin/lc_forms/formentry/" not in menu


def test_the_view_permission_lists_submissions_and_never_drafts(client, page, draft, submitted, returned):
    staff_with(client, "view_formentry")
    listing = client.get("/admin/lc_forms/formentry/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "LC-20261129-SUBMIT" in html and "LC-20261129-RETURN" in html and "still-drafting" not in html
    assert client.get(f"/admin/lc_forms/formentry/inspect/{draft.pk}/").status_code == 404
    csv_text = client.get(f"/admin/form-submissions/{page.pk}/export.csv").content.decode("utf-8")
    assert "LC-20261129-SUBMIT" in csv_text and "still-drafting" not in csv_text
