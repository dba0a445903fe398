"""Placement rules shared by the Word and PDF renderers."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.documents import layout as L
from cchc.documents.official import OfficialDocument


def test_quoc_hieu_fits_the_right_column():
    assert L.text_width_cm(L.QUOC_HIEU, 13, bold=True) <= L.HEADER_RIGHT_CM - 0.1
    assert pytest.approx(16.5) == L.HEADER_LEFT_CM + L.HEADER_RIGHT_CM


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("BỘ CÔNG AN", ["BỘ CÔNG AN"]),
        ("CÔNG AN THÀNH PHỐ HẢI PHÒNG", ["CÔNG AN THÀNH PHỐ", "HẢI PHÒNG"]),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG"]),
        ("CÔNG AN PHƯỜNG\nHỒNG BÀNG", ["CÔNG AN PHƯỜNG", "HỒNG BÀNG"]),
        ("PHÒNG THAM MƯU", ["PHÒNG THAM MƯU"]),
    ],
)
def test_header_names_break_at_sensible_places(name, expected):
    assert L.break_lines(name, L.HEADER_LEFT_CM - 0.1, 13, bold=True) == expected


def test_text_width_estimate_without_pil(monkeypatch):
    monkeypatch.setattr(L, "_font", lambda style: None)
    w = L.text_width_cm(L.QUOC_HIEU, 13, bold=True)
    assert 8.5 < w < 11


def test_header_text_cong_van_and_typed():
    base = {
        "issuer": "công an phường hồng bàng",
        "symbol": "CAP",
        "place": "Hải Phòng",
        "date": date(2026, 3, 5),
    }
    cv = L.header_text(OfficialDocument(**base, summary="Đề nghị  hỗ trợ"))
    assert cv.is_cong_van and cv.summary == "V/v Đề nghị hỗ trợ" and cv.issuer == "CÔNG AN PHƯỜNG HỒNG BÀNG"
    assert cv.date_line == "Hải Phòng, ngày 05 tháng 3 năm 2026"
    kept = L.header_text(OfficialDocument(**base, summary="V/v đề nghị"))
    assert kept.summary == "V/v đề nghị"
    typed = L.header_text(OfficialDocument(**base, doc_type="quyết định", summary="Về việc A\n  và B "))
    assert typed.doc_type == "QUYẾT ĐỊNH" and typed.summary == "Về việc A\nvà B"


def test_recipients_and_addressees():
    doc = OfficialDocument(
        issuer="X", symbol="KH-X", recipients=["Như trên;", "- Lưu: VT.", " "], addressees=["A", "B"]
    )
    assert L.recipient_lines(doc) == ["- Như trên;", "- Lưu: VT."]
    assert L.addressee_lines(doc) == ["Kính gửi:", "- A", "- B"]


def test_appendix_note():
    doc = OfficialDocument(issuer="X", symbol="KH-CAHP", number=5, doc_type="KẾ HOẠCH", date=date(2026, 1, 2))
    assert L.appendix_heading(doc) == ("Phụ lục", "", "(Kèm theo Kế hoạch số 05/KH-CAHP ngày 02/01/2026)")
    doc.appendix_note = "(Ban hành kèm theo Quyết định số 12/QĐ-CAHP)"
    doc.appendix_title = "danh mục"
    assert L.appendix_heading(doc)[1:] == ("DANH MỤC", "(Ban hành kèm theo Quyết định số 12/QĐ-CAHP)")
