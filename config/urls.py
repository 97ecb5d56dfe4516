from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from config.api import api_router
from config.cache import routing
from config.sitemap import PageSitemap
from config.views import healthz, public_media
from learning_city.forms import api as forms_api
from learning_city.forms import file_views
from learning_city.showcases import api as showcases_api
from search import views as search_views

# The 500 page carries the CSP nonce of its inline style.
handler500 = "config.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PageSitemap}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("healthz", healthz, name="healthz"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("forms/files/<int:pk>/", file_views.download, name="form_file"),
    path("applications/", include("learning_city.applications.urls")),
    path("api/showcases/", showcases_api.showcases, name="showcases_api"),
    path("api/network/members/", showcases_api.members, name="network_api_members"),
    path("api/network/coverage/", showcases_api.coverage, name="network_api_coverage"),
    path("api/forms/<int:page_id>/", forms_api.form_schema, name="form_api_schema"),
    path("api/forms/<int:page_id>/draft/", forms_api.draft, name="form_api_draft"),
    path("api/forms/<int:page_id>/steps/<int:number>/", forms_api.save_step, name="form_api_step"),
    path("api/forms/<int:page_id>/submit/", forms_api.submit, name="form_api_submit"),
    path("accounts/", include("learning_city.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
]

if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", public_media, name="media"))

# Wagtail serves every other path from the page tree, its routes kept in the cache (config/cache/routing.py);
# it must stay last.
urlpatterns += [
    re_path(serve_pattern, routing.serve, name="wagtail_serve") if pattern.name == "wagtail_serve" else pattern
    for pattern in wagtail_urls.urlpatterns
]
