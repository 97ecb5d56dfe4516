"""The project's catalogue translates Wagtail's admin English word for word: each text listed in
``config/wagtail_messages.py`` must be one Wagtail 8.0.1 (or wagtail-modeladmin) writes, and read in Chinese."""

import ast
import json
import re
from pathlib import Path

import wagtail
import wagtail_modeladmin
from django.utils import translation

from tests.config.test_translations import unescape

LISTING = Path(__file__).resolve().parents[2] / "config" / "wagtail_messages.py"


def listed():
    """(singular, plural or None) for each text in the listing, as written there."""
    for call in ast.walk(ast.parse(LISTING.read_text(encoding="utf-8"))):
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") in ("gettext_noop", "ngettext_lazy"):
            texts = [arg.value for arg in call.args if isinstance(arg.value, str)]
            yield texts[0], texts[1] if len(texts) > 1 else None


def wagtail_english(domain="django", plurals=True):
    """Every msgid (and, unless told otherwise, msgid_plural) in Wagtail's English catalogues."""
    texts = set()
    packages = (Path(wagtail.__file__).parent, Path(wagtail_modeladmin.__file__).parent)
    for po in (po for package in packages for po in package.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")):
        text = po.read_text(encoding="utf-8")
        text = re.sub(r'"\n"', "", text)  # join continued lines
        pattern = r'^msgid(?:_plural)? "(.*)"$' if plurals else r'^msgid "(.*)"$'
        texts.update(unescape(found) for found in re.findall(pattern, text, flags=re.M))
    return texts


def test_every_listed_text_is_wagtails_own():
    english = wagtail_english()
    entries = list(listed())
    assert len(entries) > 300
    assert [entry for entry in entries if not set(filter(None, entry)) <= english] == []


def test_every_listed_text_reads_in_chinese():
    with translation.override("zh-hans"):
        untranslated = [
            singular
            for singular, plural in listed()
            if (translation.ngettext(singular, plural, 2) if plural else translation.gettext(singular)) == singular
            and re.search("[A-Za-z]{3}", singular.replace("Wagtail", ""))
        ]
    assert untranslated == []


def test_the_dashboard_counts_pages_in_chinese():
    text = '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>'
    plural = '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>'
    with translation.override("zh-hans"):
        assert translation.ngettext(text, plural, 14) % {"total": 14, "site_name": "全国学习型城市网络"} == (
            '14 个页面<span class="w-sr-only">（全国学习型城市网络）</span>'
        )


def test_the_admin_scripts_read_in_chinese(client, superuser):
    """Autosave, the block editor's menus, the readability score: texts Wagtail's scripts write, from the
    catalogue the admin loads (Wagtail's, completed by locale/zh_Hans/LC_MESSAGES/djangojs.po)."""
    client.force_login(superuser)
    script = client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    english = {text for text in wagtail_english("djangojs", plurals=False) if re.search("[A-Za-z]{2}", text)}
    assert len(english) > 80
    assert sorted(english - catalog.keys()) == []
    assert catalog["Autosave in progress…"] == "正在自动保存…"
