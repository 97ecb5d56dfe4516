"""Upload questions: files already attached stay attached until removed on purpose.

The field's value is what is stored for the entry, not what this request carried, so going
back to an upload step and saving again never asks for the file a second time.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from learning_city.forms import uploads


class UploadWidget(forms.Widget):
    template_name = "forms/widgets/upload.html"
    needs_multipart_form = True

    def __init__(self, *, photos=False, accept="", attrs=None):
        super().__init__(attrs)
        self.photos = photos
        self.accept = accept
        self.existing = []

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
        context["widget"].update(existing=self.existing, photos=self.photos, accept=self.accept)
        return context


class UploadField(forms.Field):
    def __init__(self, *, photos=False, max_files=5, max_megabytes=20, min_width=0, min_height=0, **kwargs):
        self.photos = photos
        self.max_files = max_files
        self.max_megabytes = max_megabytes
        self.min_width = min_width
        self.min_height = min_height
        accept = "image/jpeg,image/png,image/tiff,image/webp" if photos else "application/pdf,.pdf"
        kwargs.setdefault("widget", UploadWidget(photos=photos, accept=accept))
        super().__init__(**kwargs)
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
        if self.photos and any(not item.caption.strip() or not item.copyright.strip() for item in files):
            raise ValidationError(_("Give every photo a caption and a copyright statement."))
        return files

    def apply(self, value):
        """Store new files, drop removed ones and save captions; returns messages for what was refused."""
        problems = []
        value = value or {}
        for item in self.stored():
            if str(item.pk) in value.get("remove", set()):
                item.file.delete(save=False)
                item.delete()
                continue
            meta = value.get("meta", {}).get(str(item.pk))
            if meta and (meta["caption"], meta["copyright"]) != (item.caption, item.copyright):
                item.caption, item.copyright = meta["caption"][:300], meta["copyright"][:200]
                item.save(update_fields=["caption", "copyright"])
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
        try:
            with transaction.atomic():
                self.entry.files.create(
                    field_key=self.key,
                    position=position,
                    file=uploaded,
                    original_name=uploaded.name[:255],
                    size=uploaded.size,
                    sha256=digest,
                    **details,
                )
        except IntegrityError:
            pass  # a simultaneous upload of the same file won the race
