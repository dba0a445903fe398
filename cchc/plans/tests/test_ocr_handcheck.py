"""OCR seeds 002 and 004 (no diacritics, table structure lost): a hand-checked sample of 15 tasks
each (code, lead, deadline). The figures are printed (`pytest -s`); the assertions only guard
against regressions well below what the importer reaches today, since OCR import is best effort
and every such plan is flagged for review in the preview."""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from cchc.plans.importing import extract_plan
from cchc.plans.importing.textnorm import fold
from cchc.plans.tests.support import seed_path

FIXTURE = Path(__file__).parent / "fixtures" / "ocr_handcheck.json"
FLOOR = {"002": {"found": 70, "lead": 40, "deadline": 70}, "004": {"found": 10, "lead": 0, "deadline": 30}}


def _ocr_key(text: str) -> str:
    """Fold and undo common OCR letter swaps ("S&" / "Sé" for "Sở")."""
    text = fold(text).replace("&", "o").replace("¢", "o")
    return " ".join(text.split())


def handcheck(number: str) -> dict[str, float]:
    sample = json.loads(FIXTURE.read_text(encoding="utf-8"))[number]
    out = extract_plan(seed_path(number))
    tasks = {t["code"]: t for t in out["tasks"] if t["code"]}
    found = lead = deadline = 0
    for want in sample:
        got = tasks.get(want["code"])
        if got is None:
            continue
        found += 1
        first = _ocr_key(got["lead"][0]) if got["lead"] else ""
        key = want["lead"]
        if first and SequenceMatcher(None, key, first[: len(key) + 2]).ratio() >= 0.75:
            lead += 1
        if got["deadline"]["kind"] == want["kind"] and got["deadline"]["end"] == want["end"]:
            deadline += 1
    n = len(sample)
    figures = {
        "found": 100.0 * found / n,
        "lead": 100.0 * lead / found if found else 0.0,
        "deadline": 100.0 * deadline / found if found else 0.0,
    }
    print(
        f"seed {number} OCR hand-check ({n} tasks): " + ", ".join(f"{k} {v:.0f}%" for k, v in figures.items())
    )
    return figures


@pytest.mark.parametrize("number", ["002", "004"])
def test_ocr_handcheck(number):
    figures = handcheck(number)
    for name, floor in FLOOR[number].items():
        assert figures[name] >= floor, f"{name} {figures[name]:.0f}% < {floor}%"


@pytest.mark.parametrize("number", ["002", "004"])
def test_ocr_metadata(number):
    out = extract_plan(seed_path(number))
    assert out["doc_number"] == {"002": "5256/QD-UBND", "004": "89/KH-UBND"}[number]
    assert out["year"] == 2026
    assert any("OCR" in w for w in out["warnings"])
