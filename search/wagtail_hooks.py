import datetime

from django.db.models import Sum
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from search.models import HiddenSearchTerm, SearchSynonym, ZeroResultSearch

ZERO_RESULT_DAYS = 30
ZERO_RESULT_ROWS = 50


class HiddenSearchTermViewSet(ModelViewSet):
    """Settings → 隐藏的搜索词, beside Wagtail's promoted search results; shown to those with its permissions."""

    model = HiddenSearchTerm
    icon = "search"
    menu_label = _("Hidden search terms")
    menu_order = 910
    add_to_settings_menu = True
    form_fields = ["term", "note"]
    list_display = ["term", "note", "created_at"]
    copy_view_enabled = False


class SearchSynonymCreateView(generic.CreateView):
    def get_initial(self):
        # The zero-result report's 添加同义词 opens this form with the term visitors searched for.
        initial = super().get_initial()
        term = self.request.GET.get("term", "").strip()
        if term:
            initial["term"] = term[: SearchSynonym._meta.get_field("term").max_length]
        return initial


class SearchSynonymViewSet(ModelViewSet):
    """Settings → 搜索同义词: a change applies to the next search, without a deploy."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 911
    add_to_settings_menu = True
    add_view_class = SearchSynonymCreateView
    form_fields = ["term", "synonym", "note"]
    list_display = ["term", "synonym", "note"]
    search_fields = ["term", "synonym"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def hidden_search_terms_viewset():
    return HiddenSearchTermViewSet("hidden_search_terms")


@hooks.register("register_admin_viewset")
def search_synonyms_viewset():
    return SearchSynonymViewSet("search_synonyms")


@permission_required("search.view_zeroresultsearch")
def zero_result_searches(request):
    """The searches that found nothing most often lately: each may want a synonym."""
    since = timezone.localdate() - datetime.timedelta(days=ZERO_RESULT_DAYS)
    rows = (
        ZeroResultSearch.objects.filter(date__gte=since)
        .values("query_string")
        .annotate(total=Sum("hits"))
        .order_by("-total", "query_string")[:ZERO_RESULT_ROWS]
    )
    context = {"rows": rows, "days": ZERO_RESULT_DAYS, "add_synonym_url": reverse("search_synonyms:add")}
    return TemplateResponse(request, "search/admin/zero_result_searches.html", context)


@hooks.register("register_admin_urls")
def zero_result_search_urls():
    return [path("reports/zero-result-searches/", zero_result_searches, name="search_zero_result_searches")]


class ZeroResultMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("search.view_zeroresultsearch")


@hooks.register("register_reports_menu_item")
def zero_result_searches_menu_item():
    return ZeroResultMenuItem(
        _("Searches that found nothing"), reverse("search_zero_result_searches"), icon_name="search", order=710
    )
