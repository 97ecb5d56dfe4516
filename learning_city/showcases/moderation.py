"""Showcases where editors find them: "典型展示" in the sidebar (Wagtail's flat page listing of every
showcase, filterable by moderation) and the dashboard's "待审核的典型展示"."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, IntegerField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTypeColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.models import Page, WorkflowState
from wagtail.permissions import page_permission_policy

from learning_city.page_listings import PermittedPageListingViewSet, edit_title_column
from learning_city.showcases.models import ShowcasePage


def in_progress_states():
    """Pages' workflow states in progress (submitted, awaiting a moderator), with their ``page_id``."""
    return WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=ContentType.objects.get_for_model(Page)
    ).annotate(page_id=Cast("object_id", IntegerField()))


class ShowcaseFilterSet(PageFilterSet):
    moderation = ChoiceFilter(
        label=_("Moderation"),
        choices=[("in_progress", _("Awaiting moderation"))],
        method="filter_moderation",
        empty_label=_("Any"),
    )

    def filter_moderation(self, queryset, name, value):
        return queryset.filter(pk__in=in_progress_states().values("page_id")) if value else queryset


class ShowcaseIndexView(IndexView):
    def annotate_queryset(self, pages):
        return super().annotate_queryset(pages.annotate(listed_city=F("city__name")))


class ShowcaseListingViewSet(PermittedPageListingViewSet):
    model = ShowcasePage
    icon = "pick"
    menu_label = _("Showcases")
    menu_order = 250
    name = "showcases"
    add_to_admin_menu = True
    index_view_class = ShowcaseIndexView
    filterset_class = ShowcaseFilterSet
    columns = [
        edit_title_column(),
        PageTypeColumn("type", label=_("Type"), accessor="page_type_display_name", sort_key="content_type__model"),
        Column("listed_city", label=_("City"), sort_key="city__name"),
        Column("year", label=_("Year"), sort_key="year"),
        PageStatusColumn("status", label=_("Status"), sort_key="live"),
    ]


class ShowcasesToModeratePanel(Component):
    """Showcases the user may edit that wait in their workflow, oldest request first."""

    name = "showcases_to_moderate"
    order = 96
    template_name = "showcases/admin/moderation_panel.html"
    shown = 10

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        editable = page_permission_policy.instances_user_has_any_permission_for(self.user, ["change", "publish"])
        showcases = ShowcasePage.objects.filter(pk__in=editable.values("pk"))
        states = (
            in_progress_states()
            .filter(page_id__in=showcases.values("pk"))
            .select_related("current_task_state__task", "requested_by")
            .order_by("created_at", "pk")
        )
        oldest = list(states[: self.shown])
        pages = Page.objects.in_bulk([state.page_id for state in oldest])
        return {
            "count": states.count(),
            "rows": [(pages[state.page_id], state) for state in oldest if state.page_id in pages],
            "listing_filter": "moderation=in_progress",
        }


def add_panel(request, panels):
    if page_permission_policy.user_has_any_permission(request.user, ["change", "publish"]):
        panels.append(ShowcasesToModeratePanel(request.user))
