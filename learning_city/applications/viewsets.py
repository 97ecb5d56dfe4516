"""The applications' Wagtail snippet views, every object URL scoped to the user's provinces.

A viewset's ``get_queryset`` scopes only the index, so each URL that names an application
(edit, history, revisions, compare, workflow actions, previews, lock…) is wrapped: the user
must be allowed to see that application, and a task state or workflow state in the URL must
belong to it. The snippet chooser is for those who see every application.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import HelpPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import TaskState, WorkflowState
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import EditView, RevisionsCompareView, SnippetViewSet

from learning_city.applications.compare import answer_changes
from learning_city.applications.models import ApplicationRound, CityApplication, ProvinceReviewer
from learning_city.applications.models.reviewers import reviewed_province_ids
from learning_city.applications.scoping import can_see, sees_all, visible_applications


def _states_belong(application, kwargs):
    """A task or workflow state named in the URL must be one of this application's."""
    states = WorkflowState.objects.filter(
        base_content_type__model="cityapplication",
        base_content_type__app_label="applications",
        object_id=str(application.pk),
    )
    if (
        "task_state_id" in kwargs
        and not TaskState.objects.filter(pk=kwargs["task_state_id"], workflow_state__in=states).exists()
    ):
        return False
    return "workflow_state_id" not in kwargs or states.filter(pk=kwargs["workflow_state_id"]).exists()


def scoped_to_application(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        application = get_object_or_404(CityApplication, pk=unquote(str(kwargs["pk"])))
        if not can_see(request.user, application) or not _states_belong(application, kwargs):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def for_those_who_see_all(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not sees_all(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def _wrap(patterns, decorator):
    return [URLPattern(item.pattern, decorator(item.callback), item.default_args, item.name) for item in patterns]


class ApplicationChooserViewSet(SnippetChooserViewSet):
    def get_urlpatterns(self):
        return _wrap(super().get_urlpatterns(), for_those_who_see_all)


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.public_status().label


class StampedScanColumn(Column):
    """Whether the city sent its stamped form (``with_stamped_scan``, annotated by the listing's queryset)."""

    def get_value(self, instance):
        return _("Scan received") if getattr(instance, "has_stamped_scan", False) else _("No scan yet")


class ApplicationEditView(EditView):
    """The editor only carries the workflow's actions, also for a crafted POST: no publish, no submit
    (Wagtail would resume a returned application for the reviewer, behind the applicant editing it),
    no cancel or restart of the workflow (a refusal is the task's own action, with its reason)."""

    allowed_actions = {"edit", "workflow-action"}

    def get_available_actions(self):
        return [action for action in super().get_available_actions() if action in self.allowed_actions]


class ApplicationRevisionsCompareView(RevisionsCompareView):
    """Provincial reviewers compare the versions their province's city submitted, though they hold no
    model permission: the URL is scoped to applications they may see (``scoped_to_application``)."""

    def user_has_permission(self, permission):
        return super().user_has_permission(permission) or bool(reviewed_province_ids(self.request.user))

    def _get_comparison(self, revision_a, revision_b):
        return answer_changes(self.object.entry.page.specific, revision_a, revision_b)


class CityApplicationViewSet(SnippetViewSet):
    model = CityApplication
    icon = "doc-full-inverse"
    menu_label = _("City applications")
    menu_order = 2
    # In the sidebar's "申请" submenu (``wagtail_hooks.APPLICATIONS_MENU``), not among the snippets.
    menu_hook = "register_applications_menu_item"
    copy_view_enabled = False
    inspect_view_enabled = True
    chooser_viewset_class = ApplicationChooserViewSet
    edit_view_class = ApplicationEditView
    revisions_compare_view_class = ApplicationRevisionsCompareView
    list_display = [
        "reference",
        "city",
        "province",
        StatusColumn("status", label=_("Status")),
        "submitted_at",
        StampedScanColumn("stamped_scan", label=_("Stamped scan")),
    ]
    list_filter = ["province", "round"]
    # ORM search on the reference and the city: no search index holds applicants' data.
    search_fields = ["reference", "city__name"]
    search_backend_name = None
    # Nothing is editable (the applicant's submission is the content); the editor shows what the
    # application is and where its file is, and offers the workflow's actions.
    panels = [HelpPanel(template="applications/admin/editor_panel.html", heading=_("Application"))]

    def get_queryset(self, request):
        return visible_applications(request.user).with_stamped_scan()

    def get_urlpatterns(self):
        return [
            URLPattern(item.pattern, scoped_to_application(item.callback), item.default_args, item.name)
            if "pk" in str(item.pattern)
            else item
            for item in super().get_urlpatterns()
        ]


class ProvinceReviewerViewSet(ModelViewSet):
    """Who reviews which province: kept by the ministry's office in the admin."""

    model = ProvinceReviewer
    icon = "group"
    menu_label = _("Provincial reviewers")
    add_to_admin_menu = False
    form_fields = ["user", "province"]
    list_display = ["user", "province"]
    list_filter = ["province"]
    search_fields = ["user__username", "user__email", "province__name"]


class ApplicationRoundViewSet(ModelViewSet):
    """Rounds of applications and their provincial deadlines."""

    model = ApplicationRound
    icon = "date"
    menu_label = _("Application rounds")
    add_to_admin_menu = False
    form_fields = ["form_page", "year", "name", "provincial_deadline"]
    list_display = ["name", "year", "provincial_deadline"]
