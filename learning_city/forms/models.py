import functools
import hashlib
import json
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from learning_city.forms import builder, preview, purposes
from learning_city.forms.blocks import StepBlock, field_key, questions
from learning_city.forms.copying import CopyFormPage
from learning_city.forms.definitions import Definition
from learning_city.forms.embedding import allow_framing, validate_origins
from learning_city.forms.panels import PublicAddressPanel, PurposeQuestionsPanel
from learning_city.forms.private_files import private_storage
from learning_city.forms.step_forms import step_form_class
from learning_city.forms.uploads import storage_name


class Availability(models.TextChoices):
    """Whether a form page takes answers now; the values are what templates and the JSON API show."""

    # Labels not the bare words "Open"/"Closed": the project's catalogue would override Wagtail's.
    OPEN = "open", _("Open for answers")
    NOT_OPEN = "not_open", _("Not open for answers yet")
    CLOSED = "closed", _("Closed for answers")


class MultiStepFormPage(RoutablePageMixin, Page):
    """A form of several steps that editors build from blocks, with drafts kept on the server."""

    intro = RichTextField(_("introduction"), blank=True)
    steps = StreamField([("step", StepBlock())], verbose_name=_("steps"), min_num=1)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    login_required = models.BooleanField(_("sign-in required"), default=True)
    # Callable choices: purposes are registered by other apps at start-up.
    purpose = models.CharField(_("purpose"), max_length=40, choices=purposes.choices, default=purposes.STORE_ONLY.name)
    confirmation_text = RichTextField(_("confirmation text"), blank=True)
    frame_ancestors = models.TextField(
        _("sites allowed to embed this form"),
        blank=True,
        help_text=_("One origin per line, e.g. https://www.example.gov.cn. Empty: no other site may frame it."),
    )
    # Limits that keep one applicant from filling the disk or the reviewers' queue (see entries.py).
    max_attachment_megabytes = models.PositiveIntegerField(
        _("attachments per entry, in total (MB)"),
        default=200,
        validators=[MinValueValidator(1)],
        help_text=_("All files attached to one entry together. Each upload question also limits its own files."),
    )
    max_submissions_per_account = models.PositiveIntegerField(
        _("submissions per account"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many entries one account (or one browser, on a form without sign-in) may submit. "
            "Resubmitting an entry returned for changes does not count again."
        ),
    )

    subpage_types = []
    copy_form_class = CopyFormPage

    content_panels = Page.content_panels + [
        PublicAddressPanel(heading=_("Public address")),
        FieldPanel("intro"),
        PurposeQuestionsPanel(heading=_("Purpose and the questions it needs")),
        FieldPanel("steps"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("login_required"),
                FieldPanel("purpose", help_text=builder.purpose_help),
                FieldPanel("frame_ancestors"),
            ],
            heading=_("Availability and handling"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("max_attachment_megabytes"), FieldPanel("max_submissions_per_account")])],
            heading=_("Limits"),
        ),
        FieldPanel("confirmation_text"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("login_required"),
        APIField("purpose"),
    ]

    class Meta:
        verbose_name = _("multi-step form page")
        verbose_name_plural = _("multi-step form pages")

    # --- the definition -------------------------------------------------------------

    @cached_property
    def step_list(self):
        return [child.value for child in self.steps]

    @property
    def step_count(self):
        return len(self.steps)

    def step_value(self, number):
        """Step ``number``'s value (from 1), as in ``step_list``. Read alone when the list has not been made:
        a step's save or screen needs its own step, and reading them all costs more than the rest of a save."""
        if "step_list" in self.__dict__:
            return self.step_list[number - 1]
        return _step_block().to_python(self.steps.raw_data[number - 1]["value"])

    def step_form_class(self, number):
        """The form class of step ``number``. Made once per process for the same stored step (its JSON is the
        key), as a form written in code is made once at import: each form made from it copies its fields."""
        stored = json.dumps(self.steps.raw_data[number - 1], cls=DjangoJSONEncoder, sort_keys=True)
        return _form_class_of_step(stored)

    @cached_property
    def definition(self):
        """The questions as the page asks them now (see ``FormVersion`` for earlier versions)."""
        return Definition(self.step_list)

    def steps_snapshot(self):
        """The steps' stored JSON in one canonical shape (every block read and written back, so
        defaults added since are filled in): equal snapshots are the same version of the form."""
        stream_block = self._meta.get_field("steps").stream_block
        value = stream_block.to_python(self.steps.get_prep_value())
        list(value)  # read every child: the written JSON is then the blocks' own, not the raw input
        return json.loads(json.dumps(stream_block.get_prep_value(value), cls=DjangoJSONEncoder))

    def steps_digest(self):
        """``snapshot_digest`` of the page's steps: the version they are. Worked out once per process for
        the same stored steps (their JSON is the key), since every step save checks its entry's version."""
        stored = json.dumps(list(self.steps.raw_data), cls=DjangoJSONEncoder, sort_keys=True)
        return _digest_of_steps(stored)

    def question_keys(self):
        """Every question's key, in the form's order (duplicates included: ``clean`` refuses them)."""
        return [field_key(child) for step in self.step_list for child in questions(step)]

    def clean(self):
        super().clean()
        errors = []
        keys = self.question_keys()
        for step in self.step_list:
            for child in questions(step):
                if child.block_type == "group" and not len(child.value["fields"]):
                    errors.append(_("The group “%(label)s” has no fields.") % {"label": child.value["label"]})
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            errors.append(_("These keys are used more than once: %(keys)s") % {"keys": ", ".join(duplicates)})
        missing = builder.missing_questions_error(self, keys)
        if missing:
            errors.append(missing)
        try:
            validate_origins(self.frame_ancestors)
        except ValidationError as error:
            errors.extend(error.messages)
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors.append(_("The form must close after it opens."))
        if errors:
            raise ValidationError({"steps": errors} if not self.opens_at else errors)

    # --- availability ----------------------------------------------------------------

    def availability(self, now=None):
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return Availability.NOT_OPEN
        if self.closes_at and now >= self.closes_at:
            return Availability.CLOSED
        return Availability.OPEN

    def next_availability_change(self, now=None):
        """When the form next opens or closes; None when neither is ahead."""
        now = now or timezone.now()
        return min((moment for moment in (self.opens_at, self.closes_at) if moment and moment > now), default=None)

    # --- routes (the screens live in views.py) ---------------------------------------

    def step_url(self, number):
        return self.url + self.reverse_subpage("step", args=[number])

    def check_url(self):
        return self.url + self.reverse_subpage("check")

    def submitted_url(self, reference):
        return self.url + self.reverse_subpage("submitted", args=[reference])

    def serve(self, request, *args, **kwargs):
        return allow_framing(self, super().serve(request, *args, **kwargs))

    # --- the editor's preview: as applicants see it, step by step (preview.py) ---------

    @property
    def preview_modes(self):
        return preview.modes(self)

    def serve_preview(self, request, mode_name):
        return preview.serve(self, request, mode_name)

    @path("")
    def landing(self, request):
        return _views().landing(request, self)

    @path("step/<int:number>/")
    def step(self, request, number):
        return _views().step(request, self, number)

    # Named "check" like its view; the method cannot be, since Model.check() is Django's system check.
    @path("check/", name="check")
    def check_view(self, request):
        return _views().check(request, self)

    @path("submitted/<str:reference>/")
    def submitted(self, request, reference):
        return _views().submitted(request, self, reference)

    @path("submitted/<str:reference>/print/")
    def printable(self, request, reference):
        return _views().printable(request, self, reference)


