"""Readable folder names for an entry's attachments in its ZIP: the question's number in the form and
its label ("12 佐证材料 · 照片"), not the internal key, safe as a folder name on any system and unique."""

import re
import unicodedata

from learning_city.forms import versions

# Characters Windows, macOS or a ZIP tool refuse or read as a path, and control characters.
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_CHARACTERS = 60


def clean(name):
    name = UNSAFE.sub(" ", unicodedata.normalize("NFC", name))
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[:MAX_CHARACTERS].rstrip(" .")


def folder_names(entry):
    """``{key: folder}`` for every question of the form the entry was answered on, numbered in the
    form's order; a key no question of that version asks keeps its own name."""
    definition = versions.definition_of(entry)
    names, taken = {}, set()
    for number, (_step, question) in enumerate(definition.questions, start=1):
        names[question.key] = _unique(clean(f"{number:02d} {question.full_label}") or f"{number:02d}", taken)
    for key in entry.files.exclude(field_key__in=list(names)).values_list("field_key", flat=True).distinct():
        names[key] = _unique(clean(key) or "files", taken)
    return names


def _unique(name, taken):
    candidate, count = name, 1
    while candidate.casefold() in taken:
        count += 1
        candidate = f"{name} ({count})"
    taken.add(candidate.casefold())
    return candidate
