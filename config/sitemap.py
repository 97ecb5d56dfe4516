"""/sitemap.xml from one query of pages.

Wagtail's own sitemap reads every page as its specific type (``.specific()``: one more query per page
type) so that a type may add URLs of its own through ``get_sitemap_urls``. No page type here does (a
test keeps it so), and the base ``Page`` row has all a sitemap line needs: its URL path and dates.
"""

from wagtail.contrib.sitemaps import Sitemap


class PageSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        return site.root_page.get_descendants(inclusive=True).live().public().order_by("path")
