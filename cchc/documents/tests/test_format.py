"""Pure NĐ 30/2020 text rules (methodology §9 items 22–24)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from cchc.documents.format import (
    authority_prefix,
    compose_symbol,
    date_line,
    date_words,
    format_number,
    normalize_authority,
    signer_lines,
    upper_vn,
)


@pytest.mark.parametrize(
    ("n", "symbol", "expected"),
    [
        (5, "KH-CAHP", "Số: 05/KH-CAHP"),
        (1, "QĐ-UBND", "Số: 01/QĐ-UBND"),
        (9, "BC-CAHP-PV01", "Số: 09/BC-CAHP-PV01"),
        (10, "CAHP-PV01", "Số: 10/CAHP-PV01"),
        (447, "KH-CAHP-PV01", "Số: 447/KH-CAHP-PV01"),
        ("447", "KH-CAHP-PV01", "Số: 447/KH-CAHP-PV01"),
        ("7", "TB-CAHP", "Số: 07/TB-CAHP"),
    ],
)
def test_format_number(n, symbol, expected):
    assert format_number(n, symbol) == expected


def test_format_number_blank_for_the_van_thu():
    line = format_number(None, "KH-CAHP")
    assert line.startswith("Số: ") and line.endswith("/KH-CAHP")
    assert line.removeprefix("Số:").removesuffix("/KH-CAHP").strip() == ""
    assert format_number("", "KH-CAHP") == line


@pytest.mark.parametrize("bad", [0, -3])
def test_format_number_rejects_non_positive(bad):
    with pytest.raises(ValueError):
        format_number(bad, "KH-CAHP")


def test_format_number_needs_a_symbol():
    with pytest.raises(ValueError):
        format_number(1, "  ")


@pytest.mark.parametrize(
    ("abbr", "org", "expected"),
    [
        ("KH", "CAHP-PV01", "KH-CAHP-PV01"),
        ("", "CAHP-PV01", "CAHP-PV01"),
        ("QĐ", "UBND", "QĐ-UBND"),
        ("KH", "KH-CAHP", "KH-CAHP"),
        ("KH", "", "KH"),
    ],
)
def test_compose_symbol(abbr, org, expected):
    assert compose_symbol(abbr, org) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 1, 19), "Hải Phòng, ngày 19 tháng 01 năm 2026"),
        (date(2026, 2, 3), "Hải Phòng, ngày 03 tháng 02 năm 2026"),
        (date(2020, 3, 5), "Hải Phòng, ngày 05 tháng 3 năm 2020"),
        (date(2026, 9, 30), "Hải Phòng, ngày 30 tháng 9 năm 2026"),
        (date(2026, 10, 1), "Hải Phòng, ngày 01 tháng 10 năm 2026"),
        (date(2026, 12, 31), "Hải Phòng, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_date_line(d, expected):
    assert date_line("Hải Phòng", d) == expected


def test_date_line_blank_day_and_month():
    line = date_line("Hải Phòng", None, year=2026)
    assert line.startswith("Hải Phòng, ngày ") and line.endswith(" năm 2026")
    assert "tháng" in line and not any(c.isdigit() for c in line[:-4])
    assert date_words(None, 2027).endswith("năm 2027")


def test_date_line_without_place():
    assert date_line("", date(2026, 1, 2)) == "Ngày 02 tháng 01 năm 2026"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("công an thành phố hải phòng", "CÔNG AN THÀNH PHỐ HẢI PHÒNG"),
        ("đội 6 – phòng tham mưu", "ĐỘI 6 – PHÒNG THAM MƯU"),
        ("ủy ban nhân dân phường Lê Chân", "ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN"),
        ("kế hoạch", "KẾ HOẠCH"),
        ("quyết định", "QUYẾT ĐỊNH"),
        ("ưu tiên ỹ ỵ ữ", "ƯU TIÊN Ỹ Ỵ Ữ"),
    ],
)
def test_upper_vn(text, expected):
    assert upper_vn(text) == expected


def test_upper_vn_returns_composed_unicode_from_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "công an phường hồng bàng")
    out = upper_vn(decomposed)
    assert out == "CÔNG AN PHƯỜNG HỒNG BÀNG"
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize(
    ("authority", "title", "name", "expected"),
    [
        ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]),
        ("kt giám đốc", "phó giám đốc", "Nguyễn Văn A", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]),
        ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn C", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn C"]),
        (
            "TL. GIÁM ĐỐC",
            "TRƯỞNG PHÒNG THAM MƯU",
            "Trần B",
            ["TL. GIÁM ĐỐC", "TRƯỞNG PHÒNG THAM MƯU", "Trần B"],
        ),
        ("TUQ. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "Phạm D", ["TUQ. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "Phạm D"]),
        ("Q. GIÁM ĐỐC", "", "Vũ E", ["Q. GIÁM ĐỐC", "Vũ E"]),
        ("", "GIÁM ĐỐC", "Đỗ F", ["GIÁM ĐỐC", "Đỗ F"]),
        ("GIÁM ĐỐC", "GIÁM ĐỐC", "Đỗ F", ["GIÁM ĐỐC", "Đỗ F"]),
        (
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "  Nguyễn  Văn   A ",
            ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"],
        ),
    ],
)
def test_signer_lines(authority, title, name, expected):
    assert signer_lines(authority, title, name) == expected


@pytest.mark.parametrize("prefix", ["KT.", "TM.", "TL.", "TUQ."])
def test_signer_lines_prefixed_authority_needs_a_title(prefix):
    with pytest.raises(ValueError):
        signer_lines(f"{prefix} GIÁM ĐỐC", "", "Nguyễn Văn A")


def test_signer_lines_need_something():
    with pytest.raises(ValueError):
        signer_lines("", "", "Nguyễn Văn A")


def test_authority_prefix_and_normalisation():
    assert authority_prefix("KT. GIÁM ĐỐC") == "KT."
    assert authority_prefix("tuq giám đốc") == "TUQ."
    assert authority_prefix("GIÁM ĐỐC") is None
    assert authority_prefix("TRƯỞNG PHÒNG") is None  # "TR…" is not "TL."
    assert normalize_authority("tm.  ủy ban nhân dân") == "TM. ỦY BAN NHÂN DÂN"
    assert normalize_authority("QUYỀN GIÁM ĐỐC") == "QUYỀN GIÁM ĐỐC"
