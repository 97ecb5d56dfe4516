"""The admin an editor uses reads in Chinese: every page they open, as an editor and as a superuser, has no
English word in its visible text, its tooltips and labels, nor in the labels of its menus and blocks.

Text is what a person reads: tags' text (scripts, styles and icons left out) and the ``title``, ``aria-label``,
``placeholder`` and ``alt`` attributes, plus the ``label`` of the JSON the admin draws its sidebar and
StreamField blocks from. Words that stay as they are in Chinese use (PDF, XLSX, URL…) are allowed; the signed-in
user's name and e-mail, and web and e-mail addresses, are data.
"""

import html
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Task, Workflow

from learning_city.forms import purposes
from learning_city.forms.models import FormEntry, MultiStepFormPage
from learning_city.workflows.models import group_for
from tests.factories import UserFactory

ALLOWED = {
    "API", "AVIF", "Alt", "Ctrl", "Cmd", "Esc", "Shift", "Enter", "Tab", "CSV", "DOC", "DOCX", "GB", "GDP", "GIF", "HEIC", "HTML", "ICP", "ID", "JPEG", "JPG", "JSON", "KB",
    "MB", "PDF", "PNG", "SEO", "SVG", "URL", "Wagtail", "WebP", "XLS", "XLSX", "ZIP", "km", "px",
}  # fmt: skip
ALLOWED_UPPER = {word.upper() for word in ALLOWED}
VISIBLE_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
HIDDEN_TAGS = {"script", "style", "svg", "noscript", "template"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Data, not words: web and e-mail addresses, paths, file names, and model names (home.homepage).
ADDRESS = re.compile(
    r"(?:https?://|mailto:)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|/[\w./-]*/[\w./-]*"
    r"|LC-\d{8}-[A-Z0-9]{6}|[\w-]+\.(?:pdf|png|jpe?g|gif|webp|avif|heic|docx?|xlsx?|csv|zip|txt)\b|\b[a-z_]+\.[a-z_]+\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")
LABEL = re.compile(r'"(?:label|helpText|heading)":\s*"((?:[^"\\]|\\.)*)"')


class VisibleText(HTMLParser):
    """Text and visible attributes, leaving out scripts, styles, icons and elements marked ``hidden``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hiding = []  # the tags of the elements being left out, outermost first
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            if not self.hiding:
                self.handle_startendtag(tag, attrs)
            return
        if self.hiding or tag in HIDDEN_TAGS or "hidden" in dict(attrs):
            self.hiding.append(tag)
            return
        self.texts += [value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value]

    def handle_startendtag(self, tag, attrs):
        if not self.hiding and "hidden" not in dict(attrs):
            self.texts += [value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if self.hiding and self.hiding[-1] == tag:
            self.hiding.pop()

    def handle_data(self, data):
        if not self.hiding:
            self.texts.append(data)


def labels(page_html):
    """The labels of the JSON the admin draws from: the sidebar's menus, StreamField's blocks."""
    return [json.loads(f'"{label}"') for label in LABEL.findall(html.unescape(page_html))]


def english_words(page_html, user):
    parser = VisibleText()
    parser.feed(page_html)
    text = ADDRESS.sub(" ", "\n".join([*parser.texts, *labels(page_html)]))
    text = text.replace(user.get_username(), " ")
    return sorted({word for word in WORD.findall(text) if word.upper() not in ALLOWED_UPPER})


# --- the pages ------------------------------------------------------------------------------------------


def page_types():
    return [model for model in apps.get_models() if issubclass(model, Page) and model is not Page]


def editor_pages():
    """Every admin page an editor works in: the dashboard, the explorer, each page type's editor (a new page
    and an existing one), snippets, images, documents, reports and workflows."""
    paths = ["/admin/", "/admin/pages/", "/admin/pages/search/?q=学习"]
    home = Page.objects.get(depth=2)
    paths += [f"/admin/pages/{page.pk}/" for page in (home, *home.get_children())]
    for model in page_types():
        existing = model.objects.first()
        if existing is not None:
            paths.append(f"/admin/pages/{existing.pk}/edit/")
        if model.is_creatable:
            parent = next((p for p in Page.objects.all() if model.can_create_at(p.specific)), None)
            if parent is not None and model is MultiStepFormPage:
                # Wagtail's "add page" for a form leads to the purposes' templates (forms/template_views.py).
                chooser = reverse("form_from_template", args=[parent.pk])
                paths += [chooser] + [f"{chooser}?purpose={name}" for name, _label in purposes.choices()]
            elif parent is not None:
                paths.append(f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/")
    image, document = get_image_model().objects.get(), get_document_model().objects.get()
    paths += [
        "/admin/images/",
        "/admin/images/multiple/add/",
        f"/admin/images/{image.pk}/",
        "/admin/images/chooser/",
        "/admin/documents/",
        f"/admin/documents/edit/{document.pk}/",
        "/admin/documents/multiple/add/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/account/",
    ]
    return paths


def superuser_pages():
    """What a superuser adds: groups and users, workflows' editors, form submissions and applications."""
    entry = FormEntry.objects.get(status=FormEntry.Status.SUBMITTED)
    return [
        "/admin/reports/locked/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/groups/",
        "/admin/users/",
        *[f"/admin/workflows/edit/{workflow.pk}/" for workflow in Workflow.objects.all()],
        *[f"/admin/workflows/tasks/edit/{task.pk}/" for task in Task.objects.all()],
        "/admin/reports/page-types-usage/",
        "/admin/snippets/applications/cityapplication/",
        "/admin/review-desk/",
        "/admin/lc_forms/formentry/",
        f"/admin/lc_forms/formentry/inspect/{entry.pk}/",
    ]


