"""Checking, storing and serving the files applicants attach to an entry.

Files are judged by their content, never their name: a renamed executable is not a PDF,
and a photo must decode as an image of at least the required size without being a
decompression bomb. Stored files live under the private prefix of the default storage
and are only ever handed out by a permission-checked view.
"""

import hashlib
import os
import uuid
import warnings

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

# Refuse images with more pixels than this before decoding them (about 100 megapixels).
MAX_IMAGE_PIXELS = 100_000_000
DOCUMENT_TYPES = {"pdf": "application/pdf"}
PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff", "WEBP": "image/webp"}


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
    """The content type as sniffed from the bytes, if it is one of ``allowed``."""
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    if extension not in allowed or not head.startswith(b"%PDF-"):
        raise ValidationError(
            _("“%(name)s” is not a PDF document (its content was checked, not its name).") % {"name": uploaded.name}
        )
    return {"content_type": DOCUMENT_TYPES[extension]}


def check_photo(uploaded, min_width, min_height):
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
                raise ValidationError(_("“%(name)s” is not a JPEG, PNG, TIFF or WebP photo.") % {"name": uploaded.name})
            image_format = image.format
            # Camera data is read from the header, before verify() closes the file.
            has_exif = bool(image.getexif()) if image_format == "JPEG" else False
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
    if width < min_width or height < min_height:
        raise ValidationError(
            _(
                "“%(name)s” is %(width)d×%(height)d pixels; photos must be original and at least %(min_width)d×%(min_height)d."
            )
            % {
                "name": uploaded.name,
                "width": width,
                "height": height,
                "min_width": min_width,
                "min_height": min_height,
            }
        )
    return {"content_type": PHOTO_TYPES[image_format], "width": width, "height": height, "has_exif": has_exif}


def storage_name(entry, original_name):
    extension = os.path.splitext(original_name)[1].lower()[:10]
    return f"{settings.PRIVATE_MEDIA_PREFIX}forms/{entry.page_id}/{entry.pk}/{uuid.uuid4().hex}{extension}"
