"""Import quality on the labelled seeds, measured exactly as the contract says (found >= 95%,
and >= 95% of found tasks right on content, lead, coordinate and deadline). Figures are printed
(`pytest -s` shows them)."""

from __future__ import annotations

import pytest

from cchc.plans.importing import extract_plan
from cchc.plans.importing.quality import FIELDS, measure
from cchc.plans.importing.samples import document_to_docx
from cchc.plans.importing.text_reader import read_text
from cchc.plans.tests.support import seed_path, truth

GOAL = 95.0


def _check(label: str, output: dict, labels: dict) -> None:
    report = measure(output, labels)
    print(report.line(f"{label}: "))
    for miss in report.misses:
        print("   ", miss[:300])
    assert report.total > 0
    assert report.percent("found") >= GOAL, report.line()
    for name in FIELDS:
        assert report.percent(name) >= GOAL, f"{name}: {report.line()}"


@pytest.mark.parametrize("number", ["000", "001", "003"])
def test_seed_text_quality(number):
    _check(f"seed {number} (text)", extract_plan(seed_path(number)), truth(number))


@pytest.mark.parametrize("number", ["000", "001", "003"])
def test_seed_as_word_file_quality(number, tmp_path):
    """The same seed written as a Word file (no page-break markers, merged-row layout of Word)."""
    path = seed_path(number)
    docx_path = document_to_docx(read_text(path.read_text(encoding="utf-8")), tmp_path / f"seed{number}.docx")
    _check(f"seed {number} (docx)", extract_plan(docx_path), truth(number))


@pytest.mark.parametrize("number", ["000", "001", "003"])
def test_seed_metadata(number):
    out = extract_plan(seed_path(number))
    labels = truth(number)
    for key in ("doc_number", "issue_date", "issuer", "year"):
        assert out[key] == labels[key], key


def test_seed_000_title_and_sections():
    out = extract_plan(seed_path("000"))
    assert out["title"] == (
        "Thực hiện công tác cải cách hành chính trong lực lượng Công an thành phố Hải Phòng năm 2026"
    )
    by_code = {t["code"]: t for t in out["tasks"]}
    assert "2.1" not in by_code and "1" not in by_code  # group headings are not tasks
    task = by_code["2.1.3"]
    assert task["section"].startswith("Cải cách TTHC liên quan đến cá nhân, tổ chức")
    assert task["parent_code"] is None
    assert task["deadline"] == {"kind": "by_direction", "start": None, "end": None}
    assert by_code["4.4"]["coordinate"] == ["PX01", "PX03", "Công an các đơn vị, địa phương"]
    assert any(w.startswith("dòng 2.3.1: thiếu ô thời hạn") for w in out["warnings"])


def test_seed_001_parent_codes_and_tables():
    out = extract_plan(seed_path("001"))
    assert sorted({t["table"] for t in out["tasks"]}) == [1, 2, 3, 4]
    first = [t for t in out["tasks"] if t["table"] == 1]
    by_code = {t["code"]: t for t in first}
    assert by_code["7.1"]["parent_code"] == "7"
    assert by_code["7.1"]["section"].startswith("ĐỔI MỚI VIỆC THỰC HIỆN")
    assert by_code["7"]["lead"] == [] and by_code["7"]["coordinate"] == []
