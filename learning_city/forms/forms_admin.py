"""The "全部表单" listing: every form page an editor may work on, with its number of submissions and
whether it takes answers now, each linking to its submissions and its editor (Wagtail's own flat
page listing, ``PageListingViewSet``)."""

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageStatusColumn
from wagtail.admin.views.pages.listing import IndexView

from learning_city.forms import access, entries
from learning_city.forms.models import MultiStepFormPage
from learning_city.page_listings import PermittedPageListingViewSet, edit_title_column


class SubmissionsColumn(Column):
    """The form's submissions (returned ones included), linking to them in "表单提交" for whoever may
    read them; a form whose entries stay with its own reviewers (city applications) shows the count."""

    cell_template_name = "forms/admin/submissions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.opens_submissions:
            context["url"] = f"{reverse('submissions:index')}?page={instance.pk}"
        return context


class AvailabilityColumn(Column):
    def get_value(self, instance):
        return instance.availability().label


class FormIndexView(IndexView):
    page_title = _("All forms")

    def annotate_queryset(self, pages):
        submitted = Q(entries__status__in=entries.SUBMITTED_STATUSES)
        readable = Q(pk__in=access.managed_forms(self.request.user).values("pk"))
        pages = pages.annotate(
            submission_count=Count("entries", filter=submitted),
            opens_submissions=ExpressionWrapper(readable, output_field=BooleanField()),
        )
        return super().annotate_queryset(pages)


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
