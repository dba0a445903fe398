"""cchc.core.safe_text: characters XML cannot hold are dropped; formula-like texts become inert string cells."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from cchc.core.excel import write_sheet
from cchc.core.safe_text import (
    looks_like_formula,
    neutralise_workbook,
    safe_cell,
    safe_xml_text,
    workbook_bytes,
)

HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("Cán bộ nhiệt tình", "Cán bộ nhiệt tình"),
        ("a\tb\nc\rd", "a\tb\nc\rd"),  # the three controls XML allows stay
        ("a\x0bb", "a\nb"),  # Word's manual line break
        ("trang 1\x0ctrang 2", "trang 1\ntrang 2"),  # Word's page break
        ("\x01", ""),
        ("\x00a\x08b\x1fc", "abc"),
        ("a\ufffeb\uffff", "ab"),
        ("x\ud800y", "x\ufffdy"),  # a lone surrogate
        ("\ud83d\ude00!", "😀!"),  # a pair written in UTF-16 halves is one character again
        ("\x7f\x85", "\x7f\x85"),  # allowed in XML 1.0
        ("", ""),
    ],
)
def test_safe_xml_text(text, clean):
    assert safe_xml_text(text) == clean
    clean.encode("utf-8")  # no surrogate left


def test_safe_xml_text_returns_clean_text_unchanged():
    text = "Phường Hồng Bàng"
    assert safe_xml_text(text) is text


def test_safe_cell_touches_only_texts():
    for value in (-2, 0, 3.5, Decimal("-1.25"), date(2026, 1, 19), None, True):
        assert safe_cell(value) == value
        assert type(safe_cell(value)) is type(value)
    assert safe_cell("a\x0bb") == "a\nb"
    assert safe_cell(HYPERLINK) == HYPERLINK  # made inert when the workbook is saved, not here


@pytest.mark.parametrize("text", [HYPERLINK, "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "=", "- Nhiệm vụ"])
def test_formula_like(text):
    assert looks_like_formula(text)


@pytest.mark.parametrize("value", ["Kế hoạch", " =1", "a=b", "", -2, 3, None, Decimal("-1")])
def test_not_formula_like(value):
    assert not looks_like_formula(value)


def test_workbook_bytes_makes_formula_texts_inert_and_keeps_numbers():
    wb = Workbook()
    ws = wb.active
    ws.append([HYPERLINK, "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", -2, Decimal("-1.5"), "Bình thường"])
    data = workbook_bytes(wb)
    cells = list(load_workbook(io.BytesIO(data)).active[1])
    for cell in cells[:6]:
        assert (cell.data_type, cell.quotePrefix) == ("s", True), cell.value
    assert [c.value for c in cells[:6]] == [
        HYPERLINK,
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
    ]  # exactly as typed
    assert (cells[6].value, cells[6].data_type, cells[6].quotePrefix) == (-2, "n", False)
    assert (cells[7].value, cells[7].data_type) == (-1.5, "n")
    assert (cells[8].data_type, cells[8].quotePrefix) == ("s", False)
    # what an importer reads (read-only, values only) is the text, not a formula's result
    read = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    assert next(read.active.iter_rows(values_only=True))[0] == HYPERLINK


def test_neutralise_workbook_covers_every_sheet_and_keeps_styles():
    from openpyxl.styles import Font

    wb = Workbook()
    second = wb.create_sheet("Hai")
    second["B2"] = "=1+1"
    second["B2"].font = Font(bold=True)
    neutralise_workbook(wb)
    assert (second["B2"].data_type, second["B2"].quotePrefix, second["B2"].font.bold) == ("s", True, True)


def test_write_sheet_with_hostile_rows():
    hostile = [HYPERLINK, "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "a\x0bb", "\x01", "\ufffe"]
    data = write_sheet("Góp ý", ["=Tiêu đề", "Số"], [[text, -i] for i, text in enumerate(hostile)])
    ws = load_workbook(io.BytesIO(data)).active
    assert (ws["A1"].value, ws["A1"].data_type, ws["A1"].quotePrefix) == ("=Tiêu đề", "s", True)
    assert [c.value for c in ws["A"][1:]] == [*hostile[:6], "a\nb", None, None]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert [c.value for c in ws["B"][1:]] == [0, -1, -2, -3, -4, -5, -6, -7, -8]
    assert {c.data_type for c in ws["B"][1:]} == {"n"}
