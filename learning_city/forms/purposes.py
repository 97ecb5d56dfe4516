"""What happens to a submitted entry, by the form page's purpose.

The forms app knows no purpose of its own beyond storing: other apps register theirs at
start-up (``AppConfig.ready``) with the field keys their handler needs, and the admin
refuses a form page whose fields lack them.

A purpose is told of each submission (``on_submit``) and, if it lets reviewers return
entries for changes, of each resubmission (``on_resubmit``; an entry can only be returned
when the purpose has one). Two optional checks shape the applicant's journey:
``locked_keys(entry)`` names the answers that may not change while the entry is returned,
and ``validate_submission(entry)`` returns messages that stop a submit (both first and
repeated), e.g. "an application for this city is already under review". Both run inside
the submit's transaction, under the entry's row lock, as do the two handlers.
``new_entry_refusal(page, user)`` returns a message when that user may not start a new entry
on the page (their application is still under review), and ``user_can_view(user, entry)``
lets reviewers the purpose knows of see an entry's files.

``progress(entries)`` tells applicants where their submitted (or returned) entries stand:
it takes a batch of the purpose's entries and returns ``{entry.pk: Progress}`` in a number
of queries that does not grow with the batch ("我的申请" lists them all at once). Entries
it leaves out, and every entry of a purpose without the hook, show their plain status.

``submitted_panel(request, entry, place)`` adds the purpose's own part to a submitted entry's
pages: ``(template name, context)`` or None, rendered by ``{% submitted_panel entry %}``
(``templatetags/purpose_panels.py``). ``place`` is "page" on the entry's submitted page, where
a panel takes the place of the printable copy's button (e.g. a PDF to stamp and the stamped
scan to send back), or "list" on "我的申请" (keep it to links: no query per entry).

For editors who never see a key: ``description`` says in plain words what the purpose does with a
submission, and ``template()`` gives the steps (StreamField JSON) a new form of the purpose starts
from, its required questions already keyed (``builder.py``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _


def _nothing(entry):
    return ()


def _no_refusal(page, user):
    return ""


def _nobody(user, entry):
    return False


def _no_progress(entries):
    return {}


def _no_panel(request, entry, place):
    return None


def _no_steps():
    return []


@dataclass(frozen=True)
class Message:
    """Something reviewers addressed to the applicant (never a note meant for staff)."""

    title: str
    text: str
    at: datetime | None = None


@dataclass(frozen=True)
class Step:
    """One stage on the way through the review, for a labelled step indicator.

    ``state`` is one of ``Step.STATES``: done, current, changes (the applicant must act),
    stopped, or upcoming."""

    STATES = ("done", "current", "changes", "stopped", "upcoming")

    label: str
    state: str


@dataclass(frozen=True)
class Progress:
    """Where a submitted entry stands, in words for its applicant.

    ``status`` is a stable code (for tests and styling), ``label`` the status in public words,
    ``explanation`` one or two sentences on what it means, ``subject`` what the entry is about
    (e.g. the city), ``steps`` the way through the review, ``messages`` what reviewers addressed
    to the applicant (newest first), ``can_resubmit`` whether "修改并重新提交" applies."""

    status: str
    label: str
    explanation: str = ""
    subject: str = ""
    steps: tuple = ()
    messages: tuple = ()
    can_resubmit: bool = False


@dataclass(frozen=True)
class Purpose:
    name: str
    label: str
    required_keys: tuple = ()
    on_submit: Callable = field(default=lambda entry: None)
    # Called instead of on_submit when a returned entry is submitted again; None: entries of
    # this purpose cannot be returned (``entries.reopen`` refuses).
    on_resubmit: Callable | None = None
    # The keys whose answers an applicant may not change on a returned entry.
    locked_keys: Callable = _nothing
    # Messages for the applicant (translated strings) that stop a submit; none: it goes ahead.
    validate_submission: Callable = _nothing
    # A message (translated) when ``user`` may not start a new entry on ``page``; "" when they may.
    new_entry_refusal: Callable = _no_refusal
    # Whether ``user`` may see ``entry`` and its files besides its owner and entry reviewers.
    user_can_view: Callable = _nobody
    # ``progress(entries) -> {entry.pk: Progress}`` for a batch of submitted or returned entries,
    # in a bounded number of queries; entries left out show their plain status.
    progress: Callable = _no_progress
    # ``submitted_panel(request, entry, place) -> (template name, context)`` or None: the purpose's
    # part of the submitted page (place "page") and of "我的申请" (place "list").
    submitted_panel: Callable = _no_panel
    # Whether the purpose's own reviewers (``user_can_view``) are the only ones besides the ministry's
    # office to read its entries: then managing the form page does not open them.
    private_to_its_reviewers: bool = False
    # What happens to a submission, in plain words for editors (no keys).
    description: str = ""
    # ``template() -> steps`` (StreamField JSON) that a new form of this purpose starts from.
    template: Callable = _no_steps

    @property
    def takes_resubmissions(self):
        return self.on_resubmit is not None


STORE_ONLY = Purpose(
    name="store",
    label=_("Store submissions only"),
    on_resubmit=lambda entry: None,
    description=_(
        "Submissions are kept for you to read and export under “Form submissions”; nothing else happens. "
        "Any questions will do."
    ),
)

_registry = {}


def register(purpose):
    _registry[purpose.name] = purpose
    return purpose


def get(name):
    return _registry.get(name, STORE_ONLY)


def private_to_reviewers():
    return [purpose.name for purpose in _registry.values() if purpose.private_to_its_reviewers]


def choices():
    return [(purpose.name, purpose.label) for purpose in _registry.values()]


def registered():
    return list(_registry.values())
