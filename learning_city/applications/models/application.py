from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin, WorkflowState

from learning_city.forms.models import FormEntry, MultiStepFormPage
from learning_city.regions.models import City, NetworkMembership, Province

Route = NetworkMembership.Route
DIRECT_ROUTES = (Route.GNLC, Route.ALLIANCE)


class ApplicationRound(models.Model):
    """One call for applications: the cities' window is the form page's; the provinces' deadline is here."""

    form_page = models.OneToOneField(
        MultiStepFormPage, on_delete=models.PROTECT, related_name="application_round", verbose_name=_("form")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=100)
    provincial_deadline = models.DateField(
        _("provincial deadline"),
        null=True,
        blank=True,
        help_text=_("The date by which provinces submit their recommendations to the ministry."),
    )

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("application round")
        verbose_name_plural = _("application rounds")

    def __str__(self):
        return self.name


class PublicStatus(models.TextChoices):
    """What the applicant is told: derived from the workflow and the decision, never stored."""

    RECEIVED = "received", _("Received")
    PROVINCIAL_REVIEW = "provincial_review", _("Under provincial review")
    RECOMMENDED = "recommended", _("Recommended by the province")
    MINISTRY_REVIEW = "ministry_review", _("Under ministry review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ADMITTED = "admitted", _("Admitted to the network")
    NOT_ADMITTED = "not_admitted", _("Not admitted")
    STOPPED = "stopped", _("Review stopped")


# The current task's model decides the stage; the names are those of models/tasks.py.
STAGE_BY_TASK_MODEL = {
    "provincereviewtask": "province",
    "ministryreviewtask": "ministry",
    "membershipconfirmationtask": "confirmation",
}
STATUS_INPUTS = ("decision_admitted", "workflow_status", "task_model", "recommended")


def status_from(decision_admitted, workflow_status, task_model, recommended):
    if decision_admitted is not None:
        return PublicStatus.ADMITTED if decision_admitted else PublicStatus.NOT_ADMITTED
    if workflow_status is None:
        return PublicStatus.RECEIVED
    by_workflow = {
        WorkflowState.STATUS_NEEDS_CHANGES: PublicStatus.CHANGES_REQUESTED,
        WorkflowState.STATUS_CANCELLED: PublicStatus.STOPPED,
        WorkflowState.STATUS_APPROVED: PublicStatus.ADMITTED,
    }
    if workflow_status in by_workflow:
        return by_workflow[workflow_status]
    stage = STAGE_BY_TASK_MODEL.get(task_model)
    if stage == "province":
        return PublicStatus.PROVINCIAL_REVIEW
    if stage == "ministry" and not recommended:
        return PublicStatus.RECOMMENDED
    return PublicStatus.MINISTRY_REVIEW


class ApplicationQuerySet(models.QuerySet):
    def with_status(self):
        """What the public status is derived from, in the same query: lists do not grow a query a row."""
        latest_state = WorkflowState.objects.filter(
            base_content_type__app_label="applications",
            base_content_type__model="cityapplication",
            object_id=Cast(OuterRef("pk"), models.CharField()),
        ).order_by("-created_at", "-pk")
        submitted_rows = apps.get_model("applications", "RecommendationItem").objects.filter(
            application=OuterRef("pk"), sent_at__isnull=False
        )
        return self.annotate(
            decision_admitted=F("decision__admitted"),
            workflow_status=Subquery(latest_state.values("status")[:1]),
            task_model=Subquery(latest_state.values("current_task_state__task__content_type__model")[:1]),
            recommended=Exists(submitted_rows),
        )

    def with_stamped_scan(self):
        """``has_stamped_scan``: whether the city sent the scan of its stamped form (the municipal
        government's consent), in the same query."""
        scans = apps.get_model("applications", "StampedScan").objects.filter(application=OuterRef("pk"))
        return self.annotate(has_stamped_scan=Exists(scans))


class CityApplication(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A city's application to join the network, reviewed through a Wagtail workflow.

    Every field is fixed when the application is created or resubmitted, by the applicant's
    submission, never by the admin editor: publishing copies the latest revision over the row,
    so nothing here may depend on who last pressed "save draft". ``live`` means admitted.
    Reviewers' words live in the review records (opinions, field visits, the decision).
    """

    entry = models.OneToOneField(
        FormEntry, on_delete=models.PROTECT, related_name="city_application", editable=False, verbose_name=_("entry")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="city_applications",
        editable=False,
        verbose_name=_("applicant"),
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="applications", editable=False, verbose_name=_("city")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="applications", editable=False, verbose_name=_("province")
    )
    round = models.ForeignKey(
        ApplicationRound,
        on_delete=models.PROTECT,
        related_name="applications",
        editable=False,
        verbose_name=_("round"),
    )
    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    claimed_route = models.CharField(
        _("join route claimed"), max_length=20, choices=Route.choices, default=Route.APPLICATION, editable=False
    )
    answers = models.JSONField(_("answers"), default=dict, editable=False)
    file_manifest = models.JSONField(_("attached files"), default=list, editable=False)
    # The version of the form the answers were given on: each revision keeps its own.
    form_version = models.ForeignKey(
        "lc_forms.FormVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("form version"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), editable=False)
    is_open = models.BooleanField(
        _("open"), default=True, editable=False, help_text=_("Closed once the application is refused.")
    )
    live = models.BooleanField(_("admitted"), default=False, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="city_application")
    workflow_states = GenericRelation(
        WorkflowState,
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="city_application",
        for_concrete_model=False,
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("city application")
        verbose_name_plural = _("city applications")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "round"],
                condition=models.Q(is_open=True),
                name="one_open_application_per_city_and_round",
            )
        ]

    def __str__(self):
        return f"{self.city.name} · {self.reference}"

    @property
    def revisions(self):
        return self._revisions

    @property
    def is_direct_join(self):
        return self.claimed_route in DIRECT_ROUTES

    def latest_workflow_state(self):
        return self.workflow_states.order_by("-created_at", "-pk").select_related("current_task_state__task").first()

    def answer_definition(self):
        """The questions the answers were given on (see ``learning_city.forms.definitions``)."""
        if self.form_version_id:
            return self.form_version.definition
        return self.entry.page.specific.definition

    def latest_opinion(self):
        return self.provincial_opinions.order_by("-written_at", "-pk").first()

    def confirmed_route(self):
        """The route the province confirmed in its latest recommendation (the claim until then)."""
        opinion = self.latest_opinion()
        return opinion.confirmed_route if opinion else Route.APPLICATION

    def decision_or_none(self):
        try:
            return self.decision
        except models.ObjectDoesNotExist:
            return None

    def city_is_real_member(self):
        return NetworkMembership.objects.filter(city_id=self.city_id, is_demo=False).exists()

    def is_recommended_to_ministry(self):
        """The province has put this application in a submitted summary for its round."""
        return self.recommendation_items.filter(sent_at__isnull=False).exists()

    def public_status(self):
        """The status in public words. Uses the annotations of ``with_status()`` when present."""
        if hasattr(self, "workflow_status"):
            return status_from(**{name: getattr(self, name) for name in STATUS_INPUTS})
        return status_from(**CityApplication.objects.with_status().filter(pk=self.pk).values(*STATUS_INPUTS).get())
