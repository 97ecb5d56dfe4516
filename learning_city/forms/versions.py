"""Versions of a form: which definition an entry reads through, and drafts moved to a changed form.

An entry is answered on the version of the form that was live then (``FormVersion``). A
submission keeps it for good; an open entry (a draft, or a submission returned for changes)
moves to the newest version the next time it is opened, by the questions' stable keys: answers
to questions that remain are kept, answers to removed questions stay in the entry (shown as
from an earlier version), and a step that was complete but is not under the new questions is
flagged for the applicant.
"""

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.datastructures import MultiValueDict

from learning_city.forms.models import FormEntry, FormVersion, MultiStepFormPage
from learning_city.forms.step_forms import step_form_class
from learning_city.forms.storage import EntryStorage

OPEN_STATUSES = (FormEntry.Status.DRAFT, FormEntry.Status.RETURNED)


def current_version(page):
    """The version the page's live steps are, recorded the first time it is needed."""
    cached = getattr(page, "_current_version", None)
    if cached is not None:  # the page object lives for one request (or one publish)
        return cached
    digest = page.steps_digest()
    version = FormVersion.objects.filter(page_id=page.pk, digest=digest).first()
    if version is None:
        snapshot = page.steps_snapshot()
        try:
            with transaction.atomic():
                latest = FormVersion.objects.filter(page_id=page.pk).aggregate(Max("number"))["number__max"] or 0
                version = FormVersion.objects.create(page_id=page.pk, number=latest + 1, steps=snapshot, digest=digest)
        except IntegrityError:  # recorded a moment ago by another request
            version = FormVersion.objects.get(page_id=page.pk, digest=digest)
    page._current_version = version
    return version


def record_published(sender, instance, **kwargs):
    """``page_published`` receiver: a form page's published steps become its current version."""
    if isinstance(instance, MultiStepFormPage):
        current_version(instance)


def definition_of(entry, page=None):
    """The definition ``entry`` reads through: its version's, or the page's for an entry from
    before versions were kept."""
    if entry.version_id:
        return entry.version.definition
    return (page or entry.page.specific).definition


def earlier_definitions(page_id):
    """A callable giving the page's versions' definitions, newest first (for answers to
    questions the entry's own version does not ask)."""

    def load():
        return [version.definition for version in FormVersion.objects.filter(page_id=page_id).order_by("-number")]

    return load


def with_version_digest(entries):
    """``entries`` (a queryset) each read with its version's digest, so that ``bring_up_to_date`` sees
    an entry on the current version without looking that version up."""
    return entries.annotate(version_digest=F("version__digest"))


def bring_up_to_date(page, entry):
    """Move an open entry to the page's current version (nothing to do when it is on it)."""
    if entry is None or entry.status not in OPEN_STATUSES:
        return entry
    # Its version belongs to the page, whose versions have distinct digests: the same digest is the same version.
    read_digest = getattr(entry, "version_digest", None)
    if entry.version_id is not None and read_digest is not None and read_digest == page.steps_digest():
        return entry
    version = current_version(page)
    if entry.version_id == version.pk:
        return entry
    if entry.version_id is None:  # started before versions were kept: it was answered on these steps
        entry.version = version
        entry.save(update_fields=["version"])
        return entry
    _move(entry, version)
    return entry


def _belongs(name, keys):
    return any(name == key or name.startswith(f"{key}-") for key in keys)


def _move(entry, version):
    before = entry.version.definition
    was_complete = {
        key for number in entry.completed_steps if number <= len(before.steps) for key in before.step_keys(number)
    }
    storage = EntryStorage.for_entry(entry)
    typed = storage.all_typed()
    storage.forget_typed()  # then laid out again by the new version's steps
    definition = version.definition
    # A returned submission keeps its answers to removed questions (reviewers have read them,
    # shown as from an earlier version); a draft's go with their questions.
    answers = {
        key: answer
        for key, answer in entry.answers.items()
        if key not in definition.by_key and entry.status == FormEntry.Status.RETURNED
    }
    completed, changed = [], []
    for number, step in enumerate(definition.steps, start=1):
        keys = definition.step_keys(number)
        data = MultiValueDict({name: list(values) for name, values in typed.items() if _belongs(name, keys)})
        if not data:
            continue  # nothing typed for this step's questions yet: not started
        storage.keep_typed(number, data)
        form = step_form_class(step)(data=data, prefix=None, entry=entry)
        valid = form.is_valid()
        answers.update(form.answers())
        if valid:
            completed.append(number)
        elif was_complete.intersection(keys):
            changed.append(number)
    entry.version = version
    entry.answers = answers
    entry.completed_steps = completed
    entry.changed_steps = changed
    storage.save(also=("version", "answers", "completed_steps", "changed_steps"))


# --- what a change to the form does ----------------------------------------------------------


def question_changes(before, after):
    """The questions that differ between two definitions: ``[(kind, label, label before)]`` with
    kind one of added, removed, changed (its wording, type or settings)."""
    changes = []
    for key, question in after.by_key.items():
        old = before.by_key.get(key)
        if old is None:
            changes.append(("added", question.full_label, ""))
        elif (old.block_type, old.section, _settings(old)) != (
            question.block_type,
            question.section,
            _settings(question),
        ):
            changes.append(("changed", question.full_label, old.full_label))
    changes += [
        ("removed", old.full_label, old.full_label) for key, old in before.by_key.items() if key not in after.by_key
    ]
    return changes


def _settings(question):
    """A question's settings as compared: block ids (new on every load from JSON) left out, and an
    empty optional setting the same whether stored as null or as an empty string."""
    return _comparable(question.block.get_prep_value(question.value))


def _comparable(data):
    if isinstance(data, dict):
        return {name: _comparable(value) for name, value in data.items() if name != "id"}
    if isinstance(data, list):
        return [_comparable(item) for item in data]
    return "" if data is None else data


def usage(page):
    """How many open drafts, and how many submissions on the live version, a change would touch."""
    version = current_version(page)
    entries = FormEntry.objects.filter(page_id=page.pk)
    return {
        "drafts": entries.filter(status__in=OPEN_STATUSES).count(),
        "submissions": entries.filter(version=version).exclude(status__in=OPEN_STATUSES).count(),
    }


# --- exports over every version ------------------------------------------------------------


def definitions_by_version(page):
    """``{version id: Definition}`` for every version of the page, newest first, in one query."""
    return {
        version.pk: version.definition for version in FormVersion.objects.filter(page_id=page.pk).order_by("-number")
    }


def export_columns(page, definitions):
    """One column per stable key across the page's versions (``definitions``, newest first), in
    the latest order, then keys only earlier versions asked: ``[(key, Question)]``, newest wording."""
    columns = {question.key: question for _number, question in page.definition.questions}
    for definition in definitions:
        for _number, question in definition.questions:
            columns.setdefault(question.key, question)
    return list(columns.items())
