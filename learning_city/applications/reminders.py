"""Reminders of the provincial deadline, to provinces that still have work to do."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from learning_city.applications.models import (
    ApplicationRound,
    CityApplication,
    DeadlineReminder,
    ProvinceReviewer,
    ProvincialRecommendation,
)
from learning_city.applications.models.application import PublicStatus
from learning_city.mail import send_templated_mail


def provinces_with_work(application_round):
    """Province ids with an application awaiting them or a summary with rows not yet sent."""
    waiting = {
        application.province_id
        for application in CityApplication.objects.filter(round=application_round, is_open=True).with_status()
        if application.public_status() == PublicStatus.PROVINCIAL_REVIEW
    }
    unsent = set(
        ProvincialRecommendation.objects.filter(
            round=application_round, items__sent_at__isnull=True, items__isnull=False
        ).values_list("province_id", flat=True)
    )
    return waiting | unsent


def due_rounds(today, days_before):
    for application_round in ApplicationRound.objects.exclude(provincial_deadline=None):
        days_left = (application_round.provincial_deadline - today).days
        if days_left in days_before or days_left < 0:
            yield application_round, days_left


def send_due_reminders(today=None, days_before=(7, 3, 1)):
    today = today or timezone.localdate()
    sent = 0
    for application_round, days_left in due_rounds(today, days_before):
        for province_id in sorted(provinces_with_work(application_round)):
            reviewers = [
                row.user
                for row in ProvinceReviewer.objects.filter(province_id=province_id).select_related("user", "province")
                if row.user.is_active and row.user.email
            ]
            if not reviewers:
                continue
            try:
                with transaction.atomic():
                    reminder = DeadlineReminder.objects.create(
                        province_id=province_id,
                        round=application_round,
                        sent_on=today,
                        overdue=days_left < 0,
                        recipients=", ".join(user.email for user in reviewers),
                    )
            except IntegrityError:
                continue  # already reminded today
            context = {
                "round": application_round,
                "days_left": days_left,
                "overdue": days_left < 0,
                "days_overdue": -days_left,
                "province": reminder.province,
            }
            send_templated_mail(
                "applications/email/deadline_reminder_subject.txt",
                "applications/email/deadline_reminder.txt",
                context,
                [user.email for user in reviewers],
            )
            sent += 1
    return sent
