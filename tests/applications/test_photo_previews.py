"""A city's photos in HEIC reach its province's reviewers as JPEG previews, and no one else."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from learning_city.forms.upload_fields import UploadField
from tests.applications.conftest import JIANGSU, ZHEJIANG, application_of, reviewer_of, submitted_entry
from tests.factories import UserFactory
from tests.forms.test_photos import heic, served


def test_a_heic_in_an_application_is_previewed_for_its_province_only(client, application_page):
    applicant = UserFactory(username="suzhou")
    entry = submitted_entry(application_page, applicant)
    field = UploadField(photos=True, min_width=1600, min_height=1000)
    field.bind_entry(entry, "evidence_photos")
    field.store(SimpleUploadedFile("IMG_0003.HEIC", heic(2016, 1512), "image/heic"), position=0)
    item = entry.files.get()
    preview_url = f"/forms/files/{item.pk}/?preview=1"

    client.force_login(reviewer_of(ZHEJIANG, "zhejiang"))
    assert client.get(preview_url).status_code == 403
    client.force_login(reviewer_of(JIANGSU, "jiangsu"))
    response = client.get(preview_url)
    assert response.status_code == 200 and Image.open(io.BytesIO(served(response))).format == "JPEG"
    desk = client.get(f"/admin/review-desk/{application_of(entry).pk}/").content.decode()
    assert preview_url in desk and "IMG_0003.HEIC" in desk
