"""Upload questions: files already attached stay attached until removed on purpose.

The field's value is what is stored for the entry, not what this request carried, so going
back to an upload step and saving again never asks for the file a second time.

A photo's caption and copyright are saved with the step, each only when it is within its
limit: a longer one is never cut. It is left unsaved, shown again as typed with an error
beside it, and keeps the step incomplete until it is shortened; the step's other answers
are kept as usual.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learning_city.forms import uploads
from learning_city.forms.fields import count_characters

# The photo notes an applicant types, with their limits in characters (EntryFile's max_length).
NOTE_LIMITS = {"caption": uploads.CAPTION_MAX_CHARACTERS, "copyright": uploads.COPYRIGHT_MAX_CHARACTERS}


def note_error(kind, text, name=""):
    """The message for a caption or copyright ``text`` over its limit, or "" when it fits.
    With ``name`` it says which photo and which note (for the question's error list); without,
    it is the short one shown beside the note's own input."""
    limit, count = NOTE_LIMITS[kind], count_characters(text or "")
    if count <= limit:
        return ""
    if not name:
        message = gettext("%(count)d characters, more than the %(limit)d allowed: not saved, please shorten it.")
    elif kind == "caption":
        message = gettext(
            "The caption of “%(name)s” has %(count)d characters, more than the %(limit)d allowed; "
            "it was not saved. Please shorten it."
        )
    else:
        message = gettext(
            "The copyright statement of “%(name)s” has %(count)d characters, more than the %(limit)d allowed; "
            "it was not saved. Please shorten it."
        )
    return message % {"name": name, "count": count, "limit": limit}


class UploadWidget(forms.Widget):
    template_name = "forms/widgets/upload.html"
    needs_multipart_form = True

    def __init__(self, *, photos=False, accept="", attrs=None):
        super().__init__(attrs)
        self.photos = photos
        self.accept = accept
        self.existing = []
        self.rules = {}

    def value_from_datadict(self, data, files, name):
        return {
            "new": files.getlist(name) if hasattr(files, "getlist") else [],
            "remove": {value for value in data.getlist(f"{name}-remove")} if hasattr(data, "getlist") else set(),
            "meta": {
                str(item.pk): {
                    "caption": data.get(f"{name}-{item.pk}-caption", item.caption),
                    "copyright": data.get(f"{name}-{item.pk}-copyright", item.copyright),
                }
                for item in self.existing
            },
        }

    def value_omitted_from_data(self, data, files, name):
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        meta = value.get("meta", {}) if isinstance(value, dict) else {}
        rows = []
        for item in self.existing:
            # What was typed (an over-long note is shown again to be shortened), else what is stored.
            typed = meta.get(str(item.pk), {})
            notes = {kind: typed.get(kind, getattr(item, kind)) for kind in NOTE_LIMITS}
            rows.append(
                {
                    "item": item,
                    "id": f"id_{name}-{item.pk}",
                    **notes,
                    **{f"{kind}_error": note_error(kind, notes[kind]) for kind in NOTE_LIMITS},
                }
            )
        context["widget"].update(
            existing=self.existing,
            rows=rows,
            photos=self.photos,
            accept=self.accept,
            limits=NOTE_LIMITS,
            rules=self.rules,
        )
        return context


class UploadField(forms.Field):
    def __init__(self, *, photos=False, max_files=5, max_megabytes=20, min_width=0, min_height=0, **kwargs):
        self.photos = photos
        self.max_files = max_files
        self.max_megabytes = max_megabytes
        # Two edges whatever their names: the larger is asked of a photo's long edge, the smaller
        # of its short edge (see uploads.check_photo).
        self.min_width = min_width
        self.min_height = min_height
        accept = uploads.PHOTO_ACCEPT if photos else "application/pdf,.pdf"
        kwargs.setdefault("widget", UploadWidget(photos=photos, accept=accept))
        super().__init__(**kwargs)
        # The rules an applicant reads before choosing files (the widget shows them beside the input).
        self.widget.rules = {
            "max_files": max_files,
            "max_megabytes": max_megabytes,
            "long_edge": max(min_width, min_height),
            "short_edge": min(min_width, min_height),
        }
        self.entry = None
        self.key = None

    def bind_entry(self, entry, key):
        self.entry, self.key = entry, key
        self.widget.existing = self.stored()

    def stored(self):
        if self.entry is None or self.entry.pk is None:
            return []
        return list(self.entry.files.filter(field_key=self.key).order_by("position", "pk"))

    def clean(self, value):
        files = self.stored()
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > self.max_files:
            raise ValidationError(_("At most %(count)d files."), params={"count": self.max_files})
        if self.photos:
            meta = value.get("meta", {}) if isinstance(value, dict) else {}
            too_long, unnamed = [], False
            for item in files:
                typed = meta.get(str(item.pk), {})
                found = [note_error(kind, typed.get(kind), item.original_name) for kind in NOTE_LIMITS]
                too_long += [message for message in found if message]
                if not any(found) and (not item.caption.strip() or not item.copyright.strip()):
                    unnamed = True
            if unnamed:
                too_long.append(gettext("Give every photo a caption and a copyright statement."))
            if too_long:
                raise ValidationError(too_long)
        return files

    def apply(self, value):
        """Store new files, drop removed ones and save captions; returns messages for what was refused.

        A caption or copyright over its limit is not saved (nor cut): ``clean`` reports it."""
        problems = []
        value = value or {}
        for item in self.stored():
            if str(item.pk) in value.get("remove", set()):
                uploads.delete_preview(item.file)
                item.file.delete(save=False)
                item.delete()
                continue
            meta = value.get("meta", {}).get(str(item.pk)) or {}
            changed = [
                kind
                for kind in NOTE_LIMITS
                if kind in meta and meta[kind] != getattr(item, kind) and not note_error(kind, meta[kind])
            ]
            if changed:
                for kind in changed:
                    setattr(item, kind, meta[kind])
                item.save(update_fields=changed)
        count = len(self.stored())
        for uploaded in value.get("new", []):
            if count >= self.max_files:
                problems.append(
                    _("Only %(count)d files can be attached here; “%(name)s” was not added.")
                    % {"count": self.max_files, "name": uploaded.name}
                )
                continue
            try:
                self.store(uploaded, position=count)
                count += 1
            except ValidationError as error:
                problems.extend(error.messages)
        self.widget.existing = self.stored()
        return problems

    def store(self, uploaded, position):
        uploads.check_size(uploaded, self.max_megabytes)
        details = (
            uploads.check_photo(uploaded, self.min_width, self.min_height)
            if self.photos
            else uploads.check_document(uploaded)
        )
        digest = uploads.checksum(uploaded)
        if self.entry.files.filter(field_key=self.key, sha256=digest).exists():
            return  # the same file again: it is already attached
        # The reviewers' JPEG, made now: decoding the whole photo is the last check that it opens.
        preview = uploads.preview_jpeg(uploaded, uploaded.name) if self.photos else None
        try:
            with transaction.atomic():
                item = self.entry.files.create(
                    field_key=self.key,
                    position=position,
                    file=uploaded,
                    original_name=uploaded.name[:255],
                    size=uploaded.size,
                    sha256=digest,
                    **details,
                )
                if preview is not None:
                    uploads.save_preview(item.file.storage, item.file.name, preview)
        except IntegrityError:
            pass  # a simultaneous upload of the same file won the race
