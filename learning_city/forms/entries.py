"""The applicant's journey through a form page, as a service with no request or response in it.

Find or start the draft, save a step with its files, tell each step's state, submit once,
and give a submitted entry back for changes and take it again. The wizard pages
(``views.py``), the JSON API (``api.py``) and the admin call these functions; the owner of
an entry is passed in as plain values: the signed-in ``user``, or the ``session_key`` of an
anonymous visitor on a form that does not require signing in.

Steps are numbered from 1 (int). The wizard's own names for steps stay inside
``storage.py`` and the wizard view.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.forms import Form
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy, ngettext

from learning_city.forms import purposes, versions
from learning_city.forms.blocks import field_key, questions
from learning_city.forms.models import Availability, FormEntry, new_reference
from learning_city.forms.step_forms import step_form_class
from learning_city.forms.storage import EntryStorage
from learning_city.forms.tasks import send_confirmation_email

OPEN_STATUSES = (FormEntry.Status.DRAFT, FormEntry.Status.RETURNED)
SUBMITTED_STATUSES = (FormEntry.Status.SUBMITTED, FormEntry.Status.RETURNED)


class CannotReopen(Exception):
    """The entry cannot be given back for changes (see ``reopen``)."""


# --- whose entry ---------------------------------------------------------------------


def _owned(user=None, session_key=None):
    """The lookup for one owner's entries: by user when signed in, else by session key."""
    if user is not None:
        return {"user": user}
    return {"user": None, "session_key": session_key or ""}


def find_draft(page, *, user=None, session_key=None):
    """The owner's open entry on ``page``: a draft, or a submission returned for changes, moved
    to the form's current version if an editor has changed the form since it was last opened."""
    entry = versions.with_version_digest(
        FormEntry.objects.filter(page=page, status__in=OPEN_STATUSES, **_owned(user, session_key))
    ).first()
    return versions.bring_up_to_date(page, entry)


def find_or_create_draft(page, *, user=None, session_key=None):
    """The owner's open entry, or a new draft (never anything else) when there is none."""
    entry = find_draft(page, user=user, session_key=session_key)
    if entry is None:
        try:
            with transaction.atomic():
                entry = FormEntry.objects.create(
                    page=page,
                    version=versions.current_version(page),
                    status=FormEntry.Status.DRAFT,
                    **_owned(user, session_key),
                )
        except IntegrityError:  # a second tab created it a moment ago
            entry = FormEntry.objects.get(page=page, status__in=OPEN_STATUSES, **_owned(user, session_key))
    return entry


def latest_submission(page, *, user=None, session_key=None):
    return (
        FormEntry.objects.filter(page=page, status=FormEntry.Status.SUBMITTED, **_owned(user, session_key))
        .order_by("-submitted_at")
        .first()
    )


def own_submission(page, reference, *, user=None, session_key=None):
    """The owner's submission with ``reference`` (also while returned for changes), or None."""
    return FormEntry.objects.filter(
        page=page, reference=reference, status__in=SUBMITTED_STATUSES, **_owned(user, session_key)
    ).first()


def submitted_entries(page):
    """What reviewers export: the page's submissions, oldest first, with those returned for
    changes (a returned entry is still a submission while its applicant fixes it)."""
    return (
        FormEntry.objects.filter(page=page, status__in=SUBMITTED_STATUSES)
        .select_related("user")
        .order_by("submitted_at")
    )


def progress_of(entries):
    """Where each submitted or returned entry stands, in its applicant's words: ``{pk: Progress}``
    from each purpose's ``progress`` hook, called once per purpose whatever the number of
    entries. Drafts, and entries their purpose says nothing of, are left out. The entries'
    pages should be loaded with them (``select_related("page")``)."""
    by_purpose = defaultdict(list)
    for entry in entries:
        if entry.status in SUBMITTED_STATUSES:
            by_purpose[entry.page.purpose].append(entry)
    found = {}
    for name, batch in by_purpose.items():
        found.update(purposes.get(name).progress(batch))
    return found


# --- what may change -----------------------------------------------------------------


def accepts_changes(page, entry):
    """Whether ``entry`` may be saved and submitted now: while the page is open, and at any
    time once a reviewer has returned it for changes (the deadline was met by the first
    submission)."""
    if entry is not None and entry.status == FormEntry.Status.RETURNED:
        return True
    return page.availability() == Availability.OPEN


