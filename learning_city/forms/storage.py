"""formtools storage that keeps the wizard's state in the applicant's FormEntry row.

formtools keeps state in the session by default: a sign-out, another device or a server
restart would lose it. Here every request reads the draft from the database and every
change is written back before the response leaves.

formtools names steps by string ("1", "2"…); everywhere else a step is its number (int).
This module and the wizard view are the boundary: ``step_name`` and ``step_number``
convert, and nothing else does.
"""

import copy

from formtools.wizard.storage.base import BaseStorage


def step_name(number):
    """The formtools name of step ``number``."""
    return str(number)


def step_number(name):
    """The number of the step formtools calls ``name``; None for a name that is not a number."""
    return int(name) if isinstance(name, str) and name.isdigit() else None


def wizard_prefix(page_id):
    """One prefix per form page: two forms never share wizard state."""
    return f"form_{page_id}"


class EntryStorage(BaseStorage):
    """The wizard's state in ``entry.wizard_data``.

    The wizard view builds it from ``request.form_entry``; the journey service
    (``entries.py``) builds it for an entry with ``EntryStorage.for_entry``.
    """

    def __init__(self, prefix, request=None, file_storage=None, entry=None):
        super().__init__(prefix, request, file_storage)
        self.entry = entry if entry is not None else request.form_entry
        self.data = copy.deepcopy(self.entry.wizard_data) or {}
        if not self.data:
            self.init_data()
        self._saved = copy.deepcopy(self.data)

    @classmethod
    def for_entry(cls, entry):
        return cls(wizard_prefix(entry.page_id), entry=entry)

    def set_step_data(self, step, cleaned_data):
        super().set_step_data(step, cleaned_data)
        # The CSRF token is per-session noise; keeping it would only leak it into the database.
        self.data[self.step_data_key][step].pop("csrfmiddlewaretoken", None)

    def typed(self, number):
        """What was last posted for step ``number`` (a MultiValueDict), or None if nothing was."""
        return self.get_step_data(step_name(number))

    def all_typed(self):
        """Every value posted on any step, by field name."""
        found = {}
        for data in self.data[self.step_data_key].values():
            found.update(data)
        return found

    def keep_typed(self, number, data):
        self.set_step_data(step_name(number), data)

    def forget_typed(self):
        """Drop what was posted on every step (the entry's answers are left as they are)."""
        self.data[self.step_data_key] = {}

    def update_response(self, response):
        super().update_response(response)
        self.save()

    def save(self, also=()):
        """Write the draft if anything changed; ``also`` names other entry fields to write."""
        if self.data != self._saved or also:
            self.entry.wizard_data = self.data
            fields = ["wizard_data", "last_saved_at", *also]
            meta = self.entry._meta
            if any(meta.get_field(name).is_relation for name in fields):
                self.entry.save(update_fields=fields)
            else:
                # Imported here: Wagtail's signal handlers need the app registry, which this module is loaded before.
                from wagtail.signal_handlers import disable_reference_index_auto_update

                # Wagtail's reference index records the entry's foreign keys (form, version, owner) only: a
                # save of none of them leaves it as it was, and updating it anyway reads the entry again
                # and takes the database's write lock a second time.
                with disable_reference_index_auto_update():
                    self.entry.save(update_fields=fields)
            self._saved = copy.deepcopy(self.data)
