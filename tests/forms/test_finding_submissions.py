"""Finding and exporting submissions in "表单提交" as an editor who is not a superuser: the group
permission "查看和导出表单提交" opens the submissions of the forms the editor may edit, filtered,
searched and exported from the listing itself."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission, Page

from learning_city.forms import exports
from learning_city.forms.models import FormEntry
from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory, editors_group

pytestmark = pytest.mark.django_db

LISTING = "/admin/lc_forms/formentry/"


def submission(page, name, city, reference, *, status=FormEntry.Status.SUBMITTED, days_ago=0):
    """An entry by ``name``, whose account is ``<reference's last part>@city.example.cn`` and who typed
    ``<same>@office.example.cn`` in the form."""
    when = timezone.now() - timedelta(days=days_ago)
    login = (reference.rsplit("-", 1)[-1] or f"draft{FormEntry.objects.count()}").lower()
    return FormEntry.objects.create(
        page=page,
        user=UserFactory(username=login, email=f"{login}@city.example.cn"),
        status=status,
        reference=reference,
        submitted_at=when if reference else None,
        answers={
            "contact_name": name,
            "contact_email": f"{login}@office.example.cn",
            "city": city,
        },
    )


SUZHOU = {"code": "320500", "name": "苏州市", "province_code": "320000", "province": "江苏省"}
HANGZHOU = {"code": "330100", "name": "杭州市", "province_code": "330000", "province": "浙江省"}


@pytest.fixture
def home(db):
    return HomePageFactory()


@pytest.fixture
def form(home):
    page = MultiStepFormPageFactory(parent=home, title="学习之星推荐表", slug="stars")
    submission(page, "张三", SUZHOU, "LC-20261129-ZHANG3")
    submission(page, "李四", HANGZHOU, "LC-20261129-LISI44", days_ago=3)
    submission(page, "王五", HANGZHOU, "LC-20261129-WANG55", status=FormEntry.Status.RETURNED)
    submission(page, "赵六", SUZHOU, "", status=FormEntry.Status.DRAFT)
    return page


@pytest.fixture
def other_form(home):
    page = MultiStepFormPageFactory(parent=home, title="品牌项目申报", slug="brands")
    submission(page, "钱七", SUZHOU, "LC-20261129-QIAN77")
    return page


def references(html):
    return set(re.findall(r"LC-20261129-[A-Z0-9]+", html))


def test_the_editors_group_holds_the_chinese_permission_and_no_english_view_box():
    permission = Permission.objects.get(codename="export_formentry")
    assert permission.name == "查看和导出表单提交"
    codenames = set(editors_group().permissions.values_list("codename", flat=True))
    assert "export_formentry" in codenames and "view_formentry" not in codenames


def test_the_group_editor_offers_the_permission_in_chinese(client, superuser):
    client.force_login(superuser)
    html = client.get(f"/admin/groups/edit/{editors_group().pk}/").content.decode()
    assert "查看和导出表单提交" in html


def test_an_editor_lists_submitted_entries_of_the_forms_they_edit(client, form, other_form, editor):
    response = client.get(LISTING)
    assert response.status_code == 200
    found = references(response.content.decode())
    assert found == {"LC-20261129-ZHANG3", "LC-20261129-LISI44", "LC-20261129-WANG55", "LC-20261129-QIAN77"}
    assert "赵六" not in response.content.decode()  # a draft is the applicant's own


def test_an_editor_sees_only_the_forms_they_may_edit(client, home, form, other_form):
    """A group with the permission and edit rights on one form page only sees that form's entries."""
    group = Group.objects.create(name="学习之星编辑")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="export_formentry")
    )
    GroupPagePermission.objects.create(
        group=group, page=form, permission=Permission.objects.get(codename="change_page")
    )
    user = UserFactory(username="stars-editor")
    user.groups.add(group)
    client.force_login(user)
    assert references(client.get(LISTING).content.decode()) == {
        "LC-20261129-ZHANG3",
        "LC-20261129-LISI44",
        "LC-20261129-WANG55",
    }
    qian = FormEntry.objects.get(reference="LC-20261129-QIAN77")
    assert client.get(f"{LISTING}inspect/{qian.pk}/").status_code == 404
    assert client.get(f"/admin/form-submissions/{other_form.pk}/export.csv").status_code == 404
    assert client.get(f"/admin/form-submissions/entry/{qian.pk}/attachments.zip").status_code == 404
    # the other form is not even offered in the filter
    assert "品牌项目申报" not in client.get(LISTING).content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("ZHANG3", {"LC-20261129-ZHANG3"}),  # reference
        ("苏州", {"LC-20261129-ZHANG3", "LC-20261129-QIAN77"}),  # city
        ("lisi44@office", {"LC-20261129-LISI44"}),  # the e-mail typed in the form
        ("qian77@city.example.cn", {"LC-20261129-QIAN77"}),  # the account's e-mail
        ("王五", {"LC-20261129-WANG55"}),  # the name typed in the form
        ("赵六", set()),  # a draft's applicant
        ("广州", set()),
    ],
)
def test_search_by_reference_city_email_and_name(client, form, other_form, editor, query, expected):
    assert references(client.get(LISTING, {"q": query}).content.decode()) == expected


