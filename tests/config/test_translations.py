import gettext
import re
from pathlib import Path

from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def po_entries():
    text = (LOCALE_DIR / "django.po").read_text(encoding="utf-8")
    text = re.sub(r"^#~.*$", "", text, flags=re.M)  # obsolete entries
    return dict(re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, flags=re.M))


def test_every_label_has_a_chinese_translation():
    entries = {k: v for k, v in po_entries().items() if k}
    assert entries
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []


def test_compiled_catalogue_matches_the_po_file():
    with open(LOCALE_DIR / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in po_entries().items():
        if msgid:
            assert compiled.gettext(msgid) == msgstr, f"run `make messages`: {msgid!r} is stale in django.mo"


def test_labels_render_in_chinese():
    from learning_city.regions.choices import Region

    with translation.override("zh-hans"):
        assert str(Region.WEST.label) == "西部地区"


def test_every_entry_is_translated_once():
    """Every entry, multi-line and plural ones included: not empty, and not its own text repeated
    (what a bad merge of the catalogue once left: one message shown five times over)."""
    with open(LOCALE_DIR / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    problems = []
    for key, text in catalogue.items():
        if not key:
            continue  # the header
        repeated = any(len(text) % n == 0 and text[: len(text) // n] * n == text for n in range(2, 6))
        if not text or (repeated and len(text) > 8):
            problems.append(key)
    assert problems == []
