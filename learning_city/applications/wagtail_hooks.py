from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.action_menu import LockedMenuItem, WorkflowMenuItem
from wagtail.snippets.models import register_snippet

from learning_city.applications import admin_views
from learning_city.applications.models import CityApplication
from learning_city.applications.viewsets import (
    ApplicationRoundViewSet,
    CityApplicationViewSet,
    ProvinceReviewerViewSet,
)

APPLICATIONS_MENU = CityApplicationViewSet.menu_hook

register_snippet(CityApplicationViewSet)
province_reviewers = ProvinceReviewerViewSet("province_reviewers")
application_rounds = ApplicationRoundViewSet("application_rounds")


@hooks.register("register_admin_viewset")
def review_settings_viewsets():
    return [province_reviewers, application_rounds]


class SettingsMenuItem(MenuItem):
    """Shown to those who may change what it lists."""

    def __init__(self, viewset, *args, **kwargs):
        self.viewset = viewset
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.viewset.permission_policy.user_has_any_permission(request.user, ["add", "change", "delete"])


@hooks.register("register_settings_menu_item")
def province_reviewers_menu_item():
    return SettingsMenuItem(
        province_reviewers, _("Provincial reviewers"), reverse("province_reviewers:index"), icon_name="group"
    )


@hooks.register("register_settings_menu_item")
def application_rounds_menu_item():
    return SettingsMenuItem(
        application_rounds, _("Application rounds"), reverse("application_rounds:index"), icon_name="date"
    )


@hooks.register("register_admin_urls")
def review_desk_urls():
    return [
        path("review-desk/", admin_views.QueueView.as_view(), name="applications_desk"),
        path("review-desk/<int:pk>/", admin_views.ApplicationView.as_view(), name="applications_desk_application"),
        path("review-desk/summaries/", admin_views.SummaryListView.as_view(), name="applications_summaries"),
        path("review-desk/summaries/<int:pk>/", admin_views.SummaryView.as_view(), name="applications_summary"),
        path(
            "review-desk/summaries/<int:pk>/export.<str:file_format>",
            admin_views.summary_export,
            name="applications_summary_export",
        ),
        path("review-desk/<int:pk>/application.pdf", admin_views.application_pdf, name="applications_pdf"),
    ]


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.is_reviewer(request.user)


@hooks.register("register_admin_menu_item")
def applications_menu():
    """ "申请" in the sidebar: the review desk, the applications and the provincial summaries, each
    shown to those who may open it (the submenu hides itself when none is)."""
    return SubmenuMenuItem(
        _("Applications"),
        Menu(register_hook_name=APPLICATIONS_MENU),
        name="applications",
        icon_name="doc-full-inverse",
        order=210,
    )


@hooks.register(APPLICATIONS_MENU)
def review_desk_menu_item():
    return ReviewerMenuItem(_("Review desk"), reverse("applications_desk"), icon_name="tasks", order=1)


@hooks.register(APPLICATIONS_MENU)
def summaries_menu_item():
    return ReviewerMenuItem(
        _("Provincial summaries (attachment 2)"), reverse("applications_summaries"), icon_name="list-ol", order=3
    )


@hooks.register("construct_homepage_panels")
def review_queue_panel(request, panels):
    if admin_views.is_reviewer(request.user):
        panels.append(admin_views.ReviewQueuePanel(request.user))


@hooks.register("construct_snippet_action_menu")
def only_review_actions_for_applications(menu_items, request, context):
    """An application's editor is where reviewers act: its workflow actions only. No save (nothing is
    editable), no submit, restart or cancel of the workflow, no publish or unpublish."""
    if context.get("model") is CityApplication:
        menu_items[:] = [item for item in menu_items if isinstance(item, (WorkflowMenuItem, LockedMenuItem))]
