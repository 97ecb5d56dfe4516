"""What Lighthouse and axe read in the HTML itself: descriptions, the age-friendly control, landmarks,
heading order. The browser checks (axe in both modes, the keyboard-only application) are in tests/e2e/."""

import re

from wagtail.models import Page

from home.models import SiteSettings
from tests.factories import UserFactory

LISTED_PAGES = {
    "/": "本站发布教育部《新时代学习型城市建设指南》",
    "/guide/": "“十四五”时期全面推进新时代学习型城市建设",
    "/guide/reading-for-all/": "开展全民阅读日",
    "/showcases/": "推广学习型城市建设的典型模式",
    "/showcases/demo-exemplary-city/": "统筹各方资源",
    "/network/": "全国学习型城市网络成员城市名单",
    "/apply/": "依据《新时代学习型城市建设指南》",
}


def description(html):
    found = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert len(found) == 1, found
    return found[0]


def test_every_listed_page_describes_itself_from_its_own_text(client, site_content):
    for path, beginning in LISTED_PAGES.items():
        text = description(client.get(path).content.decode())
        assert text.startswith(beginning), path
        assert "<" not in text and "&lt;" not in text  # rich text as plain text
        assert len(text) <= 150


def test_an_editors_search_description_comes_first(client, site_content):
    page = Page.objects.get(url_path="/home/network/").specific
    page.search_description = "各地加入网络的城市与覆盖率。"
    page.save_revision().publish()
    assert description(client.get("/network/").content.decode()) == "各地加入网络的城市与覆盖率。"


def test_pages_without_text_of_their_own_get_the_sites_name_and_tagline(client, site_content):
    settings = SiteSettings.objects.get()
    settings.tagline = "服务全民终身学习"
    settings.save()
    for path in ["/search/", "/accounts/login/", "/accounts/register/"]:
        assert description(client.get(path).content.decode()) == "全国学习型城市网络：服务全民终身学习", path


def test_the_age_friendly_control_is_in_the_header_and_its_script_loads_before_the_page(client, site_content):
    response = client.get("/guide/")
    html = response.content.decode()
    head, body = html.split("</head>", 1)
    # An external script (the CSP refuses inline ones), not deferred, so the mode is set before the first paint.
    assert re.search(r'<script src="/static/js/age-friendly(\.[0-9a-f]+)?\.js"></script>', head)
    header = body[body.index('<header class="site-header">') : body.index("</header>")]
    assert re.search(
        r'<button class="mode-toggle" type="button" data-age-friendly-toggle aria-pressed="false">', header
    )
    # Purely client-side (anonymous pages come from a shared cache): the page sets no cookie for it.
    assert not response.cookies


def test_the_two_search_landmarks_of_the_search_page_have_different_names(client, site_content):
    html = client.get("/search/?q=社区教育").content.decode()
    names = re.findall(r'role="search" aria-label="([^"]+)"', html)
    assert len(names) == 2 and len(set(names)) == 2


def test_a_steps_headings_follow_its_title_without_skipping_a_level(client, site_content):
    client.force_login(UserFactory(username="heading@example.cn"))
    html = client.get("/apply/step/1/").content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html[html.index("<main") :])]
    assert levels[0] == 1 and "申报城市" in html
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False)), levels
