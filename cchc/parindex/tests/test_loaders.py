"""JSON and Excel input, and the Excel export round trip."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from cchc.core.errors import DomainError
from cchc.parindex.loaders import load_framework, load_input, write_framework_xlsx
from cchc.parindex.output import evaluation_to_json
from cchc.parindex.scoring import evaluate

from .factories import CONTRACT_OUTPUT, contract_input

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_police_framework.json"


def _json_file(tmp_path: Path, doc) -> Path:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def _evaluate_file(path: Path) -> dict:
    data = load_input(path)
    return evaluation_to_json(evaluate(data.framework, data.units, data.stage))


def test_json_file_gives_the_contract_output(tmp_path):
    doc = contract_input()
    text = json.dumps(doc, ensure_ascii=False, default=float)  # numbers as JSON numbers, e.g. 2.25
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    assert _evaluate_file(path) == CONTRACT_OUTPUT


def test_json_numbers_are_read_as_decimals(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(contract_input(), default=float), encoding="utf-8")
    data = load_input(path)
    assert data.units[0].scores["1.1"].round2 == Decimal("2.25")
    assert data.framework.by_code["1.1"].max == Decimal("2.5")


def test_bad_json_names_file_and_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"framework": \n  {,}', encoding="utf-8")
    with pytest.raises(DomainError) as info:
        load_input(path)
    assert str(path) in info.value.vi and "dòng 2" in info.value.vi


def test_missing_file_and_unknown_suffix(tmp_path):
    with pytest.raises(DomainError, match="Không tìm thấy"):
        load_input(tmp_path / "none.json")
    other = tmp_path / "x.csv"
    other.write_text("a", encoding="utf-8")
    with pytest.raises(DomainError, match=r"\.xlsx"):
        load_input(other)


def test_sample_framework_is_valid_and_marked_as_sample():
    framework = load_framework(SAMPLE)
    assert framework.max == Decimal(100)
    assert "Mẫu tham khảo – cần thay bằng bảng tiêu chí chính thức" in framework.name
    assert "Mẫu tham khảo" in framework.description
    assert framework.bonus_cap == 2
    assert [(b.name, b.min) for b in framework.bands][:4] == [
        ("Xuất sắc", 95), ("Tốt", 80), ("Khá", 70), ("Hoàn thành nhiệm vụ", 50)
    ]  # fmt: skip
    for leaf in framework.leaves:
        assert leaf.meta["guidance"] and isinstance(leaf.meta["evidence_required"], bool)
        assert isinstance(leaf.meta["survey_measured"], bool)
        assert leaf.meta["method"] in {
            "manual", "plan_tasks_on_time", "survey_index", "organisation_survey_index", "index766",
            "report_timeliness", "apology_letters", "reports_sent",
        }  # fmt: skip
        if leaf.meta["method"] != "manual":
            assert leaf.meta["thresholds"]
    surveyed = [leaf for leaf in framework.leaves if leaf.meta["survey_measured"]]
    # 8.1 from the citizens' satisfaction, 8.2 from the bodies' and organisations' opinions (Phiếu 01, 02).
    assert {leaf.code: leaf.meta["method"] for leaf in surveyed} == {
        "8.1": "survey_index",
        "8.2": "organisation_survey_index",
    }


def test_framework_round_trips_through_xlsx(tmp_path):
    framework = load_framework(SAMPLE)
    path = tmp_path / "framework.xlsx"
    write_framework_xlsx(framework, path)
    again = load_framework(path)
    assert again == framework  # name, year, cap, bands, the whole tree with maxima
    for before, after in zip(framework.by_code.values(), again.by_code.values(), strict=True):
        assert (before.code, before.title, before.max) == (after.code, after.title, after.max)
        if before.is_leaf:
            for key in ("guidance", "evidence_required", "method", "survey_measured"):
                assert after.meta[key] == before.meta[key], (before.code, key)
            assert after.meta.get("thresholds") == before.meta.get("thresholds")


def test_scores_round_trip_through_xlsx(tmp_path):
    data = load_input(_json_file(tmp_path, contract_input()))
    path = tmp_path / "all.xlsx"
    write_framework_xlsx(data.framework, path, stage=data.stage, units=data.units)
    assert _evaluate_file(path) == CONTRACT_OUTPUT
    again = load_input(path)
    assert again.units == data.units and again.stage == "appraised"


def _hand_made_workbook(path: Path) -> None:
    """A workbook as an office would type it: title rows, Vietnamese headers, no parent column, one sheet per unit."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Thông tin"
    ws.append(["Tên bộ tiêu chí", "Chỉ số CCHC thử"])
    ws.append(["Năm", 2024])
    ws.append(["Điểm thưởng tối đa", 2])
    ws.append(["Giai đoạn", "Thẩm định"])
    ws = wb.create_sheet("Xếp loại")
    ws.append(["Xếp loại", "Từ điểm"])
    ws.append(["Tốt", 80])
    ws.append(["Chưa tốt", 0])
    ws = wb.create_sheet("Tiêu chí")
    ws.append(["BẢNG TIÊU CHÍ"])
    ws.append([])
    ws.append(["Mã", "Tên tiêu chí", "Điểm tối đa"])
    ws.append(["1", "Lĩnh vực 1", 3])
    ws.append(["1.1", "Tiêu chí 1.1", 2])
    ws.append(["1.2", "Tiêu chí 1.2", 1])
    ws.append(["2", "Lĩnh vực 2", None])
    ws.append(["2.1", "Tiêu chí 2.1", 1])
    for code, score in (("PC06", 2), ("PC07", 1)):
        ws = wb.create_sheet(f"Điểm {code}")
        ws.append(["Mã đơn vị", "Tên đơn vị", "Mã tiêu chí", "Thẩm định lần 1", "Hạ chuẩn"])
        ws.append([code, f"Phòng {code}", "1.1", score])
        ws.append([code, None, "1.2", 1])
        ws.append([code, None, "2.1", None, "x"])
    ws = wb.create_sheet("Thưởng phạt")
    ws.append(["Mã đơn vị", "Loại", "Điểm", "Lý do"])
    ws.append(["PC07", "Thưởng", 3, "Sáng kiến"])
    wb.save(path)


