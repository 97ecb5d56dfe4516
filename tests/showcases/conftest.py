import io

import pytest

from learning_city.showcases.models import ShowcasePage


@pytest.fixture
def without_demo_showcases(site_content):
    """Counting tests start from no showcases; load_content ships three demonstration ones."""
    for page in ShowcasePage.objects.filter(is_demo=True):
        page.delete()


def gps_photo(name="云课堂.jpg", size=(1024, 768), colour=(200, 80, 40)):
    """A JPEG as a phone sends it: camera make and model, a GPS position, and an orientation tag
    saying the pixels must be turned a quarter clockwise (so it is seen 768×1024)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import ExifTags
    from PIL import Image as PILImage

    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS R5"
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 18.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (120.0, 35.0, 0.0)
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG", quality=95, exif=exif, comment=b"Zhang San's phone")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


@pytest.fixture
def nominate(client, site_content, django_capture_on_commit_callbacks):
    """Submit a brand-project nomination with ``photos`` (uploaded files) through the form, as a
    signed-in nominator; returns the draft showcase page it became. Leaves the client signed out."""
    from learning_city.forms.models import FormEntry
    from learning_city.showcases.models import ShowcasePage
    from tests.factories import MultiStepFormPageFactory, UserFactory
    from tests.showcases.test_purpose import nomination_steps

    def submit(photos):
        form = MultiStepFormPageFactory(
            parent=site_content.get_parent(), slug="nominate", steps=nomination_steps(), purpose="showcase_nomination"
        )
        nominator = UserFactory(username="nominator@example.cn")
        client.force_login(nominator)
        prefix = f"form_{form.pk}-current_step"
        answers = {
            "kind": "终身学习品牌项目",
            "title": "社区学习共同体",
            "organiser": "苏州市社区教育指导中心",
            "city": "320500",
            "year": "2024",
            "summary": "线上线下融合的社区学习平台。",
            "story": "第一段。\n第二段。",
        }
        client.post("/nominate/step/1/", {prefix: "1", "action": "next", **answers, "photos": photos})
        entry = FormEntry.objects.get(user=nominator)
        captions = {}
        for number, pk in enumerate(entry.files.order_by("position", "pk").values_list("pk", flat=True), start=1):
            captions[f"photos-{pk}-caption"] = f"照片{number}"
            captions[f"photos-{pk}-copyright"] = "© 苏州市教育局"
        response = client.post("/nominate/step/1/", {prefix: "1", "action": "next", **answers, **captions})
        assert response.status_code == 302
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/nominate/check/")
        client.logout()
        return ShowcasePage.objects.get(title="社区学习共同体").specific

    return submit
