"""A complete city application on the shipped form (attachment 1 at /apply/), typed step by step as the
demo applicant would, with as many attachments as the form takes, and submitted through the journey."""

import hashlib

from django.core.files.base import ContentFile

from learning_city.applications import demo
from learning_city.applications.loaders import load_application_form
from learning_city.forms import entries
from learning_city.forms.models import EntryFile, MultiStepFormPage
from tests.factories import HomePageFactory

SUZHOU = "320500"


def shipped_form():
    home = HomePageFactory()
    load_application_form(home)
    return MultiStepFormPage.objects.get(slug="apply")


def demo_spec(city_code=SUZHOU):
    data = demo.demo_data()
    spec = next(item for item in data["applications"] if item["answers"]["1"]["city"] == city_code)
    return {**spec, "city_name": "苏州市"}, data["common_answers"]


def add_files(entry, key, count, photos=False):
    """More files under upload question ``key``, stored like uploads (names, sizes, captions)."""
    start = entry.files.filter(field_key=key).count()
    for number in range(start, start + count):
        content = f"{key} {number} {entry.pk}".encode() * (number + 1) * 300
        EntryFile.objects.create(
            entry=entry,
            field_key=key,
            position=number,
            file=ContentFile(content, name=f"{number}.{'jpg' if photos else 'pdf'}"),
            original_name=f"{'活动照片' if photos else '政策文件'}{number + 1:02d}.{'jpg' if photos else 'pdf'}",
            content_type="image/jpeg" if photos else "application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            caption=f"第{number + 1}张照片：社区学习活动" if photos else "",
            copyright="© 2024 苏州市教育局" if photos else "",
        )


def submit_full_application(page, user, attachments=20):
    """Fill every step of ``page`` with the demo answers for Suzhou, attach ``attachments`` files in all
    (half documents, half photos) and submit: the submitted entry."""
    spec, common = demo_spec()
    entry = entries.find_or_create_draft(page, user=user)
    demo.fill_form(page, entry, spec, common)
    documents = attachments // 2
    add_files(entry, "evidence_documents", max(documents - 1, 0))
    add_files(entry, "evidence_photos", max(attachments - documents - 1, 0), photos=True)
    result = entries.submit(page, entry)
    assert result.accepted, (result.incomplete_step, result.problems)
    return result.entry
