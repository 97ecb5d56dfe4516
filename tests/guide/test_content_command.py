import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import HomePage, SiteSettings
from learning_city.guide.loaders import SOURCE_TEXT_FILE
from learning_city.guide.models import GuidePage, TaskPage


def load(*args):
    out = io.StringIO()
    call_command("load_content", *args, stdout=out)
    return out.getvalue()


def visible_text(html):
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def guide_text():
    """The guide's three parts as the ministry published them: (headings, sentences)."""
    text = SOURCE_TEXT_FILE.read_text(encoding="utf-8")
    body = text[text.index("一、总体要求") : text.index("附件：")]
    headings, sentences = [], []
    for line in body.splitlines():
        line = re.sub(r"\s+", "", line)
        part = re.match(r"^[一二三]、(.+)$", line)
        if part:
            headings.append(part.group(1))
            continue
        numbered = re.match(r"^（[一二三四五六]）([^。]+)。(.*)$", line)
        if numbered:
            headings.append(numbered.group(1))
            line = numbered.group(2)
        sentences += [sentence + "。" for sentence in line.split("。") if sentence]
    return headings, sentences


@pytest.mark.django_db
def test_builds_home_guide_and_six_tasks_under_the_default_site():
    assert "11 page(s)" in load()
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    guide = GuidePage.objects.child_of(home).get()
    tasks = TaskPage.objects.child_of(guide).order_by("number")
    assert [task.number for task in tasks] == [1, 2, 3, 4, 5, 6]
    assert tasks[1].title == "加快发展社区教育和老年教育"
    assert all(page.live and page.get_latest_revision() for page in [home, guide, *tasks])
    # Wagtail's placeholder welcome page is replaced, not left beside ours.
    assert not Page.objects.exact_type(Page).filter(depth=2).exists()


@pytest.mark.django_db
def test_running_twice_leaves_one_copy_of_everything():
    load()
    counts = (Page.objects.count(), Site.objects.count(), SiteSettings.objects.count())
    assert "0 page(s)" in load()
    assert (Page.objects.count(), Site.objects.count(), SiteSettings.objects.count()) == counts
    guide = GuidePage.objects.get()
    assert guide.phases.count() == 3
    assert guide.coverage_targets.count() == 3
    assert guide.organisation_steps.count() == 6


@pytest.mark.django_db
def test_editor_changes_survive_a_rerun_and_overwrite_restores_the_text():
    load()
    task = TaskPage.objects.get(number=5)
    task.title = "编辑修改过的标题"
    task.save_revision().publish()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation = "某省教育厅"
    settings.save()

    load()
    assert TaskPage.objects.get(number=5).title == "编辑修改过的标题"
    assert SiteSettings.objects.get().organisation == "某省教育厅"

    load("--overwrite")
    assert TaskPage.objects.get(number=5).title == "高质量推进全民阅读"
    assert TaskPage.objects.count() == 6


@pytest.mark.django_db
def test_a_deleted_task_page_is_recreated_without_touching_the_others():
    load()
    TaskPage.objects.get(number=3).delete()
    assert "1 page(s)" in load()
    assert sorted(TaskPage.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_guide_page_shows_every_sentence_of_the_guide(client, site_content):
    response = client.get("/guide/")
    assert response.status_code == 200
    page_text = visible_text(response.content.decode())
    headings, sentences = guide_text()
    assert len(headings) == 3 + 6 + 4
    assert len(sentences) == 41
    assert [h for h in headings if h not in page_text] == []
    assert [s for s in sentences if s not in page_text] == []
