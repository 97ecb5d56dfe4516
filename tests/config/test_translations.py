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
