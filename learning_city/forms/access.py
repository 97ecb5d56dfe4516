"""Who besides its owner may read an entry: a draft is the applicant's own until it is submitted.

Reviewers read submitted entries (and those returned for changes, which are still submissions) with
the ``lc_forms.view_formentry`` permission, or through the entry's purpose (``user_can_view``: e.g. the
reviewers of the province a city application belongs to). No other permission on entries (add, change,
delete) opens anything: submissions are read-only.
"""

from learning_city.forms import entries, purposes

VIEW_ENTRIES = "lc_forms.view_formentry"


def may_review(user):
    """Whether ``user`` may list, read and export the submissions of every form."""
    return user.has_perm(VIEW_ENTRIES)


def reviewable(queryset):
    """The entries of ``queryset`` a reviewer may see: submissions, never drafts."""
    return queryset.filter(status__in=entries.SUBMITTED_STATUSES)


def reviewer_can_view(user, entry):
    """Whether ``user``, not the entry's owner, may read ``entry`` and its files."""
    if not user.is_authenticated or entry.status not in entries.SUBMITTED_STATUSES:
        return False
    return may_review(user) or bool(purposes.get(entry.page.purpose).user_can_view(user, entry))
