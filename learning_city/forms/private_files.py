"""The private storage, and moving the private files kept before it existed.

Private uploads (application evidence, the filled-in form PDFs, stamped scans) live in
``STORAGES["private"]``: on disk a folder outside MEDIA_ROOT (``PRIVATE_MEDIA_ROOT``), on S3 a bucket
of their own or a prefix read only through signed URLs. No public route reaches them, however its
path is spelled; only the permission-checked views serve them.

They used to be kept under ``private/`` of the default storage, inside MEDIA_ROOT, behind a prefix
check of the media view that ``/media//private/…`` got round. ``move_legacy_files`` moves such files
to the private storage and records their new names; the forms and applications migrations call it,
and ``manage.py move_private_files`` runs it again (say, after old web processes wrote a last file
during a deploy). It can run any number of times: a row already moved is skipped, a copy cut short is
made again, and a file already in place (the same bucket and key) is never copied onto itself.
"""

import os
import posixpath

from django.conf import settings
from django.core.files.storage import default_storage, storages

from learning_city.forms import uploads

# The folders of the default storage that held private files.
LEGACY_FOLDERS = ("forms", "applications")


def private_storage():
    """``STORAGES["private"]``. A callable for ``FileField(storage=…)``: migrations then name it rather
    than freeze the storage's settings (its folder differs from machine to machine)."""
    return storages["private"]


def new_name(legacy_name, content_type=None):
    """The private storage's name for a file kept as ``legacy_name``: the prefix dropped and, when its
    sniffed type is known, the extension of what the file is (an old ``….html`` holding a JPEG: ``….jpg``)."""
    name = legacy_name.removeprefix(settings.PRIVATE_MEDIA_PREFIX)
    if content_type:
        name = os.path.splitext(name)[0] + uploads.extension_for(content_type)
    return name


def _place(storage, name):
    """Where ``name`` lands in ``storage``: a path on disk, or a bucket and key."""
    try:
        return os.path.realpath(storage.path(name))
    except NotImplementedError:
        return getattr(storage, "bucket_name", None), posixpath.join(getattr(storage, "location", ""), name)


def move_file(old, new, source, target):
    """Move ``old`` of ``source`` to ``new`` of ``target``; False when there was nothing to move."""
    if _place(source, old) == _place(target, new) or not source.exists(old):
        return False
    if target.exists(new):
        if target.size(new) == source.size(old):
            source.delete(old)  # copied by an earlier run, stopped before it deleted the original
            return True
        target.delete(new)  # a copy cut short: made again
    with source.open(old, "rb") as handle:
        target.save(new, handle)
    source.delete(old)
    return True


def move_legacy_files(model, field_name="file", *, source=None, target=None):
    """Move the files of ``model``'s rows still named under the legacy prefix, with a photo's preview,
    and record their new names. Returns how many rows were renamed."""
    source = source or default_storage
    target = target or private_storage()
    typed = any(field.name == "content_type" for field in model._meta.get_fields())
    rows = model._base_manager.filter(**{f"{field_name}__startswith": settings.PRIVATE_MEDIA_PREFIX})
    renamed = 0
    for row in list(rows):  # read first: each row is renamed out of the filter as it goes
        old = getattr(row, field_name).name
        new = new_name(old, row.content_type if typed else None)
        move_file(old, new, source, target)
        move_file(uploads.preview_name(old), uploads.preview_name(new), source, target)
        model._base_manager.filter(pk=row.pk).update(**{field_name: new})
        renamed += 1
    return renamed


def move_leftovers(folders=LEGACY_FOLDERS, *, source=None, target=None):
    """Move whatever is still in the legacy folders (files no row names, such as orphans of a crash), so
    nothing private stays under MEDIA_ROOT; the daily clean-up deletes those no entry refers to."""
    source = source or default_storage
    target = target or private_storage()
    moved = 0

    def walk(folder):
        nonlocal moved
        try:
            subfolders, files = source.listdir(folder)
        except FileNotFoundError:
            return
        for name in files:
            path = f"{folder}/{name}"
            moved += move_file(path, new_name(path), source, target)
        for sub in subfolders:
            walk(f"{folder}/{sub}")

    for folder in folders:
        walk(f"{settings.PRIVATE_MEDIA_PREFIX}{folder}")
    return moved
