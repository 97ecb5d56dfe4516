"""The learning-star page's editor form: the person's consent is confirmed before the page goes to moderation.

A draft may be saved without it (the editor may still be asking), but submitting for moderation, restarting the
workflow, approving or publishing are refused with the error beside the box. Wagtail validates drafts with its
required fields deferred, so "not deferred" is exactly "the page is going somewhere".
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

CONSENT_FIELD = "consent_obtained"
NO_CONSENT = _(
    "Tick this box once the person has agreed to the publication of their photo and story: "
    "without their consent the page cannot be submitted for moderation or published."
)
# Workflow actions from the editor that send the page nowhere: a moderator may still ask for changes.
ACTIONS_WITHOUT_CONSENT = {"reject"}  # "Request changes"


class LearningStarPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get(CONSENT_FIELD) and self._goes_to_moderation_or_live():
            self.add_error(CONSENT_FIELD, NO_CONSENT)
        return cleaned_data

    def _goes_to_moderation_or_live(self):
        if self.is_deferred_validation:
            return False  # saving a draft
        return self.data.get("workflow-action-name") not in ACTIONS_WITHOUT_CONSENT
