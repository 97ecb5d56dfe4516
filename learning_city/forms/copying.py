"""Copying a form page: Wagtail copies its questions, and nothing of its submissions.

Entries and form versions point at a page with plain foreign keys, so Wagtail's copy leaves them
behind: a copy starts with no submissions. Its questions keep their keys, so the two forms' exports
line up, unless the editor asks for new ones on the copy page ("new_keys", ``CopyFormPage``): then
each question whose key comes from its block id gets a new block id, and so a new key; keys written
in by hand or needed by the purpose stay as they are.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.pages import CopyForm

from learning_city.forms.builder import with_new_ids

NEW_KEYS = "new_keys"


class CopyFormPage(CopyForm):
    new_keys = forms.BooleanField(
        label=_("Give the copied questions new keys"),
        required=False,
        help_text=_(
            "Leave unticked to keep the keys, so both forms' exports have the same columns. Ticked, the "
            "copy's answers are kept apart; questions with a key written in by hand keep it."
        ),
    )


def renew_keys(page, user):
    """New block ids, and so new keys, for the copy's questions; published again if it is live."""
    page.steps = with_new_ids(page.steps.get_prep_value())
    page.save()
    revision = page.save_revision(user=user)
    if page.live:
        page.versions.all().delete()  # recorded by the copy's publish, for keys it no longer has
        revision.publish(user=user)


def after_copy(request, page, new_page):
    """Wagtail's ``after_copy_page`` hook."""
    if request.POST.get(NEW_KEYS) and hasattr(new_page.specific, "steps"):
        renew_keys(new_page.specific, request.user)
