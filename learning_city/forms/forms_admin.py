"""The "全部表单" listing: every form page an editor may work on, with its number of submissions and
whether it takes answers now, each linking to its submissions and its editor (Wagtail's own flat
page listing, ``PageListingViewSet``)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageStatusColumn
from wagtail.admin.views.pages.listing import IndexView

from learning_city.forms import entries
from learning_city.forms.models import MultiStepFormPage
from learning_city.page_listings import PermittedPageListingViewSet, edit_title_column


class SubmissionsColumn(Column):
    """The form's submissions (returned ones included), linking to them in "表单提交"."""

    cell_template_name = "forms/admin/submissions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = f"{reverse('submissions:index')}?page={instance.pk}"
        return context


class AvailabilityColumn(Column):
    def get_value(self, instance):
        return instance.availability().label


class FormIndexView(IndexView):
    page_title = _("All forms")

    def annotate_queryset(self, pages):
        submitted = Q(entries__status__in=entries.SUBMITTED_STATUSES)
        return super().annotate_queryset(pages.annotate(submission_count=Count("entries", filter=submitted)))


class FormListingViewSet(PermittedPageListingViewSet):
    model = MultiStepFormPage
    icon = "form"
    menu_label = _("All forms")
    name = "forms"
    index_view_class = FormIndexView
    columns = [
        edit_title_column(),
        SubmissionsColumn("submission_count", label=_("Submissions"), sort_key="submission_count"),
        AvailabilityColumn("availability", label=_("Taking answers")),
        PageStatusColumn("status", label=_("Status"), sort_key="live"),
    ]
