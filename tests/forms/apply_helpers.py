"""Filling the whole /apply/ form as a city does, for the tests that need a complete application: the
answers are the shared sample (``learning_city/applications/sample_answers.py``)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from learning_city.applications import sample_answers
from learning_city.forms.models import FormEntry, MultiStepFormPage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def photo_bytes(size=(1600, 1000)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def photo(size=(1600, 1000)):
    return SimpleUploadedFile("活动现场.jpg", photo_bytes(size), "image/jpeg")


def client_post(client):
    """``post(url, data, expect)`` with a test client: the response, its status checked."""

    def post(url, data, expect=(302,)):
        response = client.post(url, data)
        assert response.status_code in expect, (url, response.status_code, response.content.decode()[-3000:])
        return response

    return post


def fill_all_parts(client, user, answers=None, post=None):
    """Parts 1 to 5 of /apply/, every step accepted (the client is signed in as ``user``): ``answers`` by
    step (the sample city's, 苏州市, unless given), with a PDF and a captioned photo in part 4. ``post`` sends
    a step, as ``client_post`` does (a test that wants each commit's callbacks run passes its own)."""
    answers = answers or sample_answers.answers()
    post = post or client_post(client)
    page = MultiStepFormPage.objects.get(slug="apply")
    prefix = f"form_{page.pk}-current_step"

    def step(number, data, expect=(302,)):
        return post(f"/apply/step/{number}/", {prefix: str(number), "action": "next", **data}, expect)

    for number in (1, 2, 3):
        step(number, answers[number])
    uploads = {
        "evidence_documents": SimpleUploadedFile("实施意见.pdf", PDF, "application/pdf"),
        "evidence_photos": photo(),
    }
    step(4, uploads, expect=(200,))  # the step comes back asking for the photo's caption and copyright
    photo_ids = (
        FormEntry.objects.get(user=user, page=page)
        .files.filter(field_key="evidence_photos")
        .order_by("position")
        .values_list("pk", flat=True)
    )
    step(4, sample_answers.photo_notes(photo_ids))
    step(5, answers[5])
