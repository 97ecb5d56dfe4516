"""The applicant's journey through a multi-step form page: steps, check answers, submit."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from formtools.wizard.views import NamedUrlWizardView

from learning_city.forms import purposes
from learning_city.forms.blocks import field_key, questions
from learning_city.forms.embedding import base_template
from learning_city.forms.models import FormEntry, new_reference
from learning_city.forms.step_forms import step_form_class
from learning_city.forms.tasks import send_confirmation_email

DONE = "check"


def _owner(request):
    if request.user.is_authenticated:
        return {"user": request.user}
    if not request.session.session_key:
        request.session.save()
    return {"user": None, "session_key": request.session.session_key}


def draft_for(request, page, create=False):
    lookup = {"page": page, "status": FormEntry.Status.DRAFT, **_owner(request)}
    entry = FormEntry.objects.filter(**lookup).first()
    if entry is None and create:
        try:
            with transaction.atomic():
                entry = FormEntry.objects.create(**lookup)
        except IntegrityError:  # a second tab created it a moment ago
            entry = FormEntry.objects.get(**lookup)
    return entry


def latest_submission(request, page):
    return (
        FormEntry.objects.filter(page=page, status=FormEntry.Status.SUBMITTED, **_owner(request))
        .order_by("-submitted_at")
        .first()
    )


def _sign_in_needed(request, page):
    return page.login_required and not request.user.is_authenticated


def step_url(page, number):
    return page.url + page.reverse_subpage("step", args=[int(number)])


def check_url(page):
    return page.url + page.reverse_subpage("check")


def step_statuses(page, entry):
    """Each step with its state for the task list: not_started, in_progress or complete."""
    completed = set(entry.completed_steps) if entry else set()
    raw = {}
    with_files = set()
    if entry:
        for data in entry.wizard_data.get("step_data", {}).values():
            raw.update(data)
        with_files = set(entry.files.values_list("field_key", flat=True))
    rows = []
    for number, step in enumerate(page.step_list, start=1):
        keys = [field_key(child) for child in questions(step)]
        touched = bool(with_files.intersection(keys)) or any(
            any(str(value).strip() for value in raw.get(name, []))
            for key in keys
            for name in raw
            if name == key or name.startswith(f"{key}-")
        )
        state = "complete" if str(number) in completed else ("in_progress" if touched else "not_started")
        rows.append({"number": number, "title": step["title"], "state": state, "url": step_url(page, number)})
    return rows


class FormWizard(NamedUrlWizardView):
    storage_name = "learning_city.forms.storage.EntryStorage"
    template_name = "forms/step.html"
    page = None

    def get_prefix(self, request, *args, **kwargs):
        # One prefix per form page: two forms never share wizard state.
        return f"form_{self.page.pk}"

    def get_form_prefix(self, step=None, form=None):
        return ""  # field names are the stable keys, whatever step they are on

    def get_step_url(self, step):
        return check_url(self.page) if step == self.done_step_name else step_url(self.page, step)

    def get_form_kwargs(self, step=None):
        return {"entry": self.storage.entry}

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        number = int(self.steps.current)
        context.update(
            page=self.page,
            step=self.page.step_list[number - 1],
            step_number=number,
            step_count=len(self.page.step_list),
            entry=self.storage.entry,
            previous_url=step_url(self.page, number - 1) if number > 1 else None,
            base_template=base_template(self.request, self.page),
        )
        return context

    def post(self, *args, **kwargs):
        if self.page.availability() != "open":
            messages.error(self.request, _("This form is not open for submissions now. Nothing you saved is lost."))
            return redirect(self.page.url)
        posted_step = self.request.POST.get(f"{self.prefix}-current_step")
        if posted_step not in self.get_form_list():
            messages.error(self.request, _("That step does not exist. Please start from the task list."))
            return redirect(self.page.url)
        self.storage.current_step = posted_step
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        refused = form.apply_uploads()
        valid = form.is_valid()
        for key, problems in refused.items():
            form.add_error(key, problems)
        valid = valid and not refused
        self._record(posted_step, form, valid)

        goto = self.request.POST.get("wizard_goto_step")
        if self.request.POST.get("action") == "save":
            messages.success(self.request, _("Saved. You can come back and carry on at any time."))
            return redirect(self.page.url)
        if goto in self.get_form_list():
            return redirect(self.get_step_url(goto))
        if not valid:
            return self.render(form)
        next_step = self.get_next_step(posted_step)
        return redirect(self.get_step_url(next_step or self.done_step_name))

    def _record(self, step, form, valid):
        record_step(self.storage, step, self.process_step(form), form, valid)


def record_step(storage, step, raw_data, form, valid):
    """Keep everything typed, valid or not, and what is complete, in one write."""
    entry = storage.entry
    storage.set_step_data(step, raw_data)
    entry.answers = {**entry.answers, **form.answers()}
    for key in form.errors:
        entry.answers.pop(key, None)
    completed = set(entry.completed_steps)
    (completed.add if valid else completed.discard)(step)
    entry.completed_steps = sorted(completed, key=int)
    entry.current_step = int(step)
    storage.save(also=("answers", "completed_steps", "current_step"))


def _wizard_response(request, page, step):
    form_list = [
        (str(number), step_form_class(step_value)) for number, step_value in enumerate(page.step_list, start=1)
    ]
    view = FormWizard.as_view(form_list=form_list, page=page, url_name="unused", done_step_name=DONE)
    return view(request, step=step)


def landing(request, page):
    entry = draft_for(request, page) if request.user.is_authenticated or not page.login_required else None
    context = {
        "page": page,
        "self": page,
        "entry": entry,
        "availability": page.availability(),
        "steps": step_statuses(page, entry),
        "submission": latest_submission(request, page) if request.user.is_authenticated else None,
        "sign_in_needed": _sign_in_needed(request, page),
        "base_template": base_template(request, page),
    }
    return TemplateResponse(request, "forms/multi_step_form_page.html", context)


def step(request, page, number):
    if _sign_in_needed(request, page):
        return redirect_to_login(request.get_full_path())
    if not 1 <= number <= len(page.step_list):
        raise Http404
    if page.availability() != "open" and request.method == "GET" and draft_for(request, page) is None:
        return redirect(page.url)
    request.form_entry = draft_for(request, page, create=True)
    return _wizard_response(request, page, str(number))


def first_incomplete_step(page, entry):
    """Re-validate every step from what is stored: a skipped or tampered step cannot slip through."""
    stored = entry.wizard_data.get("step_data", {})
    for number, step_value in enumerate(page.step_list, start=1):
        data = stored.get(str(number))
        form = step_form_class(step_value)(data=_as_query_dict(data), prefix=None, entry=entry)
        if data is None or not form.is_valid():
            return number
    return None


def _as_query_dict(data):
    from django.utils.datastructures import MultiValueDict

    return MultiValueDict(data or {})


def check(request, page):
    if _sign_in_needed(request, page):
        return redirect_to_login(request.get_full_path())
    entry = draft_for(request, page)
    if entry is None:
        submission = latest_submission(request, page)
        if submission is not None:  # a refresh or second click after submitting
            return redirect(page.url + page.reverse_subpage("submitted", args=[submission.reference]))
        return redirect(page.url)
    if request.method == "POST":
        return submit(request, page, entry)
    incomplete = first_incomplete_step(page, entry)
    context = {
        "page": page,
        "self": page,
        "entry": entry,
        "incomplete_step": incomplete,
        "summary": answers_by_step(page, entry.answers),
        "availability": page.availability(),
        "base_template": base_template(request, page),
    }
    return TemplateResponse(request, "forms/check.html", context)


def answers_by_step(page, answers):
    summary = []
    for number, step_value in enumerate(page.step_list, start=1):
        rows = []
        for child in questions(step_value):
            key = field_key(child)
            rows.append(
                {"label": child.value["label"], "value": child.block.display(child.value, answers.get(key)), "key": key}
            )
        summary.append({"number": number, "title": step_value["title"], "rows": rows, "url": step_url(page, number)})
    return summary


def submit_entry(page, entry):
    """Submit once, under a row lock: (entry, None) when submitted (now or before), else
    (entry, number of the first step still to complete)."""
    with transaction.atomic():
        entry = FormEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == FormEntry.Status.SUBMITTED:
            return entry, None
        incomplete = first_incomplete_step(page, entry)
        if incomplete is not None:
            return entry, incomplete
        entry.status = FormEntry.Status.SUBMITTED
        entry.reference = new_reference()
        entry.submitted_at = timezone.now()
        entry.save(update_fields=["status", "reference", "submitted_at", "last_saved_at"])
        purposes.get(page.purpose).on_submit(entry)
        transaction.on_commit(lambda: send_confirmation_email.delay(entry.pk))
    return entry, None


def submit(request, page, entry):
    if page.availability() != "open":
        messages.error(request, _("This form is not open for submissions now. Nothing you saved is lost."))
        return redirect(check_url(page))
    entry, incomplete = submit_entry(page, entry)
    if incomplete is not None:
        messages.error(request, _("Please complete step %(number)d before you submit.") % {"number": incomplete})
        return redirect(step_url(page, incomplete))
    return redirect(page.url + page.reverse_subpage("submitted", args=[entry.reference]))


def _own_submission(request, page, reference):
    entry = FormEntry.objects.filter(
        page=page, reference=reference, status=FormEntry.Status.SUBMITTED, **_owner(request)
    ).first()
    if entry is None:
        raise Http404
    return entry


def printable(request, page, reference):
    """The submitted answers laid out for printing, signing and the official stamp."""
    entry = _own_submission(request, page, reference)
    context = {
        "page": page,
        "self": page,
        "entry": entry,
        "summary": answers_by_step(page, entry.answers),
        "files": list(entry.files.all()),
    }
    return TemplateResponse(request, "forms/printable.html", context)


def submitted(request, page, reference):
    entry = _own_submission(request, page, reference)
    context = {"page": page, "self": page, "entry": entry, "base_template": base_template(request, page)}
    return TemplateResponse(request, "forms/submitted.html", context)