def test_hand_made_workbook_with_implied_parents_and_unit_sheets(tmp_path):
    path = tmp_path / "hand.xlsx"
    _hand_made_workbook(path)
    out = _evaluate_file(path)
    assert out["framework"] == "Chỉ số CCHC thử" and out["stage"] == "appraised"
    assert [(u["code"], u["index"], u["band"], u["rank"]) for u in out["units"]] == [
        ("PC07", 133.33, "Tốt", 1),  # (1 + 1 + bonus capped at 2) / 3, not clamped
        ("PC06", 100, "Tốt", 2),
    ]
    assert out["units"][1]["name"] == "Phòng PC06"
    assert [f["code"] for f in out["units"][1]["fields"]] == ["1", "2"]
    assert out["units"][1]["fields"][1]["percent"] is None


def test_xlsx_errors_name_sheet_row_and_column(tmp_path):
    path = tmp_path / "hand.xlsx"
    _hand_made_workbook(path)
    wb = openpyxl.load_workbook(path)
    wb["Điểm PC07"]["D3"] = "hai"
    wb.save(path)
    with pytest.raises(DomainError) as info:
        load_input(path)
    message = info.value.vi
    assert (
        "hand.xlsx" in message
        and "Điểm PC07" in message
        and "dòng 3" in message
        and "Thẩm định lần 1" in message
    )


def test_xlsx_inner_max_mismatch_and_missing_sheet(tmp_path):
    path = tmp_path / "hand.xlsx"
    _hand_made_workbook(path)
    wb = openpyxl.load_workbook(path)
    wb["Tiêu chí"]["C4"] = 4
    wb.save(path)
    with pytest.raises(DomainError, match="Tiêu chí 1: điểm tối đa 4 khác tổng"):
        load_input(path)
    del wb["Tiêu chí"]
    wb.save(path)
    with pytest.raises(DomainError, match="Tiêu chí"):
        load_input(path)


def test_broken_xlsx_file(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(DomainError, match="Excel"):
        load_input(path)


def test_sample_framework_scores_a_self_assessment(tmp_path):
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    framework = load_framework(SAMPLE)
    scores = {
        leaf.code: {"self": str(leaf.max)} for leaf in framework.leaves if not leaf.meta["survey_measured"]
    }
    doc = {
        "framework": raw["framework"],
        "stage": "self",
        "units": [{"code": "ST.PC06", "name": "PC06", "scores": scores}],
    }
    out = _evaluate_file(_json_file(tmp_path, doc))["units"][0]
    assert out["index"] == 80 and out["band"] == "Tốt"  # survey criteria (20 points) are not self-scored
    assert len(out["warnings"]) == 2 and all("tính 0 điểm" in w for w in out["warnings"])
    assert [f["code"] for f in out["fields"]] == [str(i) for i in range(1, 9)]


def test_framework_settings_beyond_the_core_round_trip_through_xlsx(tmp_path):
    """Points per penalty and the evidence window survive an Excel export and re-import (they used to be lost)."""
    from datetime import date

    from cchc.parindex.loaders import read_document

    framework = load_framework(SAMPLE)
    path = tmp_path / "framework.xlsx"
    write_framework_xlsx(
        framework,
        path,
        penalty_points=Decimal("1.5"),
        evidence_window=(date(2025, 12, 15), date(2026, 12, 14)),
    )
    doc = read_document(path)["framework"]
    assert doc["penalty_points"] == Decimal("1.5")
    assert doc["evidence_window"] == {"from": "2025-12-15", "to": "2026-12-14"}


def test_evidence_window_needs_both_days(tmp_path):
    import openpyxl

    from cchc.parindex.loaders import read_document

    path = tmp_path / "framework.xlsx"
    write_framework_xlsx(load_framework(SAMPLE), path)
    wb = openpyxl.load_workbook(path)
    wb["Thông tin"].append(["Tài liệu kiểm chứng từ ngày", "15/12/2025"])
    wb.save(path)
    with pytest.raises(DomainError, match="cả ngày bắt đầu và ngày kết thúc"):
        read_document(path)
