"""Checks on the demo org-unit data file (pure: no database)."""

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from cchc.orgs.models import UnitKind

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "demo_units.json"

ALLOWED_KINDS = set(UnitKind.values)

ROOTS = {
    "BCA": ("ministry", None),
    "HP": ("provincial_police", "BCA"),
    "ST": ("provincial_police", "BCA"),
    "UBHP": ("provincial_committee", None),
    "HN": ("provincial_committee", None),
}

# Every department code seed 000 (447/KH-CAHP-PV01) assigns tasks to.
SEED_000_CODES = [
    "PV01",
    "PV06",
    "PH06",
    "PH10",
    "PX01",
    "PX03",
    "PX04",
    "PX05",
    "PA03",
    "PA08",
    "PC04",
    "PC06",
    "PC07",
    "PC08",
    "PC09",
    "PC10",
    "PC11A",
    "PC11B",
]

KEYS = {"code", "short_code", "name", "short_name", "kind", "parent", "aliases", "valid_to"}
OPTIONAL_KEYS = {"valid_from"}
CODE_RE = re.compile(r"^[A-Z0-9]+(\.[A-Z0-9]+)*$")


@pytest.fixture(scope="module")
def doc():
    with DATA_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def units(doc):
    return doc["units"]


@pytest.fixture(scope="module")
def by_code(units):
    return {u["code"]: u for u in units}


def _root(code):
    return code.split(".", 1)[0]


def _fold(text):
    return " ".join(text.split()).casefold()


def _date(value):
    return None if value is None else date.fromisoformat(value)


def test_top_level_shape(doc):
    assert set(doc) == {"version", "note", "units"}
    assert doc["version"] == 1
    assert isinstance(doc["note"], str)
    assert doc["note"].strip()
    assert isinstance(doc["units"], list)
    assert doc["units"]


def test_unit_fields(units):
    for unit in units:
        assert KEYS <= set(unit) <= KEYS | OPTIONAL_KEYS, unit["code"]
        for key in ("code", "short_code", "name", "short_name", "kind"):
            assert isinstance(unit[key], str), (unit["code"], key)
            assert unit[key] == unit[key].strip(), (unit["code"], key)
            assert unit[key], (unit["code"], key)
        assert unit["parent"] is None or isinstance(unit["parent"], str)
        assert isinstance(unit["aliases"], list)
        assert all(isinstance(a, str) and a.strip() == a and a for a in unit["aliases"]), unit["code"]
        assert CODE_RE.match(unit["code"]), unit["code"]


def test_codes_unique(units):
    codes = [u["code"] for u in units]
    assert len(codes) == len(set(codes))


def test_kinds_allowed(units):
    for unit in units:
        assert unit["kind"] in ALLOWED_KINDS, (unit["code"], unit["kind"])


def test_parents_exist_and_come_first(units):
    seen = set()
    for unit in units:
        parent = unit["parent"]
        if parent is not None:
            assert parent in seen, f"{unit['code']}: parent {parent} missing or listed later"
        seen.add(unit["code"])


def test_codes_are_qualified_by_their_root(units):
    for unit in units:
        code, parent = unit["code"], unit["parent"]
        if code in ROOTS:
            assert "." not in code
            continue
        assert parent is not None, code
        assert code.startswith(_root(parent) + "."), code


def test_roots(by_code):
    for code, (kind, parent) in ROOTS.items():
        assert code in by_code, code
        assert by_code[code]["kind"] == kind, code
        assert by_code[code]["parent"] == parent, code
    for code, unit in by_code.items():
        if unit["parent"] is None:
            assert code in ROOTS, code
    assert by_code["HN.NGOCHA"]["kind"] == "commune_committee"
    assert by_code["HN.NGOCHA"]["parent"] == "HN"


def test_seed_000_departments_present(by_code):
    for code in SEED_000_CODES:
        unit = by_code.get(f"HP.{code}")
        assert unit is not None, code
        assert unit["parent"] == "HP", code
        assert unit["short_code"] == code, code
        assert unit["short_name"] == code, code
        assert unit["kind"] == "police_department", code


def test_expected_units_and_kinds(by_code, units):
    assert by_code["HP.PV01"]["name"] == "Phòng Tham mưu"
    assert "Phòng PV01" in by_code["HP.PV01"]["aliases"]
    assert by_code["UBHP.SNV"]["name"] == "Sở Nội vụ"
    assert by_code["UBHP.SNV"]["short_name"] == "SNV"
    assert by_code["HN.NGOCHA.VHXH"]["kind"] == "specialised_office"
    assert by_code["HN.NGOCHA.VHXH"]["name"] == "Phòng Văn hóa - Xã hội"
    assert by_code["ST.PC06"]["kind"] == "police_department"
    hp_communes = [u for u in units if u["parent"] == "HP" and u["kind"] == "commune_police"]
    assert 6 <= len(hp_communes) <= 10
    assert all(u["code"].startswith("HP.CAP.") for u in hp_communes)
    ubhp_communes = [u for u in units if u["parent"] == "UBHP" and u["kind"] == "commune_committee"]
    assert 3 <= len(ubhp_communes) <= 5


def test_strings_are_nfc(doc):
    assert unicodedata.is_normalized("NFC", doc["note"])
    for unit in doc["units"]:
        for value in (unit["name"], unit["short_name"], *unit["aliases"]):
            assert unicodedata.is_normalized("NFC", value), (unit["code"], value)


def test_aliases_do_not_clash_within_a_root(units):
    roots = {}
    for unit in units:
        roots.setdefault(_root(unit["code"]), []).append(unit)
    for root, members in roots.items():
        names = {}
        for unit in members:
            for label in (unit["name"], unit["short_code"], unit["short_name"]):
                names.setdefault(_fold(label), set()).add(unit["code"])
        alias_owner = {}
        for unit in members:
            own = [_fold(a) for a in unit["aliases"]]
            assert len(own) == len(set(own)), f"{unit['code']}: repeated alias"
            for alias in own:
                others = names.get(alias, set()) - {unit["code"]}
                assert not others, f"{root}: alias {alias!r} of {unit['code']} names {sorted(others)}"
                owner = alias_owner.setdefault(alias, unit["code"])
                assert owner == unit["code"], f"{root}: alias {alias!r} on {owner} and {unit['code']}"


def test_short_codes_unique_within_a_root(units):
    seen = {}
    for unit in units:
        key = (_root(unit["code"]), unit["short_code"])
        assert key not in seen, f"{unit['code']} and {seen[key]} share short_code {unit['short_code']}"
        seen[key] = unit["code"]


def test_validity_dates(by_code):
    for code, unit in by_code.items():
        start = _date(unit.get("valid_from"))
        end = _date(unit["valid_to"])
        if start and end:
            assert start <= end, code
        parent = by_code.get(unit["parent"]) if unit["parent"] else None
        if parent is not None and parent["valid_to"] is not None:
            assert end is not None, f"{code} outlives its parent"
            assert end <= _date(parent["valid_to"]), f"{code} outlives its parent"


def test_lengths_fit_the_model(units):
    for unit in units:
        assert len(unit["code"]) <= 64, unit["code"]
        assert len(unit["short_code"]) <= 32, unit["code"]
        assert len(unit["short_name"]) <= 64, unit["code"]
        assert len(unit["name"]) <= 255, unit["code"]
        assert all(len(a) <= 255 for a in unit["aliases"]), unit["code"]
