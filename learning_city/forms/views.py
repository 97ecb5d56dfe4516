"""The screens of a multi-step form page: landing, steps, check, submitted, printable.

The journey itself (drafts, saving, statuses, submitting) is ``entries.py``; these views
turn requests into its calls and its results into pages. Only the form page's routes
(``MultiStepFormPage``) call this module.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from formtools.wizard.views import NamedUrlWizardView

from learning_city import throttle
from learning_city.forms import entries
from learning_city.forms.embedding import base_template
from learning_city.forms.models import Availability
from learning_city.forms.owners import owner, visitor
from learning_city.forms.step_forms import StepForm
from learning_city.forms.storage import step_name, step_number, wizard_prefix

# The wizard's name for the screen after the last step: the check page.
CHECK = "check"


def _sign_in_needed(request, page):
    return page.login_required and not request.user.is_authenticated


def _not_open(request):
    messages.error(request, _("This form is not open for submissions now. Nothing you saved is lost."))


class FormWizard(NamedUrlWizardView):
    """The steps of one form page; step names are formtools' strings, converted here only."""

    storage_name = "learning_city.forms.storage.EntryStorage"
    template_name = "forms/step.html"
    page = None

    def get_prefix(self, request, *args, **kwargs):
        return wizard_prefix(self.page.pk)

    def get_form_prefix(self, step=None, form=None):
        return ""  # field names are the stable keys, whatever step they are on

    def get_step_url(self, step):
        return self.page.check_url() if step == self.done_step_name else self.page.step_url(step_number(step))

    def get_form(self, step=None, data=None, files=None):
        # The step's form class is made here, for the one step shown: form_list names the steps only.
        step = self.steps.current if step is None else step
        form_class = self.page.step_form_class(step_number(step))
        return form_class(
            data=data,
            files=files,
            prefix=self.get_form_prefix(step, form_class),
            initial=self.get_form_initial(step),
            **self.get_form_kwargs(step),
        )

    def get_form_kwargs(self, step=None):
        entry = self.storage.entry
        return {"entry": entry, "locked": entries.locked_keys(self.page, entry)}

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        number = step_number(self.steps.current)
        context.update(
            page=self.page,
            step=self.page.step_value(number),
            step_number=number,
            step_count=self.page.step_count,
            entry=self.storage.entry,
            previous_url=self.page.step_url(number - 1) if number > 1 else None,
            base_template=base_template(self.request, self.page),
        )
        return context

    def post(self, *args, **kwargs):
        if not entries.accepts_changes(self.page, self.storage.entry):
            _not_open(self.request)
            return redirect(self.page.url)
        posted_step = self.request.POST.get(f"{self.prefix}-current_step")
        if posted_step not in self.get_form_list():
            messages.error(self.request, _("That step does not exist. Please start from the task list."))
            return redirect(self.page.url)
        self.storage.current_step = posted_step
        result = entries.save_step(
            self.page,
            self.storage.entry,
            step_number(posted_step),
            self.request.POST,
            self.request.FILES,
            storage=self.storage,
        )

        goto = self.request.POST.get("wizard_goto_step")
        if self.request.POST.get("action") == "save":
            messages.success(self.request, _("Saved. You can come back and carry on at any time."))
            return redirect(self.page.url)
        if goto in self.get_form_list():
            return redirect(self.get_step_url(goto))
        if not result.valid:
            return self.render(result.form)
        next_step = self.get_next_step(posted_step)
        return redirect(self.get_step_url(next_step or self.done_step_name))


def _wizard_response(request, page, number):
    # formtools wants a form class for every step; building each step's class on every request costs more
    # than the step saved, so they all stand in as the bare StepForm and get_form makes the one needed.
    form_list = [(step_name(number), StepForm) for number in range(1, page.step_count + 1)]
    view = FormWizard.as_view(form_list=form_list, page=page, url_name="unused", done_step_name=CHECK)
    return view(request, step=step_name(number))


