"""/sitemap.xml (config/sitemap.py): every live public page, from one query of pages."""

from wagtail.models import Page, PageViewRestriction, get_page_models

from learning_city.guide.models import TaskPage
from learning_city.showcases.models import ShowcaseIndexPage
from tests.factories import make_showcase


def test_it_lists_live_public_pages_only(client, site_content):
    index = ShowcaseIndexPage.objects.get()
    shown = make_showcase(index, "brand", title="公开的品牌项目")
    draft = make_showcase(index, "star", title="草稿")
    draft.unpublish()
    private = TaskPage.objects.get(number=6)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    body = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://127.0.0.1:8000{shown.url}</loc>" in body
    assert draft.slug not in body and private.slug not in body
    assert "<lastmod>" in body


def test_no_page_type_adds_urls_of_its_own(db):
    # The sitemap reads pages as plain Page rows: a type with its own get_sitemap_urls would be left out.
    assert [model for model in get_page_models() if model.get_sitemap_urls is not Page.get_sitemap_urls] == []