def _views():
    """The screens of a form page. The one lazy import in this app, and the accepted edge of the
    import map: ``views`` needs these models (through ``entries``), so importing it at the top of
    this module would be a cycle."""
    from learning_city.forms import views

    return views


def _without_ids(data):
    if isinstance(data, dict):
        return {name: _without_ids(value) for name, value in data.items() if name != "id"}
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    return data


def snapshot_digest(snapshot, keys):
    """What makes two snapshots the same version: the same questions under the same keys. Block
    ids are left out (content loaded from JSON gets new ones) except as the ``keys`` they give
    questions without an explicit key."""
    content = {"steps": _without_ids(snapshot), "keys": list(keys)}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@functools.lru_cache(maxsize=64)
def _digest_of_steps(stored):
    """The digest of steps stored as the JSON ``stored``, as ``steps_snapshot`` and ``question_keys`` make
    it for a page: a function of that JSON alone, for the block definitions this process runs."""
    page = MultiStepFormPage(steps=json.loads(stored))
    return snapshot_digest(page.steps_snapshot(), page.question_keys())


def _step_block():
    return MultiStepFormPage._meta.get_field("steps").stream_block.child_blocks["step"]


@functools.lru_cache(maxsize=128)
def _form_class_of_step(stored):
    return step_form_class(_step_block().to_python(json.loads(stored)["value"]))


