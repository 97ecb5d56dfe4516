"""Demonstration accounts and applications for local development (``manage.py load_demo_reviews``).

Everything is made the way the site makes it: the applications are typed into the shipped
/apply/ form step by step with the journey service (``forms.entries``), with a generated PDF
and a generated original photo, and submitted; the reviewers then act through the workflow
tasks' own ``on_action`` with the data of their action dialogs, and the provinces send their
summaries through ``summaries.submit``. What is typed and done is data:
``content/demo_applications.json``.

Idempotent: an account or an application that exists is left as it is (a developer may have
moved it on), so running again creates nothing.
"""

import io
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.datastructures import MultiValueDict
from PIL import Image, ImageDraw, ImageFont

from learning_city import pdf
from learning_city.applications import summaries
from learning_city.applications.models import CityApplication, ProvinceReviewer, ProvincialRecommendation
from learning_city.forms import entries
from learning_city.forms.blocks import FileUploadBlock, PhotoUploadBlock, field_key, questions
from learning_city.forms.models import MultiStepFormPage
from learning_city.regions.models import City, Province
from learning_city.workflows.models import group_for

DEMO_FILE = Path(__file__).with_name("content") / "demo_applications.json"
PASSWORD_FILE_NAME = "dev-demo-password.txt"
EMAIL_DOMAIN = "example.cn"
FORM_PURPOSE = "city_network_application"


class DemoError(Exception):
    """The demonstration cannot be built as described (a group or the form is missing, an answer is refused)."""


@dataclass
class DemoResult:
    password: str
    password_file: Path
    password_created: bool
    accounts: list = field(default_factory=list)  # (user, spec)
    applications: list = field(default_factory=list)  # (application, spec)
    created_accounts: int = 0
    created_applications: int = 0
    skipped: list = field(default_factory=list)  # messages: what could not be made, and why


def demo_data():
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def dev_password(data_dir):
    """The one password of every demo account, kept in ``DATA_DIR`` (``var/``) like the dev admin's.

    Returns ``(password, file, created)``; a new one is drawn only when the file is missing.
    """
    password_file = Path(data_dir) / PASSWORD_FILE_NAME
    if password_file.exists():
        return password_file.read_text(encoding="utf-8").strip(), password_file, False
    password = secrets.token_urlsafe(12)
    password_file.parent.mkdir(parents=True, exist_ok=True)
    password_file.write_text(password + "\n", encoding="utf-8")
    password_file.chmod(0o600)
    return password, password_file, True


# --- accounts ------------------------------------------------------------------------


def ensure_account(spec, password, reset_password=False):
    """The demo account of ``spec``, created with its groups and provinces. Returns ``(user, created)``.

    An account that exists keeps its groups and provinces as an administrator left them; its
    password is set again only when the password file was lost (``reset_password``), so the
    printed password always signs in.
    """
    User = get_user_model()
    user = User.objects.filter(username=spec["username"]).first()
    if user is not None:
        if reset_password:
            user.set_password(password)
            user.save(update_fields=["password"])
        return user, False
    groups = []
    for handle in spec["groups"]:
        group = group_for(handle)
        if group is None:
            raise DemoError(f"group “{handle}” is missing (it is created by the migrations; was it deleted?)")
        groups.append(group)
    provinces = [Province.objects.get(code=code) for code in spec["provinces"]]
    user = User.objects.create_user(
        username=spec["username"],
        email=f"{spec['username']}@{EMAIL_DOMAIN}",
        password=password,
        first_name=spec["name"],
    )
    user.groups.add(*groups)
    for province in provinces:
        ProvinceReviewer.objects.create(user=user, province=province)
    return user, True


# --- generated attachments -----------------------------------------------------------


def document_pdf(city_name, title):
    """A short PDF with real Chinese text, as a city would attach a policy document."""
    return pdf.build(
        [
            pdf.text(title.removesuffix(".pdf"), "title"),
            pdf.text("演示材料：本文件由 load_demo_reviews 生成，仅用于本地开发和演示。", "subtitle"),
            pdf.text(f"{city_name}人民政府关于推进学习型城市建设的实施意见（演示文本）。"),
        ],
        title=title.removesuffix(".pdf"),
        subject="演示材料",
    )


