"""What reviewers write: kept in their own tables, keyed to the application, written by task actions."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from learning_city.applications.models.application import ApplicationRound, CityApplication, Route
from learning_city.regions.models import Province

User = settings.AUTH_USER_MODEL


class ProvincialOpinion(models.Model):
    """Part 6 of attachment 1: the provincial education department's opinion on a city's application."""

    application = models.ForeignKey(
        CityApplication, on_delete=models.CASCADE, related_name="provincial_opinions", verbose_name=_("application")
    )
    opinion = models.TextField(_("opinion"))
    confirmed_route = models.CharField(_("join route confirmed"), max_length=20, choices=Route.choices)
    written_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["-written_at", "-pk"]
        verbose_name = _("provincial opinion")
        verbose_name_plural = _("provincial opinions")

    def __str__(self):
        return f"{self.application} · {timezone.localdate(self.written_at):%Y-%m-%d}"


class FieldVisit(models.Model):
    """A ministry visit to the city, recorded during the ministry's review."""

    application = models.ForeignKey(
        CityApplication, on_delete=models.CASCADE, related_name="field_visits", verbose_name=_("application")
    )
    visited_on = models.DateField(_("visited on"))
    visitors = models.CharField(_("visitors"), max_length=200)
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["visited_on", "pk"]
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")

    def __str__(self):
        return f"{self.application} · {self.visited_on}"


class Decision(models.Model):
    """How an application ended: admitted by the ministry, or refused by the province or the ministry."""

    class Stage(models.TextChoices):
        PROVINCE = "province", _("Province")
        MINISTRY = "ministry", _("Ministry")

    application = models.OneToOneField(
        CityApplication, on_delete=models.CASCADE, related_name="decision", verbose_name=_("application")
    )
    admitted = models.BooleanField(_("admitted"))
    stage = models.CharField(_("decided by"), max_length=20, choices=Stage.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.application} · {'admitted' if self.admitted else 'not admitted'}"


class ProvincialRecommendation(ClusterableModel):
    """Attachment 2: a province's summary of the applications it recommends in one round."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("province")
    )
    round = models.ForeignKey(
        ApplicationRound, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("round")
    )
    department = models.CharField(_("recommending department"), max_length=100, blank=True)
    filled_in_by = models.CharField(_("filled in by"), max_length=50, blank=True)
    contact = models.CharField(_("contact telephone"), max_length=50, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "province__code"]
        verbose_name = _("provincial recommendation")
        verbose_name_plural = _("provincial recommendations")
        constraints = [models.UniqueConstraint(fields=["province", "round"], name="one_summary_per_province_and_round")]

    def __str__(self):
        return f"{self.province} · {self.round}"

    @property
    def is_submitted(self):
        """Sent to the ministry, with no row recommended since then waiting to be sent."""
        return self.submitted_at is not None and not self.has_unsent_rows()

    def has_unsent_rows(self):
        return RecommendationItem.objects.filter(recommendation=self, sent_at__isnull=True).exists()


class RecommendationItem(Orderable):
    """One row of the summary: 序号 is the row's position, the city the application's."""

    recommendation = ParentalKey(ProvincialRecommendation, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(
        CityApplication, on_delete=models.PROTECT, related_name="recommendation_items", verbose_name=_("application")
    )
    # Each row reaches the ministry when the province sends the summary with it in: a row added
    # after a send (a late recommendation) waits for the next one.
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("recommended application")
        verbose_name_plural = _("recommended applications")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "application"], name="one_row_per_application")
        ]


class Notification(models.Model):
    """Every e-mail the review sends, and whether it went: staff can see a failure, not just a log line."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    application = models.ForeignKey(
        CityApplication, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    message = models.TextField(_("message quoted"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.kind} → {self.recipient} ({self.status})"


class DeadlineReminder(models.Model):
    """One reminder of a round's provincial deadline to one province on one day: never sent twice."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(ApplicationRound, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    overdue = models.BooleanField(default=False)
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(fields=["province", "round", "sent_on"], name="one_reminder_per_province_and_day")
        ]

    def __str__(self):
        return f"{self.province} · {self.round} · {self.sent_on}"
