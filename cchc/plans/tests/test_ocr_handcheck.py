"""OCR seeds 002 and 004 (no diacritics, table structure lost), hand-checked.

`fixtures/ocr_handcheck.json` holds, per seed, the tasks a person read from the OCR text: number,
content start, product, leader in charge (seed 004), lead and coordinate unit, deadline. Fields
marked `uncertain` (unreadable in the OCR) are left out of that field's measure. The figures are
printed (`pytest -s`); the floors below sit just under what the importer reaches, so that a
regression shows. OCR import stays best effort: every such plan is flagged for review in the preview.
"""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pytest

from cchc.plans.importing import extract_plan
from cchc.plans.importing.textnorm import fold
from cchc.plans.tests.support import seed_path

FIXTURE = Path(__file__).parent / "fixtures" / "ocr_handcheck.json"
MEASURES = ("found", "content", "product", "leader", "lead", "coordinate", "deadline")
FLOOR = {
    "002": {"found": 90, "content": 30, "lead": 75, "coordinate": 20, "deadline": 95},
    "004": {
        "found": 95,
        "content": 85,
        "product": 80,
        "leader": 90,
        "lead": 85,
        "coordinate": 90,
        "deadline": 95,
    },
}


def ocr_key(text: str | None) -> str:
    """Fold and undo common OCR letter swaps ("S&" / "Sé" for "Sở"); one space between words."""
    text = fold(text or "").replace("&", "o").replace("¢", "o")
    return " ".join(re.sub(r"[^\w\s,;/()-]", " ", text).split())


def _prefix_match(key: str, text: str | None, ratio: float = 0.75) -> bool:
    got = ocr_key(text)
    return bool(got) and SequenceMatcher(None, key, got[: len(key) + 2]).ratio() >= ratio


def _contains(key: str, text: str | None, ratio: float = 0.8) -> bool:
    got = ocr_key(text)
    starts = [0] + [m.end() for m in re.finditer(r"[\s,;/()-]+", got)]
    return any(SequenceMatcher(None, key, got[i : i + len(key)]).ratio() >= ratio for i in starts)


def _is_deputy(text: str | None) -> bool:
    return bool(re.match(r"ph\w{0,2}\s+ch", ocr_key(text)))


def _checks(want: dict[str, Any], got: dict[str, Any]) -> dict[str, bool]:
    out = {
        "lead": bool(got["lead"]) and _prefix_match(want["lead"], got["lead"][0]),
        "deadline": got["deadline"]["kind"] == want["kind"] and got["deadline"]["end"] == want["end"],
    }
    if "content" in want:
        out["content"] = _prefix_match(want["content"], got["content"], 0.7)
    if "coordinate" in want:
        out["coordinate"] = any(_prefix_match(want["coordinate"], u) for u in got["coordinate"][:2])
    if "product" in want:
        out["product"] = any(_contains(k, got.get("product")) for k in want["product"])
    if "leader" in want:
        out["leader"] = bool(got.get("leader")) and _is_deputy(got.get("leader")) == (
            want["leader"] != "chu tich"
        )
    return out


def handcheck(number: str, key: str | None = None) -> dict[str, float]:
    sample = json.loads(FIXTURE.read_text(encoding="utf-8"))[key or number]
    out = extract_plan(seed_path(number))
    tasks = {t["code"]: t for t in out["tasks"] if t["code"]}
    right = dict.fromkeys(MEASURES, 0)
    asked = dict.fromkeys(MEASURES, 0)
    for want in sample:
        asked["found"] += 1
        got = tasks.get(want["code"])
        if got is None:
            continue
        right["found"] += 1
        uncertain = set(want.get("uncertain", []))
        for name, ok in _checks(want, got).items():
            if name in uncertain:
                continue
            asked[name] += 1
            right[name] += ok
    figures = {k: 100.0 * right[k] / asked[k] for k in MEASURES if asked[k]}
    print(
        f"seed {key or number} OCR hand-check ({len(sample)} tasks): "
        + ", ".join(f"{k} {v:.0f}% ({right[k]}/{asked[k]})" for k, v in figures.items())
    )
    return figures


@pytest.mark.parametrize("number", ["002", "004"])
def test_ocr_handcheck(number):
    figures = handcheck(number)
    for name, floor in FLOOR[number].items():
        assert figures.get(name, 0.0) >= floor, f"{name} {figures.get(name, 0.0):.0f}% < {floor}%"


@pytest.mark.parametrize("number", ["002", "004"])
def test_ocr_first_sample_still_read(number):
    """The first 15-task samples (lead and deadline only) do not regress."""
    figures = handcheck(number, f"{number}_sample_2025")
    assert figures["found"] >= 85
    assert figures["deadline"] >= 90


@pytest.mark.parametrize("number", ["002", "004"])
def test_ocr_metadata(number):
    out = extract_plan(seed_path(number))
    assert out["doc_number"] == {"002": "5256/QD-UBND", "004": "89/KH-UBND"}[number]
    assert out["year"] == 2026
    assert any("OCR" in w for w in out["warnings"])
