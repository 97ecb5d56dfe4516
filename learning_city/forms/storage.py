"""formtools storage that keeps the wizard's state in the applicant's FormEntry row.

formtools keeps state in the session by default: a sign-out, another device or a server
restart would lose it. Here every request reads the draft from the database and every
change is written back before the response leaves.
"""

import copy

from formtools.wizard.storage.base import BaseStorage


class EntryStorage(BaseStorage):
    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.entry = request.form_entry
        self.data = copy.deepcopy(self.entry.wizard_data) or {}
        if not self.data:
            self.init_data()
        self._saved = copy.deepcopy(self.data)

    def set_step_data(self, step, cleaned_data):
        super().set_step_data(step, cleaned_data)
        # The CSRF token is per-session noise; keeping it would only leak it into the database.
        self.data[self.step_data_key][step].pop("csrfmiddlewaretoken", None)

    def update_response(self, response):
        super().update_response(response)
        self.save()

    def save(self, also=()):
        """Write the draft if anything changed; ``also`` names other entry fields to write."""
        if self.data != self._saved or also:
            self.entry.wizard_data = self.data
            self.entry.save(update_fields=["wizard_data", "last_saved_at", *also])
            self._saved = copy.deepcopy(self.data)