@pytest.fixture
def admin_content(site_content):
    image_model = get_image_model()
    image_model.objects.create(title="学习周海报", file=get_test_image_file())
    get_document_model().objects.create(title="实施方案", file=SimpleUploadedFile("实施方案.pdf", b"%PDF-1.4 x"))
    form = MultiStepFormPage.objects.first()
    FormEntry.objects.create(
        page=form,
        user=UserFactory(username="申请人", email="city@example.cn"),
        status=FormEntry.Status.SUBMITTED,
        reference="LC-20241210-ABCDEF",
        submitted_at=timezone.now(),
        answers={},
    )
    return site_content


def english_on(client, user, paths):
    client.force_login(user)
    found = {}
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            found[path] = response.status_code
            continue
        body = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            body = json.loads(body).get("html", "")  # a chooser's modal
        words = english_words(body, user)
        if words:
            found[path] = words
    return found


def test_an_editor_reads_the_admin_in_chinese(client, admin_content):
    editor = UserFactory(username="王编辑", email="editor@example.cn", is_staff=True)
    editor.groups.add(group_for("editors"))
    assert english_on(client, editor, editor_pages()) == {}


def test_a_superuser_reads_the_admin_in_chinese(client, admin_content):
    root = UserFactory(username="管理员", email="root@example.cn", is_staff=True, is_superuser=True)
    assert english_on(client, root, [*editor_pages(), *superuser_pages()]) == {}


def test_the_dashboard_leads_to_no_english_guide(client, admin_content):
    client.force_login(UserFactory(username="王编辑", is_staff=True, is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert "guide.wagtail.org" not in html and "编辑指南" not in html
    assert "gravatar.com" not in html  # avatars are initials or uploaded ones


def test_a_superuser_reads_the_group_editor_in_chinese(client, admin_content):
    root = UserFactory(username="管理员", email="root@example.cn", is_staff=True, is_superuser=True)
    assert english_on(client, root, [f"/admin/groups/edit/{group_for('editors').pk}/"]) == {}


def test_english_is_found_where_a_person_reads_it():
    user = UserFactory.build(username="王编辑")
    page = (
        '<p>页面 <span class="w-sr-only">Pages</span></p><button aria-label="Close">×</button>'
        '<script>var x = "Hidden";</script><a href="/admin/pages/">王编辑 PDF https://example.cn/a</a>'
        '<div data-block="{&quot;label&quot;: &quot;Paragraph&quot;}"></div>'
    )
    assert english_words(page, user) == ["Close", "Pages", "Paragraph"]
