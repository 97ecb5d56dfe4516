"""Checking, storing and serving the files applicants attach to an entry.

Files are judged by their content, never their name: a renamed executable is not a PDF,
and a photo must decode as an image of at least the required size without being a
decompression bomb. A PDF that would act when opened (JavaScript, a launch action, an
embedded file) is refused, and so is any file that is also an archive (a PDF/ZIP polyglot).
Stored files are named by the type sniffed from their content (the applicant's file name
is kept only as data), live in the private storage (``STORAGES["private"]``, which no public
URL reaches) and are only ever handed out by a permission-checked view.

Photos are kept exactly as sent (the same bytes, the same SHA-256): iPhones' HEIC
included. Reviewers look at a JPEG preview made from the original, turned upright and
bounded in size, stored beside it under a name derived from the original's
(``preview_name``), in the same private storage, and served by the same view.
"""

import hashlib
import io
import os
import re
import tarfile
import uuid
import warnings
import zipfile

import filetype
import pillow_heif
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# HEIC/HEIF (an iPhone's original format) opens with Pillow once libheif's opener is known.
pillow_heif.register_heif_opener()

# Refuse images with more pixels than this before decoding them (about 100 megapixels).
MAX_IMAGE_PIXELS = 100_000_000
DOCUMENT_TYPES = {"pdf": "application/pdf"}
PHOTO_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "TIFF": "image/tiff",
    "WEBP": "image/webp",
    "HEIF": "image/heif",  # refined to image/heic from the file's brands (see heif_type)
}
# What the file chooser offers: iOS hands over the original HEIC only when the page accepts it.
PHOTO_ACCEPT = "image/jpeg,image/png,image/tiff,image/webp,image/heic,image/heif,.heic,.heif"
# The HEIF brands of HEVC-coded images (HEIC), and of HEIF images in general.
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
HEIF_BRANDS = HEIC_BRANDS | {b"mif1", b"msf1"}
# EntryFile.caption's and EntryFile.copyright's max_length, counted in characters as a reader sees them.
CAPTION_MAX_CHARACTERS = 300
COPYRIGHT_MAX_CHARACTERS = 200
# The reviewers' preview: a JPEG whose long edge is at most this many pixels.
PREVIEW_LONG_EDGE = 1600
PREVIEW_SUFFIX = ".preview.jpg"
EXIF_ORIENTATION = 0x0112
# A stored file's extension, from the type sniffed from its content: never the applicant's file name,
# which could make a JPEG an ``.html`` to anything that goes by the name (a proxy, an object store).
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/heif": ".heif",
}
UNKNOWN_TYPE = "application/octet-stream"
# PDF names that make a document act rather than be read: scripts (/JS, /JavaScript), starting a program
# (/Launch), carrying other files (/EmbeddedFiles, /EmbeddedFile, /FileAttachment). Found as a key or a value
# (an action's /S, an annotation's /Subtype).
PDF_ACTIVE_NAMES = {"/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/FileAttachment"}
PDF_LOCKED = "/Encrypt"
# Archives that tools find anywhere in a file, not only at its start or end (RAR, 7-Zip).
ARCHIVE_SIGNATURES = (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c")
# For PDFs pypdf cannot parse: names (with #xx escapes) outside the streams, whose bytes are left alone.
PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
PDF_NAME = re.compile(rb"/((?:[^\x00\s/<>\[\]()%{}#]|#[0-9A-Fa-f]{2})+)")
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def checksum(uploaded):
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def check_size(uploaded, max_megabytes):
    if uploaded.size > max_megabytes * 1024 * 1024:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; files may be at most %(limit)d MB.")
            % {"name": uploaded.name, "size": uploaded.size / 1024 / 1024, "limit": max_megabytes}
        )


def check_document(uploaded, allowed=("pdf",)):
    """The content type as sniffed from the bytes, if it is one of ``allowed`` and harmless to open."""
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    if extension not in allowed or not head.startswith(b"%PDF-"):
        raise ValidationError(
            _("“%(name)s” is not a PDF document (its content was checked, not its name).") % {"name": uploaded.name}
        )
    check_not_archive(uploaded)
    found = pdf_active_content(uploaded)
    if found == PDF_LOCKED:
        raise ValidationError(
            _("“%(name)s” opens only with a password, so it cannot be checked or read. Upload it without the password.")
            % {"name": uploaded.name}
        )
    if found:
        raise ValidationError(
            _(
                "“%(name)s” contains JavaScript, a launch action or an embedded file, which evidence may not "
                "carry. Save or print it again as a plain PDF and upload that."
            )
            % {"name": uploaded.name}
        )
    return {"content_type": DOCUMENT_TYPES[extension]}


