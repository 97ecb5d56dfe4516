"""The "表单提交" listing: Wagtail's own model listing of submissions, with filters (form, status,
date), search (reference, e-mail, name, city and every short answer) and the export of the chosen
form's submissions, as the listing filters them, in the columns of ``exports.table``.

Read-only for everybody (superusers included); who sees which entries is ``access``'s to say.
"""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from learning_city.forms import access, admin_views, entries
from learning_city.forms.models import FormEntry

# Question types whose answers the search reads, and the part of the answer it reads.
SEARCHED_ANSWERS = {"short_text": "", "email": "", "city": "__name"}
READ_ONLY_VIEWS = {"index", "index_results", "inspect"}
USER_FIELDS = ["user__email", "user__username", "user__first_name", "user__last_name"]


class SubmissionsPermissionPolicy(ModelPermissionPolicy):
    """Submissions are the applicants' words: reviewers read and export them, nobody adds, edits
    or deletes one here."""

    def user_has_permission(self, user, action):
        return action == "view" and access.may_review(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and access.may_review(user)

    def instances_user_has_permission_for(self, user, action):
        if action != "view":
            return FormEntry.objects.none()
        return access.reviewable_by(user, FormEntry.objects.all())


register_permission_policy(FormEntry, SubmissionsPermissionPolicy(FormEntry))


class SubmissionFilterSet(WagtailFilterSet):
    page = ModelChoiceFilter(
        label=_("Form"), queryset=lambda request: access.managed_forms(request.user).order_by("title")
    )
    status = ChoiceFilter(
        label=_("Status"),
        choices=[(status, FormEntry.Status(status).label) for status in entries.SUBMITTED_STATUSES],
    )
    submitted_at = DateFromToRangeFilter(label=_("Submitted at"), widget=DateRangePickerWidget)

    class Meta:
        model = FormEntry
        fields = []


def city_of(entry):
    """The answer to the entry's city question, if the form asks one."""
    return next((f"{answer['province']} {answer['name']}" for answer in entry.answers.values() if _is_city(answer)), "")


def _is_city(answer):
    return isinstance(answer, dict) and {"name", "province", "province_code"} <= answer.keys()


class SubmissionIndexView(IndexView):
    template_name = "forms/admin/submissions_index.html"
    results_template_name = "forms/admin/submissions_results.html"
    page_title = _("Form submissions")

    def get_base_queryset(self):
        submissions = FormEntry.objects.select_related("page", "user").defer("page__steps", "wizard_data")
        return access.reviewable_by(self.request.user, submissions)

    @cached_property
    def search_fields(self):
        """Reference and account first, then each short answer of the forms this user manages, by key."""
        fields = ["reference", *USER_FIELDS]
        for page in access.managed_forms(self.request.user).only("steps"):
            for key, question in page.definition.by_key.items():
                part = SEARCHED_ANSWERS.get(question.block_type)
                if part is not None and "__" not in key:
                    fields.append(f"answers__{key}{part}")
        return list(dict.fromkeys(fields))

    @cached_property
    def chosen_form(self):
        filters = self.filters
        if filters is None or not filters.form.is_valid():
            return None
        return filters.form.cleaned_data.get("page")

    @cached_property
    def show_export_buttons(self):
        """Not in the header, which the listing's filters do not redraw: the results carry the links."""
        return False

    @cached_property
    def export_urls(self):
        """The chosen form's export, with the listing's filters and search, by format."""
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        urls = {}
        for spreadsheet_format in self.FORMATS:
            params["export"] = spreadsheet_format
            urls[spreadsheet_format] = f"{reverse(self.index_url_name)}?{params.urlencode()}"
        return urls

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if self.chosen_form is None:
            messages.warning(self.request, _("Choose one form in the filters first: each form has its own columns."))
            params = self.request.GET.copy()
            params.pop("export", None)
            return redirect(f"{self.request.path}?{params.urlencode()}")
        return admin_views.export_response(
            self.chosen_form, queryset.order_by("submitted_at", "pk"), spreadsheet_format
        )


class EntryInspectView(InspectView):
    """Answers by step, as the applicant saw them, with the attached files. A draft is the
    applicant's own until submitted: reviewers cannot open it."""

    template_name = "forms/admin/inspect_entry.html"

    def get_object(self, queryset=None):
        if not access.may_review(self.request.user):
            raise PermissionDenied
        submissions = access.reviewable_by(self.request.user, FormEntry.objects.select_related("page", "user"))
        return get_object_or_404(submissions, pk=self.pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.object
        context.update(
            instance=entry,
            summary=entries.summary_of(entry),
            files=list(entry.files.all()),
            listing_url=f"{reverse(self.index_url_name)}?page={entry.page_id}",
        )
        return context


class SubmissionViewSet(ModelViewSet):
    model = FormEntry
    icon = "form"
    menu_label = _("Form submissions")
    name = "submissions"
    url_prefix = "lc_forms/formentry"
    add_to_admin_menu = False
    index_view_class = SubmissionIndexView
    inspect_view_class = EntryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = SubmissionFilterSet
    list_display = [
        "reference",
        Column("form", label=_("Form"), accessor="page.title"),
        Column("applicant", label=_("Submitted by"), accessor=lambda entry: entry.user.email if entry.user else ""),
        Column("city", label=_("City"), accessor=city_of),
        "status",
        DateColumn("submitted_at", label=_("Submitted at"), sort_key="submitted_at"),
    ]
    search_backend_name = None
    export_filename = "submissions"
    exclude_form_fields = []  # no form is ever shown: nothing is editable

    def get_urlpatterns(self):
        """The listing and the detail only: there is no page to add, edit or delete a submission."""
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in READ_ONLY_VIEWS]

    def get_permissions_to_register(self):
        """In the group editor: the ministry's "view all" and the project's own Chinese permission;
        add, change and delete open nothing here."""
        content_type = ContentType.objects.get_for_model(FormEntry)
        codenames = [access.VIEW_ENTRIES.split(".")[1], access.EXPORT_MANAGED_ENTRIES.split(".")[1]]
        return Permission.objects.filter(content_type=content_type, codename__in=codenames)
