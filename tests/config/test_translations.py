import gettext
import re
from pathlib import Path

from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


def po_entries():
    text = (LOCALE_DIR / "django.po").read_text(encoding="utf-8")
    text = re.sub(r"^#~.*$", "", text, flags=re.M)  # obsolete entries
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, flags=re.M)
    return {unescape(msgid): unescape(msgstr) for msgid, msgstr in pairs}


def unescape(text):
    """A .po string as the program reads it: \\" is a quotation mark, \\n a line break."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text)


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


# Where a Chinese message ends a sentence. A catalogue merge once printed "photo too small" six times in a row.
SENTENCE_END = re.compile(r"(?<=[。！？；])")


def repeated_sentences(text):
    sentences = [sentence.strip() for sentence in SENTENCE_END.split(text) if len(sentence.strip()) > 4]
    return sorted({sentence for sentence in sentences if sentences.count(sentence) > 1})


def test_no_message_says_a_sentence_twice():
    with open(LOCALE_DIR / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    assert {key: repeated_sentences(text) for key, text in catalogue.items() if key and repeated_sentences(text)} == {}


def test_a_repeated_sentence_is_found():
    assert repeated_sentences("照片太小。请上传原图。照片太小。") == ["照片太小。"]
    assert repeated_sentences("照片太小。请上传原图。") == []