def locked_keys(page, entry):
    """The questions the applicant may not change on ``entry``: those its purpose locks once
    the entry is returned for changes; none otherwise."""
    if entry is None or entry.status != FormEntry.Status.RETURNED:
        return frozenset()
    return frozenset(purposes.get(page.purpose).locked_keys(entry))


def _submission_limit_reached(page, user=None, session_key=None, entry=None):
    """The message when the owner has submitted ``page`` as often as it allows ("" otherwise);
    ``entry``, being submitted now, is not counted."""
    submitted = FormEntry.objects.filter(page=page, status__in=SUBMITTED_STATUSES, **_owned(user, session_key))
    if entry is not None:
        submitted = submitted.exclude(pk=entry.pk)
    limit = page.max_submissions_per_account
    if submitted.count() < limit:
        return ""
    return ngettext(
        "Each account may submit this form %(limit)d time, and yours has already done so.",
        "Each account may submit this form %(limit)d times, and yours has already done so.",
        limit,
    ) % {"limit": limit}


def new_entry_refusal(page, user=None, session_key=None):
    """Why the owner may not start a new entry on ``page`` now ("" when they may): the form's
    limit of submissions per account, or the purpose's reasons. An open entry they already have
    is always theirs to carry on."""
    if (user is None and not session_key) or find_draft(page, user=user, session_key=session_key) is not None:
        return ""
    refusal = _submission_limit_reached(page, user=user, session_key=session_key)
    if refusal or user is None:
        return refusal
    return str(purposes.get(page.purpose).new_entry_refusal(page, user) or "")


def submission_problems(page, entry):
    """Why ``entry`` cannot be taken now (messages for the applicant): the form's limit of
    submissions per account (a first submission only), and the purpose's reasons."""
    problems = []
    if entry.status == FormEntry.Status.DRAFT:
        owner = {"user": entry.user} if entry.user_id else {"session_key": entry.session_key}
        problems.append(_submission_limit_reached(page, entry=entry, **owner))
    problems += [str(problem) for problem in purposes.get(page.purpose).validate_submission(entry)]
    return [problem for problem in problems if problem]


# --- saving a step -------------------------------------------------------------------

LOCKED_ERROR = gettext_lazy("This answer cannot be changed now: the entry was returned for other changes.")
ATTACHMENTS_LIMIT_ERROR = gettext_lazy(
    "The files attached to one entry may take %(limit)d MB together, and %(used)s are attached already: "
    "“%(name)s” (%(size)s) was not added. Remove files you do not need first."
)


@dataclass
class StepResult:
    form: Form
    valid: bool


def _posted(data, key):
    """The values posted for question ``key``: its own name and, for a group, its rows."""
    return {name: list(data.getlist(name)) for name in data if name == key or name.startswith(f"{key}-")}


def _keep_locked(data, stored, keys):
    """``data`` with the stored values of the locked ``keys``, and an error for each key whose
    posted value differed. A key left out of the post (a disabled input is not sent) is no error."""
    kept = MultiValueDict({name: list(values) for name, values in data.lists()})
    stored = stored or MultiValueDict()
    errors = {}
    for key in keys:
        posted, before = _posted(kept, key), _posted(stored, key)
        if posted and posted != before:
            errors[key] = [str(LOCKED_ERROR)]
        for name in posted:
            del kept[name]
        for name, values in before.items():
            kept.setlist(name, values)
    return kept, errors


def _within_attachment_limit(page, entry, upload_keys, data, files):
    """``files`` less the new uploads that would take the entry's attachments together past the
    form's limit, and an error for each file left out, by question. What is attached counts, less
    the files this post removes; new files count in the order they came."""
    if not any(files.getlist(key) for key in upload_keys):
        return files, {}  # no new upload to weigh: what is attached need not be read
    limit = page.max_attachment_megabytes * 1024 * 1024
    removed = {key: set(data.getlist(f"{key}-remove")) for key in upload_keys}
    used = sum(
        item.size
        for item in entry.files.only("pk", "field_key", "size")
        if str(item.pk) not in removed.get(item.field_key, ())
    )
    kept, refused = MultiValueDict(), {}
    for key, uploads in files.lists():
        accepted = []
        for uploaded in uploads:
            if key in upload_keys and used + uploaded.size > limit:
                refused.setdefault(key, []).append(
                    ATTACHMENTS_LIMIT_ERROR
                    % {
                        "limit": page.max_attachment_megabytes,
                        "used": filesizeformat(used),
                        "name": uploaded.name,
                        "size": filesizeformat(uploaded.size),
                    }
                )
                continue
            used += uploaded.size if key in upload_keys else 0
            accepted.append(uploaded)
        kept.setlist(key, accepted)
    return kept, refused