def photo_jpeg(city_name, width, height):
    """An "original photo" of the required size: a JPEG that decodes, labelled as a demonstration."""
    image = Image.new("RGB", (width, height), (34, 102, 153))
    draw = ImageDraw.Draw(image)
    for band in range(0, height, 40):  # some structure, so it is not a single colour
        draw.rectangle([0, band, width, band + 19], fill=(34 + band % 120, 102, 153))
    font = ImageFont.truetype(str(pdf.FONT_FILE), size=max(24, height // 10), index=0)
    draw.text((width // 12, height // 3), f"{city_name} 演示照片", fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _uploads(step, city_name, evidence):
    """Generated files for the step's upload questions, and the photo questions' keys."""
    files, photo_keys = MultiValueDict(), []
    for child in questions(step):
        if isinstance(child.block, PhotoUploadBlock):
            width, height = max(child.value["min_width"], 1600), max(child.value["min_height"], 1000)
            content = photo_jpeg(city_name, width, height)
            files.setlist(field_key(child), [SimpleUploadedFile(evidence["photo"], content, "image/jpeg")])
            photo_keys.append(field_key(child))
        elif isinstance(child.block, FileUploadBlock):
            content = document_pdf(city_name, evidence["document"])
            files.setlist(field_key(child), [SimpleUploadedFile(evidence["document"], content, "application/pdf")])
    return files, photo_keys


# --- applications --------------------------------------------------------------------


def application_form():
    page = MultiStepFormPage.objects.filter(purpose=FORM_PURPOSE, live=True).order_by("path").first()
    if page is None:
        raise DemoError("there is no live city application form: run manage.py load_content first")
    return page


def _step_answers(common, spec, number):
    answers = {**common.get(str(number), {}), **spec["answers"].get(str(number), {})}
    return MultiValueDict({key: [value] for key, value in answers.items()})


def fill_form(page, entry, spec, common):
    """Type the application into every step, as an applicant would, and refuse to go on past an error."""
    city_name = spec["city_name"]
    for number, step in enumerate(page.step_list, start=1):
        data = _step_answers(common, spec, number)
        files, photo_keys = _uploads(step, city_name, spec["evidence"])
        result = entries.save_step(page, entry, number, data, files)
        if photo_keys:  # as on the page: a photo is uploaded first, then given its caption and copyright
            entry.refresh_from_db()
            for item in entry.files.filter(field_key__in=photo_keys):
                data[f"{item.field_key}-{item.pk}-caption"] = spec["evidence"]["caption"]
                data[f"{item.field_key}-{item.pk}-copyright"] = spec["evidence"]["copyright"]
            result = entries.save_step(page, entry, number, data)
        if not result.valid:
            errors = {key: [str(message) for message in messages] for key, messages in result.form.errors.items()}
            raise DemoError(f"step {number} of “{page.title}” refused the demo answers: {errors}")


def act(application, user, action, data):
    """What Wagtail's workflow action view does: bind the action's dialog form, then ``on_action``."""
    application.refresh_from_db()
    task_state = application.current_workflow_task_state
    if task_state is None:
        raise DemoError(f"{application} is at no workflow step; “{action}” cannot be done")
    task_state = task_state.specific
    task = task_state.task.specific
    form_class = task.get_form_for_action(action)
    cleaned = {}
    if form_class is not None:
        form = form_class(data)
        if not form.is_valid():
            raise DemoError(f"the “{action}” dialog refused the demo data: {dict(form.errors)}")
        cleaned = form.cleaned_data
    task.on_action(task_state, user, action, **cleaned)


def send_summary(application, user, header):
    """The province fills in attachment 2's header and sends its summary to the ministry."""
    summary = ProvincialRecommendation.objects.get(province_id=application.province_id, round_id=application.round_id)
    if summary.is_submitted:
        return
    for name, value in header.items():
        setattr(summary, name, value)
    summary.save(update_fields=list(header))
    summaries.submit(user, summary)


def make_application(page, spec, common, users):
    """Fill, submit and review one demo application; all of it, or nothing (a savepoint)."""
    applicant = users[spec["applicant"]]
    with transaction.atomic():
        entry = entries.find_or_create_draft(page, user=applicant)
        fill_form(page, entry, spec, common)
        result = entries.submit(page, entry)
        if not result.accepted:
            reasons = [str(problem) for problem in result.problems] or [f"step {result.incomplete_step} incomplete"]
            raise DemoError("the form refused the submission: " + "；".join(reasons))
        application = CityApplication.objects.get(entry=result.entry)
        for step in spec["review"]:
            if "summary" in step:
                send_summary(application, users[step["by"]], step["summary"])
            else:
                act(application, users[step["by"]], step["action"], step.get("data", {}))
        application.refresh_from_db()
        status = application.public_status()
        if status != spec["expected_status"]:
            raise DemoError(f"it ended as “{status}”, not “{spec['expected_status']}”")
    return application


def existing_application(page, applicant):
    return (
        CityApplication.objects.filter(applicant=applicant, round__form_page=page)
        .select_related("city")
        .order_by("-submitted_at")
        .first()
    )


# --- all of it -----------------------------------------------------------------------


def load_demo(data_dir):
    """Create what is missing of the demonstration. Returns a ``DemoResult`` listing all of it."""
    data = demo_data()
    password, password_file, password_created = dev_password(data_dir)
    result = DemoResult(password=password, password_file=password_file, password_created=password_created)
    with transaction.atomic():
        users = {}
        for spec in data["accounts"]:
            user, created = ensure_account(spec, password, reset_password=password_created)
            users[spec["username"]] = user
            result.accounts.append((user, spec))
            result.created_accounts += created
        page = application_form()
        for spec in data["applications"]:
            spec = {**spec, "city_name": _city_name(spec)}
            application = existing_application(page, users[spec["applicant"]])
            if application is None:
                try:
                    application = make_application(page, spec, data["common_answers"], users)
                except (DemoError, PermissionDenied, ValidationError) as error:
                    result.skipped.append(f"{spec['city_name']} ({spec['applicant']}): {error}")
                    continue
                result.created_applications += 1
            result.applications.append((application, spec))
    return result


def _city_name(spec):
    return City.objects.get(code=spec["answers"]["1"]["city"]).name
