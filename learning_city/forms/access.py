"""Who besides its owner may read an entry: a draft is the applicant's own until it is submitted.

Reviewers read submitted entries (and those returned for changes, which are still submissions):

- with ``lc_forms.view_formentry``, those of every form (the ministry's office);
- with ``lc_forms.export_formentry`` ("查看和导出表单提交", given to the editors group by migration
  ``lc_forms.0010``), those of the forms they manage, i.e. the form pages they may edit — as
  Wagtail's own form builder does, so an editor needs no English "Can view" box — except forms whose
  purpose keeps its entries to its own reviewers (city applications: a province sees only its own);
- through the entry's purpose (``user_can_view``: e.g. the reviewers of the province a city
  application belongs to), that entry and its files.

No other permission on entries (add, change, delete) opens anything: submissions are read-only.
"""

from wagtail.permissions import page_permission_policy

from learning_city.forms import entries, purposes
from learning_city.forms.models import MultiStepFormPage

VIEW_ENTRIES = "lc_forms.view_formentry"
EXPORT_MANAGED_ENTRIES = "lc_forms.export_formentry"


def sees_every_form(user):
    return user.is_active and user.has_perm(VIEW_ENTRIES)


def may_review(user):
    """Whether ``user`` may open the submissions listing at all (it may still be empty for them)."""
    return user.is_active and (user.has_perm(VIEW_ENTRIES) or user.has_perm(EXPORT_MANAGED_ENTRIES))


def managed_forms(user):
    """The form pages whose submissions ``user`` may list, read and export."""
    forms = MultiStepFormPage.objects.all()
    if not user.is_authenticated or not user.is_active:
        return forms.none()
    if user.has_perm(VIEW_ENTRIES):
        return forms
    if user.has_perm(EXPORT_MANAGED_ENTRIES):
        editable = page_permission_policy.instances_user_has_permission_for(user, "change")
        return forms.filter(pk__in=editable.values("pk")).exclude(purpose__in=purposes.private_to_reviewers())
    return forms.none()


def reviewable(queryset):
    """The entries of ``queryset`` a reviewer may see: submissions, never drafts."""
    return queryset.filter(status__in=entries.SUBMITTED_STATUSES)


def reviewable_by(user, queryset):
    """The submissions of ``queryset`` on the forms ``user`` manages (``managed_forms``)."""
    submissions = reviewable(queryset)
    if sees_every_form(user):
        return submissions
    return submissions.filter(page__in=managed_forms(user).values("pk"))


def reviewer_can_view(user, entry):
    """Whether ``user``, not the entry's owner, may read ``entry`` and its files."""
    if not user.is_authenticated or entry.status not in entries.SUBMITTED_STATUSES:
        return False
    if managed_forms(user).filter(pk=entry.page_id).exists():
        return True
    return bool(purposes.get(entry.page.purpose).user_can_view(user, entry))