class FormVersion(models.Model):
    """The steps of a form page exactly as they were when entries were answered on them.

    A new version is recorded when a changed form is published (or first used). A submission
    keeps its version for good; drafts move to the newest (see ``versions.py``)."""

    page = models.ForeignKey(
        MultiStepFormPage, on_delete=models.CASCADE, related_name="versions", verbose_name=_("form")
    )
    number = models.PositiveIntegerField(_("version"))
    steps = models.JSONField(_("steps"))
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["page", "number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="one_number_per_form_version"),
            models.UniqueConstraint(fields=["page", "digest"], name="one_version_per_form_definition"),
        ]

    def __str__(self):
        return f"{self.page_id} v{self.number}"

    @cached_property
    def definition(self):
        stream_block = MultiStepFormPage._meta.get_field("steps").stream_block
        return Definition([child.value for child in stream_block.to_python(self.steps)])


def new_reference():
    """A short reference an applicant can read over the phone: LC-20261129-7K3Q9M."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"LC-{timezone.localdate():%Y%m%d}-" + "".join(secrets.choice(alphabet) for _ in range(6))


class FormEntry(models.Model):
    """One person's answers to one form page: a draft until submitted, never two open at once.

    A reviewer can return a submission for changes: it keeps its reference and submission
    time, is the owner's open entry again, and is submitted again as the same entry.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")

    page = models.ForeignKey(
        MultiStepFormPage, on_delete=models.PROTECT, related_name="entries", verbose_name=_("form")
    )
    # The version the entry was answered on: a submission's for good, a draft's until the form changes.
    version = models.ForeignKey(
        FormVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("form version"),
    )
    # Steps that were complete before the form changed under the draft and need the applicant again.
    changed_steps = models.JSONField(default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="form_entries",
        verbose_name=_("user"),
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    wizard_data = models.JSONField(default=dict, blank=True)
    completed_steps = models.JSONField(default=list, blank=True)  # step numbers (int)
    current_step = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    reference = models.CharField(_("reference"), max_length=30, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_saved_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    resubmitted_at = models.DateTimeField(_("last resubmitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("form entry")
        verbose_name_plural = _("form entries")
        ordering = ["-last_saved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "user"],
                condition=models.Q(status__in=["draft", "returned"], user__isnull=False),
                name="one_open_draft_per_user_and_form",
            ),
            models.UniqueConstraint(
                fields=["page", "session_key"],
                condition=models.Q(status__in=["draft", "returned"], user__isnull=True),
                name="one_open_draft_per_session_and_form",
            ),
        ]

    def __str__(self):
        return self.reference or f"{self.page.title} #{self.pk}"


def entry_file_path(instance, filename):
    # Named by the type sniffed from the content, never by the applicant's file name.
    return storage_name(instance.entry, instance.content_type)


class EntryFile(models.Model):
    """A file attached to an entry's upload question, kept in the private storage."""

    entry = models.ForeignKey(FormEntry, on_delete=models.CASCADE, related_name="files", verbose_name=_("entry"))
    field_key = models.CharField(_("question key"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(_("file"), upload_to=entry_file_path, storage=private_storage, max_length=255)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    has_exif = models.BooleanField(_("camera data present"), default=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    copyright = models.CharField(_("copyright"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["field_key", "position", "pk"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        constraints = [
            models.UniqueConstraint(fields=["entry", "field_key", "sha256"], name="one_copy_of_a_file_per_question")
        ]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")
