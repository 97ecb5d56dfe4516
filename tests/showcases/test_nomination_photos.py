"""A nomination's photos are private until the showcase is published, and published without camera data."""

import io

from PIL import ExifTags
from PIL import Image as PILImage
from wagtail.images import get_image_model

from learning_city.forms.models import EntryFile
from learning_city.showcases.models import ShowcaseIndexPage
from learning_city.workflows.models import group_for
from tests.factories import UserFactory, make_showcase
from tests.showcases.conftest import gps_photo


def moderator():
    user = UserFactory(username="moderator", is_staff=True)
    user.groups.add(group_for("moderators"))
    return user


def approve(page, user):
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, user, "approve")
    page.refresh_from_db()


def test_before_approval_no_public_image_exists(client, nominate):
    page = nominate([gps_photo("张三家门口.jpg"), gps_photo("课堂.jpg", colour=(20, 90, 160))])

    assert not page.live and page.workflow_in_progress
    assert not get_image_model().objects.exists()
    assert client.get("/api/v2/images/").json()["meta"]["total_count"] == 0
    draft = page.get_latest_revision_as_object()
    assert draft.image is None and [block.block_type for block in draft.body] == ["paragraph"]
    photos = EntryFile.objects.filter(field_key="photos").order_by("position")
    assert photos.count() == 2
    # The private originals answer nobody without permission.
    for photo in photos:
        assert client.get(f"/forms/files/{photo.pk}/").status_code == 403
        assert client.get(f"/forms/files/{photo.pk}/?preview=1").status_code == 403


def test_reviewers_see_the_private_photos_where_they_review_the_draft(client, nominate):
    page = nominate([gps_photo()])
    (photo,) = EntryFile.objects.filter(field_key="photos").order_by("position")

    reviewer = moderator()
    client.force_login(reviewer)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "推荐时提交的照片" in html and f'src="/forms/files/{photo.pk}/?preview=1"' in html
    assert "照片1" in html and "© 苏州市教育局" in html
    original = client.get(f"/forms/files/{photo.pk}/")
    assert original.status_code == 200 and original["Content-Type"] == "image/jpeg"
    assert client.get(f"/forms/files/{photo.pk}/?preview=1").status_code == 200

    # Published, or never nominated, a showcase's editor has no such section.
    ordinary = make_showcase(ShowcaseIndexPage.objects.get(), "star", title="普通展示")
    ordinary_editor = client.get(f"/admin/pages/{ordinary.pk}/edit/")
    assert ordinary_editor.status_code == 200 and "推荐时提交的照片" not in ordinary_editor.content.decode()
    approve(page, reviewer)
    assert "推荐时提交的照片" not in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    # A staff member who may not edit the showcase sees nothing.
    client.force_login(UserFactory(username="clerk", is_staff=True))
    assert client.get(f"/forms/files/{photo.pk}/").status_code == 403


def test_approval_publishes_the_photos_without_camera_data(client, nominate):
    page = nominate([gps_photo("张三家门口.jpg"), gps_photo("课堂.jpg", colour=(20, 90, 160))])
    approve(page, moderator())

    assert page.live
    Image = get_image_model()
    cover, second = Image.objects.order_by("pk")
    assert page.image == cover and cover.title == "照片1" and page.image_credit == "© 苏州市教育局"
    image_blocks = [block.value for block in page.body if block.block_type == "image"]
    assert [block["image"] for block in image_blocks] == [second]
    assert image_blocks[0]["caption"] == "照片2（© 苏州市教育局）"
    assert client.get("/api/v2/images/").json()["meta"]["total_count"] == 2
    # What the revision history (and the next draft) holds is what was published.
    assert page.get_latest_revision_as_object().image == cover

    for image in (cover, second):
        assert "张三" not in image.file.name
        response = client.get(image.file.url)
        assert response.status_code == 200
        published = PILImage.open(io.BytesIO(b"".join(response.streaming_content)))
        exif = published.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif and ExifTags.Base.Model not in exif
        assert "comment" not in published.info and "exif" not in published.info
        assert published.size == (768, 1024)  # turned upright as the orientation tag said

    # Publishing again does not make the images a second time.
    page.save_revision().publish()
    assert Image.objects.count() == 2


def test_an_editor_publishing_directly_also_publishes_the_cleaned_photos(nominate):
    page = nominate([gps_photo()])
    page.get_latest_revision().publish(user=UserFactory(username="root", is_superuser=True, is_staff=True))
    page.refresh_from_db()

    (image,) = get_image_model().objects.all()
    assert page.live and page.image == image
    with image.file.open("rb") as handle:
        assert not PILImage.open(handle).getexif()