def save_step(page, entry, number, data, files=None, *, storage=None):
    """Bind step ``number`` to what was posted, apply its uploads, validate, and keep everything
    typed, valid or not, with what is complete, in one write.

    ``storage`` is the wizard's storage when the wizard view calls this (so the wizard's own
    write at the end of the response carries the same state); otherwise one is made for
    ``entry``.
    """
    storage = storage or EntryStorage.for_entry(entry)
    locked = locked_keys(page, entry)
    form_class = page.step_form_class(number)
    files = files or MultiValueDict()
    locked_here = locked.intersection(form_class.base_fields)
    data, refused = _keep_locked(data, storage.typed(number), locked_here)
    for key in locked_here:
        if files.getlist(key):  # files sent for a locked upload question are not stored
            refused[key] = [str(LOCKED_ERROR)]
    upload_keys = {key for key, field in form_class.base_fields.items() if hasattr(field, "apply")} - locked_here
    files, too_large = _within_attachment_limit(page, entry, upload_keys, data, files)
    for key, problems in too_large.items():
        refused.setdefault(key, []).extend(problems)
    form = form_class(data=data, files=files, prefix=None, entry=entry, locked=locked)
    for key, problems in form.apply_uploads().items():
        refused.setdefault(key, []).extend(problems)
    valid = form.is_valid() and not refused
    for key, problems in refused.items():
        form.add_error(key, problems)

    storage.keep_typed(number, data)
    entry.answers = {**entry.answers, **form.answers()}
    for key in form.errors:
        if key not in locked:  # a refused change leaves the stored answer as it was
            entry.answers.pop(key, None)
    completed = set(entry.completed_steps)
    (completed.add if valid else completed.discard)(number)
    entry.completed_steps = sorted(completed)
    if valid:
        entry.changed_steps = [changed for changed in entry.changed_steps if changed != number]
    entry.current_step = number
    storage.save(also=("answers", "completed_steps", "changed_steps", "current_step"))
    return StepResult(form=form, valid=valid)


# --- reading the journey -------------------------------------------------------------


def step_statuses(page, entry):
    """Each step with its state for the task list: not_started, in_progress, complete, or
    changed (it was complete, and the form has changed under it since)."""
    completed = set(entry.completed_steps) if entry else set()
    changed = set(entry.changed_steps) if entry else set()
    typed = EntryStorage.for_entry(entry).all_typed() if entry else {}
    with_files = set(entry.files.values_list("field_key", flat=True)) if entry else set()
    rows = []
    for number, step in enumerate(page.step_list, start=1):
        keys = [field_key(child) for child in questions(step)]
        touched = bool(with_files.intersection(keys)) or any(
            any(str(value).strip() for value in typed.get(name, []))
            for key in keys
            for name in typed
            if name == key or name.startswith(f"{key}-")
        )
        if number in completed:
            state = "complete"
        elif number in changed:
            state = "changed"
        else:
            state = "in_progress" if touched else "not_started"
        rows.append({"number": number, "title": step["title"], "state": state, "url": page.step_url(number)})
    return rows


def first_incomplete_step(page, entry):
    """Re-validate every step from what is stored: a skipped or tampered step cannot slip through."""
    storage = EntryStorage.for_entry(entry)
    for number, step_value in enumerate(page.step_list, start=1):
        data = storage.typed(number)
        form = step_form_class(step_value)(data=data or MultiValueDict(), prefix=None, entry=entry)
        if data is None or not form.is_valid():
            return number
    return None