def is_archive(uploaded):
    """Whether the file is also an archive (ZIP, TAR, RAR, 7-Zip) whatever else it is: a polyglot."""
    try:
        if zipfile.is_zipfile(uploaded):
            return True
        uploaded.seek(0)
        if tarfile.is_tarfile(uploaded):
            return True
        uploaded.seek(0)
        tail = b""
        for chunk in uploaded.chunks():
            window = tail + chunk
            if any(signature in window for signature in ARCHIVE_SIGNATURES):
                return True
            tail = window[-8:]  # a signature split across two chunks
        return False
    finally:
        uploaded.seek(0)


def check_not_archive(uploaded):
    if is_archive(uploaded):
        raise ValidationError(
            _(
                "“%(name)s” also contains an archive (such as a ZIP) and cannot be accepted. "
                "Upload a plain PDF document or photo."
            )
            % {"name": uploaded.name}
        )


def pdf_active_content(uploaded):
    """The first name in the PDF that would make it act (PDF_ACTIVE_NAMES), PDF_LOCKED when it opens
    only with a password (and so cannot be checked), or None.

    pypdf reads every object the cross-reference lists (object streams included) and everything the
    trailer reaches, leniently: a damaged object is skipped, as a viewer cannot use it either. A file
    pypdf cannot read at all (or decrypt, lacking a library) is searched as bytes instead."""
    try:
        return _pdf_objects_active_name(uploaded)
    except Exception:  # noqa: BLE001 - malformed or encrypted: fall back to the bytes
        uploaded.seek(0)
        return _pdf_bytes_active_name(uploaded.read())
    finally:
        uploaded.seek(0)


def _pdf_objects_active_name(uploaded):
    reader = PdfReader(uploaded, strict=False)
    # Permission-only encryption opens with the empty password, as viewers open it.
    if reader.is_encrypted and not reader.decrypt(""):
        return PDF_LOCKED
    pending = [reader.trailer]
    for generation, numbers in reader.xref.items():
        pending += [IndirectObject(number, generation, reader) for number in numbers]
    pending += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    seen = set()
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            try:
                item = item.get_object()
            except Exception:  # noqa: BLE001 - a damaged object: nothing a viewer could run either
                continue
        if isinstance(item, DictionaryObject):  # streams included: their dictionaries, not their data
            for key, value in dict.items(item):  # unresolved: references are followed once, above
                if key in PDF_ACTIVE_NAMES:
                    return key
                pending.append(value)
        elif isinstance(item, ArrayObject):
            pending.extend(item)
        elif isinstance(item, NameObject) and item in PDF_ACTIVE_NAMES:
            return str(item)
    return None


def _pdf_bytes_active_name(data):
    for match in PDF_NAME.finditer(PDF_STREAM.sub(b" ", data)):
        name = "/" + PDF_NAME_ESCAPE.sub(lambda escape: bytes([int(escape[1], 16)]), match[1]).decode("latin-1")
        if name in PDF_ACTIVE_NAMES:
            return name
    return None


def heif_type(head):
    """``image/heic`` or ``image/heif`` from the ISO-BMFF ``ftyp`` box at the start of the bytes,
    or None when they are not a HEIF image (an AVIF, a video, anything else)."""
    if len(head) < 16 or head[4:8] != b"ftyp":
        return None
    box_size = int.from_bytes(head[:4], "big")
    major = head[8:12]
    compatible = {head[offset : offset + 4] for offset in range(16, min(box_size, len(head)) - 3, 4)}
    brands = {major} | compatible
    if major not in HEIF_BRANDS or b"avif" in brands or b"avis" in brands:
        return None
    return "image/heic" if brands & HEIC_BRANDS else "image/heif"


def upright_size(size, exif):
    """Width and height as the photo is seen, turned by its EXIF orientation (HEIC arrives turned)."""
    width, height = size
    return (height, width) if exif.get(EXIF_ORIENTATION, 1) in (5, 6, 7, 8) else (width, height)


def edges_message(name, width, height, min_width, min_height):
    return _(
        "“%(name)s” is %(width)d×%(height)d pixels: its long edge is %(long)d and its short edge %(short)d pixels. "
        "Photos must be original, with a long edge of at least %(min_long)d pixels and a short edge of at least "
        "%(min_short)d pixels, taken upright or sideways."
    ) % {
        "name": name,
        "width": width,
        "height": height,
        "long": max(width, height),
        "short": min(width, height),
        "min_long": max(min_width, min_height),
        "min_short": min(min_width, min_height),
    }