def test_filters_by_form_and_status(client, form, other_form, editor):
    assert references(client.get(LISTING, {"page": other_form.pk}).content.decode()) == {"LC-20261129-QIAN77"}
    returned = client.get(LISTING, {"page": form.pk, "status": "returned"}).content.decode()
    assert references(returned) == {"LC-20261129-WANG55"}
    assert client.get(LISTING, {"status": "draft"}).status_code == 200  # not a choice: no filter applied


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def test_exports_the_chosen_form_with_the_current_filters_in_the_per_form_columns(client, form, other_form, editor):
    response = client.get(LISTING, {"page": form.pk, "q": "杭州", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = read_csv(response)
    header, _rows = exports.table(form, FormEntry.objects.none())
    assert rows[0] == header  # the per-form export's own columns
    assert sorted(row[0] for row in rows[1:]) == ["LC-20261129-LISI44", "LC-20261129-WANG55"]

    response = client.get(LISTING, {"page": form.pk, "status": "submitted", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == header
    assert sorted(row[0] for row in values[1:]) == ["LC-20261129-LISI44", "LC-20261129-ZHANG3"]


def test_export_without_a_chosen_form_asks_for_one(client, form, editor):
    response = client.get(LISTING, {"status": "submitted", "export": "csv"})
    assert response.status_code == 302
    assert "export" not in response["Location"] and "status=submitted" in response["Location"]
    assert "请先在筛选中选择一个表单" in client.get(response["Location"]).content.decode()


def test_the_results_carry_export_links_with_the_current_filters(client, form, editor):
    """The results are what the filters redraw, so the links there follow every filter and search."""
    html = client.get(LISTING, {"page": form.pk}).content.decode()
    assert f'href="{LISTING}?page={form.pk}&amp;export=csv"' in html
    assert f'href="{LISTING}?page={form.pk}&amp;export=xlsx"' in html
    redrawn = client.get(f"{LISTING}results/", {"page": form.pk, "status": "submitted", "p": "1"}).content.decode()
    assert f'href="{LISTING}?page={form.pk}&amp;status=submitted&amp;export=csv"' in redrawn
    assert "export=" not in client.get(f"{LISTING}results/").content.decode()  # no form chosen yet


def test_an_editor_reads_a_submission_and_downloads_its_files(client, form, editor):
    zhang = FormEntry.objects.get(reference="LC-20261129-ZHANG3")
    detail = client.get(f"{LISTING}inspect/{zhang.pk}/")
    assert detail.status_code == 200 and "张三" in detail.content.decode()
    assert client.get(f"/admin/form-submissions/entry/{zhang.pk}/attachments.zip").status_code == 200
    draft = FormEntry.objects.get(status=FormEntry.Status.DRAFT)
    assert client.get(f"{LISTING}inspect/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["staff without permissions", "permission without edit rights"])
def test_others_are_refused(client, form, who):
    user = UserFactory(username="outsider")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if who == "permission without edit rights":
        user.user_permissions.add(Permission.objects.get(codename="export_formentry"))
    client.force_login(user)
    zhang = FormEntry.objects.get(reference="LC-20261129-ZHANG3")
    if who == "staff without permissions":
        assert client.get(LISTING).status_code in (302, 403)
        assert client.get(f"{LISTING}inspect/{zhang.pk}/").status_code in (302, 403)
    else:  # the listing opens, empty: no form is theirs
        assert references(client.get(LISTING).content.decode()) == set()
        assert client.get(f"{LISTING}inspect/{zhang.pk}/").status_code == 404
    assert client.get(LISTING, {"page": form.pk, "export": "csv"}).status_code in (302, 403)
    assert client.get(f"/admin/form-submissions/{form.pk}/export.csv").status_code in (302, 403, 404)


def test_listing_queries_do_not_grow_with_rows(client, form, editor):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LISTING, {"page": form.pk}).status_code == 200
        return len(queries)

    before = count()
    for number in range(10):
        submission(form, f"Extra{number}", SUZHOU, f"LC-20261129-EXTRA{number}")
    assert count() == before


def test_an_editor_without_edit_rights_on_the_root_sees_nothing_outside_their_pages(client, form):
    """The editors group's rights are on the tree's root: taking them away takes the submissions away."""
    editors = editors_group()
    GroupPagePermission.objects.filter(group=editors, page=Page.get_first_root_node()).delete()
    user = UserFactory(username="editor-without-pages")
    user.groups.add(editors)
    client.force_login(user)
    response = client.get(LISTING)
    assert response.status_code == 200 and references(response.content.decode()) == set()