def answers_by_step(page, answers, version=None):
    """Every question's label and displayed answer, step by step, with the step's URL, read
    through ``version`` of the form (the page's current questions without one); answers to
    questions that version does not ask come last, marked ``earlier`` (see ``Definition.rows``)."""
    definition = version.definition if version is not None else page.definition
    summary = definition.rows(answers, earlier=versions.earlier_definitions(page.pk))
    for step in summary:
        step["url"] = page.step_url(step["number"]) if step["number"] else None
    return summary


def summary_of(entry, page=None):
    """``answers_by_step`` for ``entry``, through the version it was answered on."""
    page = page or entry.page.specific
    return answers_by_step(page, entry.answers, entry.version if entry.version_id else None)


# --- submitting, returning, resubmitting ---------------------------------------------


@dataclass
class SubmitResult:
    """What became of a submit: ``accepted``, or the step still to complete, or the purpose's
    reasons for refusing. ``resubmitted`` when a returned entry was taken back."""

    entry: FormEntry
    incomplete_step: int | None = None
    problems: list = field(default_factory=list)
    resubmitted: bool = False

    @property
    def accepted(self):
        return self.incomplete_step is None and not self.problems


def submit(page, entry):
    """Submit once, under a row lock: a second call (double click, refresh) changes nothing.

    A first submission draws the reference; a returned entry keeps its reference and first
    submission time, and its purpose hears of it as a resubmission.
    """
    with transaction.atomic():
        entry = FormEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == FormEntry.Status.SUBMITTED:
            return SubmitResult(entry)
        versions.bring_up_to_date(page, entry)  # the form may have changed since the check page
        incomplete = first_incomplete_step(page, entry)
        if incomplete is not None:
            return SubmitResult(entry, incomplete_step=incomplete)
        problems = submission_problems(page, entry)
        if problems:
            return SubmitResult(entry, problems=problems)
        purpose = purposes.get(page.purpose)
        resubmitted = entry.status == FormEntry.Status.RETURNED
        entry.status = FormEntry.Status.SUBMITTED
        if resubmitted:
            entry.resubmitted_at = timezone.now()
            entry.save(update_fields=["status", "resubmitted_at", "last_saved_at"])
            if purpose.takes_resubmissions:
                purpose.on_resubmit(entry)
        else:
            entry.reference = new_reference()
            entry.submitted_at = timezone.now()
            entry.save(update_fields=["status", "reference", "submitted_at", "last_saved_at"])
            purpose.on_submit(entry)
        transaction.on_commit(lambda: send_confirmation_email.delay(entry.pk))
    return SubmitResult(entry, resubmitted=resubmitted)


def reopen(entry):
    """Give a submitted entry back to its owner for changes (a reviewer asked for them).

    The entry keeps its reference and submission time, and becomes the owner's open entry on
    its page: the wizard, the check page and the API edit it, even after the page has closed,
    and submitting it again is a resubmission. Returning an entry already returned changes
    nothing. An untouched draft the owner started meanwhile on the same page gives way (one open
    entry per owner and page); a draft with anything saved in it does not, and neither does an entry
    whose purpose cannot take a resubmission: both raise ``CannotReopen``.
    """
    with transaction.atomic():
        entry = FormEntry.objects.select_for_update().select_related("page").get(pk=entry.pk)
        if entry.status == FormEntry.Status.RETURNED:
            return entry
        if entry.status != FormEntry.Status.SUBMITTED:
            raise CannotReopen(f"{entry} is a draft, not a submission")
        if not purposes.get(entry.page.purpose).takes_resubmissions:
            raise CannotReopen(f"the purpose of {entry.page} does not take resubmissions")
        owner = {"user_id": entry.user_id} if entry.user_id else {"user": None, "session_key": entry.session_key}
        other = (
            FormEntry.objects.select_for_update()
            .filter(page_id=entry.page_id, status__in=OPEN_STATUSES, **owner)
            .exclude(pk=entry.pk)
            .first()
        )
        if other is not None:
            # Only an untouched draft gives way; a returned entry is a submission, never deleted.
            touched = other.wizard_data.get("step_data") or other.files.exists()
            if other.status != FormEntry.Status.DRAFT or touched:
                raise CannotReopen(f"{entry} cannot be returned: its owner has another open entry on {entry.page}")
            other.delete()
        entry.status = FormEntry.Status.RETURNED
        entry.save(update_fields=["status", "last_saved_at"])
    return entry