def check_photo(uploaded, min_width, min_height):
    """The photo's type, upright size and camera data, if it is a photo large enough.

    The minimum is orientation-free: ``min_width`` and ``min_height`` are read as two edges,
    the larger one required of the photo's long edge and the smaller of its short edge, so a
    portrait 1080×1920 meets a 1600×1000 minimum as a landscape 1920×1080 does.
    """
    check_not_archive(uploaded)
    head = uploaded.read(64)
    uploaded.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a possible decompression bomb; here it is a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(uploaded)
        with image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("“%(name)s” has too many pixels to be processed safely.") % {"name": uploaded.name}
                )
            if image.format not in PHOTO_TYPES:
                raise ValidationError(
                    _("“%(name)s” is not a JPEG, PNG, TIFF, WebP or HEIC photo.") % {"name": uploaded.name}
                )
            image_format = image.format
            content_type = PHOTO_TYPES[image_format]
            if image_format == "HEIF":
                content_type = heif_type(head)
                if content_type is None:  # libheif opened something that is not a HEIC/HEIF image
                    raise ValidationError(
                        _("“%(name)s” is not a JPEG, PNG, TIFF, WebP or HEIC photo.") % {"name": uploaded.name}
                    )
            # Camera data is read from the header, before verify() closes the file (PNG's verify()
            # must come straight after opening, so only JPEG's and HEIC's camera data is read).
            exif = image.getexif() if image_format in ("JPEG", "HEIF") else {}
            has_exif = bool(exif)
            width, height = upright_size(image.size, exif)
            image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("“%(name)s” has too many pixels to be processed safely.") % {"name": uploaded.name}
        ) from None
    except Exception:  # noqa: BLE001 - any decoding failure means "not a photo"
        raise ValidationError(_("“%(name)s” is not a photo that can be opened.") % {"name": uploaded.name}) from None
    finally:
        uploaded.seek(0)
    if max(width, height) < max(min_width, min_height) or min(width, height) < min(min_width, min_height):
        raise ValidationError(edges_message(uploaded.name, width, height, min_width, min_height))
    return {"content_type": content_type, "width": width, "height": height, "has_exif": has_exif}


def extension_for(content_type):
    return EXTENSIONS.get(content_type, ".bin")


def type_of_name(name):
    """The content type of a stored file, from the extension it was given by ``extension_for``."""
    extension = os.path.splitext(name)[1].lower()
    return next((kind for kind, known in EXTENSIONS.items() if known == extension), UNKNOWN_TYPE)


def shown_inline(content_type):
    """Whether browsers may show the file in the page: PDFs and photos; anything else is downloaded."""
    return content_type in EXTENSIONS


def download_name(original_name, content_type):
    """The applicant's file name with the extension of what the file is (``x.html`` holding a JPEG: ``x.jpg``)."""
    stem = os.path.splitext(original_name)[0] or "file"
    return f"{stem}{extension_for(content_type)}"


def storage_name(entry, content_type):
    """Where an entry's file is stored in the private storage, named by its sniffed ``content_type``."""
    return f"forms/{entry.page_id}/{entry.pk}/{uuid.uuid4().hex}{extension_for(content_type)}"


# --- reviewers' previews ---------------------------------------------------------------


def preview_name(name):
    """Where the preview of the stored file ``name`` lives: beside it, under a derived name."""
    return f"{name}{PREVIEW_SUFFIX}"


def preview_jpeg(source, name=""):
    """A JPEG of the photo in ``source`` (a file object), upright, its long edge at most
    PREVIEW_LONG_EDGE. Decoding the whole image also proves the photo opens."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(source)
        with image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("“%(name)s” has too many pixels to be processed safely.") % {"name": name})
            image.draft("RGB", (PREVIEW_LONG_EDGE, PREVIEW_LONG_EDGE))  # JPEG: decode at a smaller scale
            # The colour profile (an iPhone's Display P3) goes along when the pixels stay RGB.
            icc_profile = image.info.get("icc_profile") if image.mode in ("RGB", "L") else None
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((PREVIEW_LONG_EDGE, PREVIEW_LONG_EDGE), Image.Resampling.LANCZOS)
            if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
                rgba = upright.convert("RGBA")
                upright = Image.new("RGB", rgba.size, "white")  # transparency shows as white
                upright.paste(rgba, mask=rgba.getchannel("A"))
            elif upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            buffer = io.BytesIO()
            upright.save(buffer, "JPEG", quality=85, optimize=True, icc_profile=icc_profile)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - any decoding failure means "not a photo"
        raise ValidationError(_("“%(name)s” is not a photo that can be opened.") % {"name": name}) from None
    finally:
        source.seek(0)
    return buffer.getvalue()


def save_preview(storage, name, content):
    """Store ``content`` as the preview of ``name``, replacing any left there before."""
    target = preview_name(name)
    if storage.exists(target):
        storage.delete(target)
    saved = storage.save(target, ContentFile(content))
    if saved != target:  # another request stored the same preview a moment earlier
        storage.delete(saved)
    return target


def ensure_preview(stored_file, original_name=""):
    """The storage name of the preview of ``stored_file`` (an EntryFile's file), made on first
    use for photos stored before previews existed."""
    storage, target = stored_file.storage, preview_name(stored_file.name)
    if storage.exists(target):
        return target
    with storage.open(stored_file.name, "rb") as source:
        content = preview_jpeg(source, original_name)
    return save_preview(storage, stored_file.name, content)


def delete_preview(stored_file):
    stored_file.storage.delete(preview_name(stored_file.name))
