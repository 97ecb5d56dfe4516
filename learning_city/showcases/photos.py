"""A nominated showcase's photos become public Wagtail images when the showcase is first published.

Until then they are the nominator's private files (kept exactly as sent, camera data included) and
reviewers see them through the forms app's permission-checked view. Wagtail images are public the
moment they exist — listed at ``/api/v2/images/``, originals under ``/media/original_images/`` — so
they are made only on publication, from copies turned upright by their EXIF orientation and saved
without EXIF, XMP or comments (camera, GPS position, time taken).
"""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps
from wagtail.images import get_image_model

# Registers libheif's opener with Pillow, so the HEIC photos nominators send open here too.
from learning_city.forms import uploads  # noqa: F401
from learning_city.showcases.models import ShowcaseNomination, ShowcasePage

JPEG_QUALITY = 92


def clean_copy(stored_file):
    """The photo in ``stored_file`` upright and without metadata: ``(bytes, extension)``.

    Transparent images stay PNG; everything else becomes a JPEG. Only the colour profile is kept
    (it says nothing about the photographer, and colours shift without it).
    """
    with stored_file.open("rb") as source, Image.open(source) as image:
        upright = ImageOps.exif_transpose(image)
        icc_profile = upright.info.get("icc_profile")
        if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
            upright, image_format, extension = upright.convert("RGBA"), "PNG", "png"
        else:
            image_format, extension = "JPEG", "jpg"
            if upright.mode not in ("RGB", "L"):
                upright, icc_profile = upright.convert("RGB"), None  # a CMYK profile no longer fits
        # Pillow writes some metadata from ``info`` by itself (a JPEG's comment): start from none.
        upright.info = {}
        buffer = io.BytesIO()
        options = {"quality": JPEG_QUALITY} if image_format == "JPEG" else {}
        upright.save(buffer, image_format, icc_profile=icc_profile, **options)
    return buffer.getvalue(), extension


def _caption(item):
    return f"{item.caption}（{item.copyright}）" if item.copyright else item.caption


def attach_photos(page):
    """Make the public images of ``page``'s nomination, once, and put them on ``page`` (not saved).

    The first photo becomes the cover unless the page has one; the others follow the story.
    Returns whether anything changed. Call inside a transaction.
    """
    nomination = (
        ShowcaseNomination.objects.select_for_update()
        .select_related("entry")
        .filter(page_id=page.pk, photos_published_at=None)
        .first()
    )
    if nomination is None:
        return False
    Image = get_image_model()
    made = []
    for number, item in enumerate(nomination.photos(), start=1):
        content, extension = clean_copy(item.file)
        # Named after the page, not the nominator's file name, which may say more than it should.
        image = Image(
            title=(item.caption or f"{page.title} {number}")[:255],
            file=ContentFile(content, name=f"showcase-{page.pk}-{number}.{extension}"),
        )
        image.save()
        made.append((image, item))
    if made and page.image_id is None:
        (cover, item), made = made[0], made[1:]
        page.image = cover
        page.image_credit = page.image_credit or item.copyright[:200]
    image_block = page.body.stream_block.child_blocks["image"]
    for image, item in made:
        page.body.append(("image", image_block.normalize({"image": image, "caption": _caption(item)})))
    nomination.photos_published_at = timezone.now()
    nomination.save(update_fields=["photos_published_at"])
    return True


def publish_photos(sender, instance, revision, **kwargs):
    """``page_published`` receiver: a nominated showcase going live gets its photos as images.

    Every way of publishing sends the signal (a workflow's final approval, an editor's "Publish",
    scheduled publishing) after the page row is saved. The images are added to the live page and
    to the revision just published, so the page's history and the next draft keep them.
    """
    if not isinstance(instance, ShowcasePage) or not instance.live:
        return  # scheduled for later: the photos wait until it goes live
    with transaction.atomic():
        if not attach_photos(instance):
            return
        instance.save(update_fields=["image", "image_credit", "body"], clean=False)
        revision.content = instance.serializable_data()
        revision.save(update_fields=["content"])
