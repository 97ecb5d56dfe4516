"""Attachment 2: each province's summary of the applications it recommends in a round."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning_city.applications import notifications
from learning_city.applications.models import ProvincialRecommendation, RecommendationItem
from learning_city.applications.models.reviewers import reviewed_province_ids, reviews_province
from learning_city.applications.scoping import sees_all


def visible_summaries(user):
    summaries = ProvincialRecommendation.objects.select_related("province", "round").order_by(
        "-round__year", "province__code"
    )
    if sees_all(user):
        return summaries
    return summaries.filter(province_id__in=reviewed_province_ids(user))


def may_edit(user, summary):
    return not summary.is_submitted and reviews_province(user, summary.province_id)


def rows(summary):
    return list(
        RecommendationItem.objects.filter(recommendation=summary)
        .select_related("application__city", "application__province")
        .order_by("sort_order", "pk")
    )


def move(user, summary, item_id, offset):
    """Move a row not yet sent up (-1) or down (+1) among the unsent rows; sent rows keep their place."""
    if not may_edit(user, summary):
        raise PermissionDenied
    ordered = rows(summary)
    index = next((i for i, item in enumerate(ordered) if item.pk == item_id), None)
    target = None if index is None else index + offset
    if target is None or not 0 <= target < len(ordered) or ordered[index].sent_at or ordered[target].sent_at:
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered):
        if item.sort_order != position:
            RecommendationItem.objects.filter(pk=item.pk).update(sort_order=position)


def submit(user, summary):
    """Send the summary to the ministry: its applications enter the ministry's queue."""
    with transaction.atomic():
        summary = ProvincialRecommendation.objects.select_for_update().get(pk=summary.pk)
        if not may_edit(user, summary):
            raise PermissionDenied
        missing = [
            label
            for label, value in (
                (_("recommending department"), summary.department),
                (_("filled in by"), summary.filled_in_by),
                (_("contact telephone"), summary.contact),
            )
            if not value.strip()
        ]
        if missing:
            raise ValidationError(_("Please fill in: %(fields)s.") % {"fields": "、".join(missing)})
        unsent = [item for item in rows(summary) if item.sent_at is None]
        if not unsent:
            raise ValidationError(_("The summary recommends no application yet."))
        now = timezone.now()
        RecommendationItem.objects.filter(pk__in=[item.pk for item in unsent]).update(sent_at=now)
        summary.submitted_at = now
        summary.submitted_by = user
        summary.save(update_fields=["submitted_at", "submitted_by"])
        notifications.summary_submitted(unsent)
    return summary