def landing(request, page):
    now = timezone.now()
    who = visitor(request)
    entry = entries.find_draft(page, **who) if who and not _sign_in_needed(request, page) else None
    context = {
        "page": page,
        "self": page,
        "entry": entry,
        "availability": page.availability(now),
        "accepts_changes": entries.accepts_changes(page, entry),
        "new_entry_refusal": entries.new_entry_refusal(page, **who) if who and entry is None else "",
        "steps": entries.step_statuses(page, entry),
        "submission": entries.latest_submission(page, **who) if request.user.is_authenticated else None,
        "sign_in_needed": _sign_in_needed(request, page),
        "base_template": base_template(request, page),
    }
    response = TemplateResponse(request, "forms/multi_step_form_page.html", context)
    # Its notices change when the form opens or closes: whatever keeps the page (the page cache) keeps it
    # no longer than that.
    response.fresh_until = page.next_availability_change(now)
    return response


@throttle.limit("form_save")  # a step's POST saves it
def step(request, page, number):
    if _sign_in_needed(request, page):
        return redirect_to_login(request.get_full_path())
    if not 1 <= number <= page.step_count:
        raise Http404
    who = owner(request)
    # An open entry is read once; the refusal and the new draft concern only an owner without one.
    entry = entries.find_draft(page, **who)
    if entry is None:
        if request.method == "GET" and page.availability() != Availability.OPEN:
            return redirect(page.url)  # a closed form still shows a saved draft; saving is refused
        refusal = entries.new_entry_refusal(page, **who)
        if refusal:
            messages.error(request, refusal)
            return redirect(page.url)
        entry = entries.find_or_create_draft(page, **who)
    request.form_entry = entry
    return _wizard_response(request, page, number)


@throttle.limit("form_submit")  # the check page's POST submits (and e-mails the desk)
def check(request, page):
    if _sign_in_needed(request, page):
        return redirect_to_login(request.get_full_path())
    entry = entries.find_draft(page, **owner(request))
    if entry is None:
        submission = entries.latest_submission(page, **owner(request))
        if submission is not None:  # a refresh or second click after submitting
            return redirect(page.submitted_url(submission.reference))
        return redirect(page.url)
    if request.method == "POST":
        return submit(request, page, entry)
    incomplete = entries.first_incomplete_step(page, entry)
    context = {
        "page": page,
        "self": page,
        "entry": entry,
        "incomplete_step": incomplete,
        "problems": entries.submission_problems(page, entry) if incomplete is None else [],
        "summary": entries.summary_of(entry, page),
        "availability": page.availability(),
        "accepts_changes": entries.accepts_changes(page, entry),
        "new_entry_refusal": entries.new_entry_refusal(page, **owner(request)) if entry is None else "",
        # a returned entry shows what the reviewers asked for, next to the answers to change
        "progress": entries.progress_of([entry]).get(entry.pk) if entry.status == entry.Status.RETURNED else None,
        "base_template": base_template(request, page),
    }
    return TemplateResponse(request, "forms/check.html", context)


def submit(request, page, entry):
    if not entries.accepts_changes(page, entry):
        _not_open(request)
        return redirect(page.check_url())
    result = entries.submit(page, entry)
    if result.incomplete_step is not None:
        messages.error(
            request, _("Please complete step %(number)d before you submit.") % {"number": result.incomplete_step}
        )
        return redirect(page.step_url(result.incomplete_step))
    if result.problems:
        for problem in result.problems:
            messages.error(request, problem)
        return redirect(page.check_url())
    return redirect(page.submitted_url(result.entry.reference))


def _own_submission(request, page, reference):
    entry = entries.own_submission(page, reference, **owner(request))
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
        "summary": entries.summary_of(entry, page),
        "files": list(entry.files.all()),
    }
    return TemplateResponse(request, "forms/printable.html", context)


def submitted(request, page, reference):
    """The submission's confirmation, and where it stands until the decision (when its purpose tells)."""
    entry = _own_submission(request, page, reference)
    entry.page = page
    context = {
        "page": page,
        "self": page,
        "entry": entry,
        "progress": entries.progress_of([entry]).get(entry.pk),
        "base_template": base_template(request, page),
    }
    return TemplateResponse(request, "forms/submitted.html", context)
