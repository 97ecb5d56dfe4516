"""JSON for headless front ends: a form's schema, and saving and submitting steps.

The same forms, storage and submit path as the pages, so an answer saved through the API
is the answer the page shows. Session authentication with Django's CSRF check on writes.
"""

import json

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_GET, require_POST

from learning_city import throttle
from learning_city.forms import entries
from learning_city.forms.blocks import field_key, sub_key
from learning_city.forms.models import MultiStepFormPage
from learning_city.forms.owners import owner

OPTION_NAMES = (
    "max_characters",
    "min_value",
    "max_value",
    "decimal_places",
    "unit",
    "choices",
    "statement",
    "fill_from",
    "precision",
    "max_total_characters",
    "min_entries",
    "max_entries",
    "entry_label",
    "max_files",
    "max_megabytes",
    "min_width",
    "min_height",
)


def _moment(value):
    """ISO 8601 in the site's time zone (+08:00), as every time the site shows."""
    return timezone.localtime(value).isoformat() if value else None


def _question(child, key, section=""):
    value = child.value
    described = {
        "key": key,
        "type": child.block_type,
        "label": value["label"],
        "section": section,
        "full_label": f"{section} · {value['label']}" if section else value["label"],
        "help_text": value["help_text"],
        "required": bool(value["required"]),
    }
    for name in OPTION_NAMES:
        if name in value and value[name] not in (None, ""):
            option = value[name]
            described[name] = (
                list(option)
                if name == "choices"
                else (str(option) if name in ("min_value", "max_value") and child.block_type == "decimal" else option)
            )
    if child.block_type == "group":
        described["fields"] = [_question(sub, sub_key(sub)) for sub in value["fields"]]
    return described


def schema(page):
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.url,
        "availability": page.availability(),
        "login_required": page.login_required,
        "opens_at": _moment(page.opens_at),
        "closes_at": _moment(page.closes_at),
        "steps": [
            {
                "number": number,
                "title": step["title"],
                "intro": step["intro"],
                "items": [_item(child) for child in step["fields"]],
            }
            for number, step in enumerate(page.step_list, start=1)
        ],
    }


def _item(child, section=""):
    """A step's heading, help, section (with its own items) or question."""
    if getattr(child.block, "is_section", False):
        title = child.value["title"]
        return {
            "type": "section",
            "title": title,
            "intro": child.value["intro"],
            "items": [_item(inner, title) for inner in child.value["fields"]],
        }
    if getattr(child.block, "is_question", False):
        return _question(child, field_key(child), section)
    return {"type": child.block_type, "text": str(child.value)}


def _page(page_id):
    return get_object_or_404(MultiStepFormPage.objects.live().public(), pk=page_id)


def _refuse(message, status):
    return JsonResponse({"error": message}, status=status)


def _allowed(request, page):
    return request.user.is_authenticated or not page.login_required


@require_GET
def form_schema(request, page_id):
    return JsonResponse(schema(_page(page_id)))


def _draft_state(page, entry):
    return {
        "status": entry.status if entry else None,
        "answers": entry.answers if entry else {},
        # The answers as read, each labelled with its section: "工作联系人 · 姓名".
        "summary": entries.summary_of(entry, page) if entry else [],
        "completed_steps": entry.completed_steps if entry else [],
        "steps": [{"number": row["number"], "state": row["state"]} for row in entries.step_statuses(page, entry)],
        "last_saved_at": _moment(entry.last_saved_at) if entry else None,
        "reference": entry.reference if entry else None,
        # A returned entry: first submitted when, what may not change, and that it may be edited after closing.
        "submitted_at": _moment(entry.submitted_at) if entry else None,
        "locked_keys": sorted(entries.locked_keys(page, entry)),
        "accepts_changes": entries.accepts_changes(page, entry),
    }


@require_GET
def draft(request, page_id):
    page = _page(page_id)
    if not _allowed(request, page):
        return _refuse("sign_in_required", 401)
    return JsonResponse(_draft_state(page, entries.find_draft(page, **owner(request))))


def _form_data(payload):
    """JSON answers as the form's POST data: lists stay lists, groups become rows."""
    data = MultiValueDict()
    for key, value in payload.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for index, row in enumerate(value):
                for sub, cell in row.items():
                    data[f"{key}-{index}-{sub}"] = "" if cell is None else str(cell)
        elif isinstance(value, list):
            data.setlist(key, [str(item) for item in value])
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = "" if value is None else str(value)
    return data


@require_POST
@throttle.limit("form_save", json=True)
def save_step(request, page_id, number):
    page = _page(page_id)
    if not _allowed(request, page):
        return _refuse("sign_in_required", 401)
    if not entries.accepts_changes(page, entries.find_draft(page, **owner(request))):
        return _refuse("form_not_open", 409)
    if not 1 <= number <= len(page.step_list):
        return _refuse("no_such_step", 404)
    if request.content_type == "application/json":
        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            return _refuse("invalid_json", 400)
        if not isinstance(payload, dict):
            return _refuse("invalid_json", 400)
        data, files = _form_data(payload), MultiValueDict()
    else:
        data, files = request.POST, request.FILES
    refusal = entries.new_entry_refusal(page, **owner(request))
    if refusal:
        return JsonResponse({"error": "new_entry_refused", "message": refusal}, status=409)
    entry = entries.find_or_create_draft(page, **owner(request))
    result = entries.save_step(page, entry, number, data, files)
    return JsonResponse(
        {
            "valid": result.valid,
            "errors": {key: list(errors) for key, errors in result.form.errors.items()},
            **_draft_state(page, entry),
        },
        status=200 if result.valid else 422,
    )


@require_POST
@throttle.limit("form_submit", json=True)
def submit(request, page_id):
    page = _page(page_id)
    if not _allowed(request, page):
        return _refuse("sign_in_required", 401)
    entry = entries.find_draft(page, **owner(request))
    if not entries.accepts_changes(page, entry):
        return _refuse("form_not_open", 409)
    if entry is None:
        entry = entries.latest_submission(page, **owner(request))
        if entry is None:
            return _refuse("nothing_to_submit", 404)
        return JsonResponse({"status": entry.status, "reference": entry.reference})
    result = entries.submit(page, entry)
    if result.incomplete_step is not None:
        return JsonResponse({"error": "incomplete", "step": result.incomplete_step}, status=422)
    if result.problems:
        return JsonResponse({"error": "refused", "problems": result.problems}, status=422)
    return JsonResponse(
        {"status": result.entry.status, "reference": result.entry.reference, "resubmitted": result.resubmitted}
    )
