"""cchc.core.filelimits: what is refused, from where (the zip's directory, a part's first bytes, the streamed rows),
and with which Vietnamese message. The importers' own tests are tests/test_import_bombs.py."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from cchc.core.errors import DomainError
from cchc.core.filelimits import (
    DEFAULTS,
    RowBudget,
    TooLarge,
    check_zip,
    csv_rows,
    import_limits,
    number,
)
from tests import bombs

MB = 1024 * 1024


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _declare_size(data: bytes, size: int) -> bytes:
    """The same zip whose central directory claims ``size`` uncompressed bytes for every part (data untouched)."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        out[at + 24 : at + 28] = struct.pack("<I", size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def test_the_settings_start_from_a_copy_of_the_defaults():
    from django.conf import settings

    assert settings.IMPORT_LIMITS == DEFAULTS
    # a copy: a deployment that overrides one cap leaves DEFAULTS alone
    assert settings.IMPORT_LIMITS["web"] is not DEFAULTS["web"]
    assert import_limits("web").rows == 200_000 and import_limits("command").rows == 2_000_000


def test_a_declared_size_is_refused_from_the_directory_without_inflating():
    """A 100-byte part whose directory entry claims 3 GB: refused on the claim alone (zipfile would never yield
    more than the declared size, so the claim is what bounds a parser)."""
    lie = _declare_size(_zip({"xl/worksheets/sheet1.xml": b"<worksheet/>"}), 3000 * MB)
    with pytest.raises(TooLarge) as refused:
        check_zip(lie, "a.xlsx", import_limits("command"), kind="xlsx")
    assert refused.value.cap == "unpacked_bytes"
    assert refused.value.vi == "Tệp a.xlsx vượt giới hạn 2.048 MB khi giải nén (tệp nén chứa 3.000 MB)"


def test_too_many_parts_and_a_suspicious_ratio():
    many = _zip({f"xl/p{i}.xml": b"<a/>" for i in range(1_001)})
    with pytest.raises(TooLarge) as refused:
        check_zip(many, "b.xlsx", import_limits("web"), kind="xlsx")
    assert refused.value.vi == "Tệp b.xlsx vượt giới hạn 1.000 thành phần nén"
    dense = _zip({"xl/worksheets/sheet1.xml": b"<worksheet>" + b" " * (5 * MB) + b"</worksheet>"})
    with pytest.raises(TooLarge) as ratio:
        check_zip(dense, "c.xlsx", import_limits("web"), kind="xlsx")
    assert ratio.value.cap == "zip_ratio" and "nở ra hơn 100 lần" in ratio.value.vi


def test_a_dtd_is_refused_in_utf16_too_but_not_in_an_image():
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16")
    with pytest.raises(TooLarge) as refused:
        check_zip(_zip({"xl/workbook.xml": utf16}), "d.xlsx", import_limits("web"), kind="xlsx")
    assert refused.value.cap == "dtd"
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>'
    check_zip(
        _zip({"word/media/image1.svg": svg, "word/document.xml": b"<a/>"}),
        "e.docx",
        import_limits(),
        kind="docx",
    )


def test_rows_paragraphs_and_cells_are_counted_under_any_prefix():
    sheet = (
        f'<x:worksheet xmlns:x="{bombs.SHEET_NS}"><x:sheetData>'
        + '<x:row r="1"><x:c r="A1"/></x:row>' * 301
        + "</x:sheetData></x:worksheet>"
    ).encode()
    limits = import_limits("web")
    low = type(limits)(**{**limits.__dict__, "rows": 300})
    with pytest.raises(TooLarge) as rows:
        check_zip(_zip({"xl/worksheets/sheet1.xml": sheet}), "f.xlsx", low, kind="xlsx")
    assert rows.value.vi == "Tệp f.xlsx vượt giới hạn 300 dòng"
    span = (
        f'<w:document xmlns:w="{bombs.WORD_NS}"><w:body><w:tbl><w:tr><w:tc><w:tcPr>'
        '<w:gridSpan w:val="999999999"/></w:tcPr></w:tc></w:tr></w:tbl></w:body></w:document>'
    ).encode()
    with pytest.raises(TooLarge) as cells:
        check_zip(_zip({"word/document.xml": span}), "g.docx", limits, kind="docx", whole=True)
    assert cells.value.vi == "Tệp g.docx vượt giới hạn 200.000 ô bảng"
    merged = (
        f'<worksheet xmlns="{bombs.SHEET_NS}"><sheetData/><mergeCells count="1">'
        '<mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>'
    ).encode()
    with pytest.raises(TooLarge):
        check_zip(_zip({"xl/worksheets/sheet1.xml": merged}), "h.xlsx", limits, kind="xlsx", whole=True)
    check_zip(
        _zip({"xl/worksheets/sheet1.xml": merged}), "h.xlsx", limits, kind="xlsx"
    )  # streamed: no merging


def test_what_is_not_a_zip_is_left_to_the_reader():
    check_zip(b"not a zip at all", "i.xlsx", import_limits(), kind="xlsx")
    check_zip(b"PK\x03\x04 broken", "j.docx", import_limits(), kind="docx")


def test_the_row_budget_counts_rows_and_cells_across_sheets():
    limits = import_limits("web")
    budget = RowBudget(type(limits)(**{**limits.__dict__, "rows": 3, "cells": 100}), "k.xlsx")
    assert list(budget.take([(1, 2), (3, 4)])) == [(1, 2), (3, 4)]
    with pytest.raises(TooLarge) as rows:
        list(budget.take([(5,), (6,)]))  # a second sheet of the same file
    assert rows.value.vi == "Tệp k.xlsx vượt giới hạn 3 dòng"
    wide = RowBudget(type(limits)(**{**limits.__dict__, "cells": 100}), "l.xlsx")
    with pytest.raises(TooLarge) as cells:
        list(wide.take([(None,) * 16384]))
    assert cells.value.vi == "Tệp l.xlsx vượt giới hạn 100 ô dữ liệu"


def test_csv_rows_turn_a_csv_error_into_bad_input():
    limits = import_limits()
    rows = csv_rows('a,b\n"unterminated\n', "m.csv", limits, RowBudget(limits, "m.csv"), strict=True)
    with pytest.raises(DomainError) as broken:
        list(rows)
    assert "m.csv: tệp CSV không hợp lệ" in broken.value.vi


def test_numbers_read_the_vietnamese_way():
    assert number(200_000) == "200.000" and number(5) == "5"
