"""English locale: the catalogue is complete, compiled, and the language switcher turns the UI English."""

from __future__ import annotations

import ast
import gettext as stdlib_gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts: 'flags', 'msgid', optional 'msgctxt'/'msgid_plural', 'msgstr' (list)."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry: dict = {"flags": set(), "msgstr": []}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if key == "msgstr":
                    entry["msgstr"][-1] += value
                else:
                    entry[key] += value
            else:
                key, _, rest = line.partition(" ")
                value = ast.literal_eval(rest)
                if key.startswith("msgstr"):
                    key = "msgstr"
                    entry["msgstr"].append(value)
                else:
                    entry[key] = value
        if "msgid" in entry:
            entries.append(entry)
    return entries


def messages() -> list[dict]:
    entries = parse_po(PO)
    assert entries and entries[0]["msgid"] == "", "the .po should start with its header"
    return entries[1:]


def test_po_has_no_untranslated_or_fuzzy_entries():
    entries = messages()
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not e["msgstr"] or not all(s.strip() for s in e["msgstr"])]
    assert untranslated == []
    assert [e["msgid"] for e in parse_po(PO) if "fuzzy" in e["flags"]] == []
    plurals = [e for e in entries if "msgid_plural" in e]
    assert all(len(e["msgstr"]) == 2 for e in plurals)


def test_po_keeps_placeholders():
    for e in messages():
        expected = sorted(PLACEHOLDER.findall(e["msgid"]))
        for s in e["msgstr"]:
            assert sorted(PLACEHOLDER.findall(s)) == expected, e["msgid"]


def test_mo_matches_po():
    """The committed .mo is compiled from the current .po (CI machines may lack gettext)."""
    with MO.open("rb") as f:
        catalog = stdlib_gettext.GNUTranslations(f)
    for e in messages():
        msgid = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            assert catalog.ngettext(msgid, e["msgid_plural"], 1) == e["msgstr"][0]
            assert catalog.ngettext(msgid, e["msgid_plural"], 5) == e["msgstr"][1]
        else:
            assert catalog.gettext(msgid) == e["msgstr"][0], msgid


def test_known_strings_translate():
    # Aliases, so that makemessages does not take this file's calls as source references.
    tr, ntr = translation.gettext, translation.ngettext
    with translation.override("en"):
        assert tr("Đơn vị") == "Units"
        assert tr("Trang chủ") == "Home"
        assert tr("Cán bộ đầu mối CCHC") == "CCHC focal officer"
        assert tr("Thủ trưởng đơn vị") == "Head of unit"
        assert tr("Xin chào, %(name)s") % {"name": "An"} == "Hello, An"
        assert ntr("%(n)s đơn vị", "%(n)s đơn vị", 3) == "%(n)s units"
    with translation.override("vi"):
        assert tr("Đơn vị") == "Đơn vị"


@pytest.mark.django_db
def test_language_switch_shows_english_home(client):
    from cchc.accounts.models import User

    user = User.objects.create_user(username="locale-en", password="Mat-khau-thu-2026")
    client.force_login(user)

    page = client.get("/").content.decode()
    assert "Nền tảng quản lý công tác cải cách hành chính" in page

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Administrative reform management platform" in page  # footer
    assert "Log out" in page  # header
    assert "Units" in page  # navigation tiles
    assert "Nền tảng quản lý công tác cải cách hành chính" not in page
