"""Text that is safe to write into the files we hand out (Excel, Word, PDF). Pure: no Django, no openpyxl import.

Two dangers come with text typed by users (a citizen's survey comment, a plan title, a unit note):

- **Characters XML cannot hold.** .xlsx and .docx are XML, and XML 1.0 has no place for the C0 control characters
  (other than tab, line feed and carriage return), U+FFFE, U+FFFF or lone surrogates. One of them in one row made
  openpyxl / python-docx raise, and the export failed for everyone. :func:`safe_xml_text` removes them (a vertical
  tab or form feed, Word's line and page break, becomes a line break; a lone surrogate becomes U+FFFD).
- **Formula injection.** A text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return may be taken for a
  formula by a spreadsheet (``=HYPERLINK("http://…","Bấm vào đây")``). Our exports hold no formulas at all:
  :func:`neutralise_workbook` stores every such text as an explicit string cell with the *quote prefix* style, the
  same as Excel does when one types ``'=…``. Excel and LibreOffice then show it as literal text (also after the
  cell is edited), and the value read back is the text exactly as typed, so exports that are imported again
  (units, the plans' progress sheet, a PAR-index framework) round-trip. Numbers stay numbers: ``-2`` is a number,
  only strings are neutralised.

Use: ``safe_cell(v)`` for every value put in a cell, ``workbook_bytes(wb)`` (or ``neutralise_workbook(wb)`` before
``wb.save(path)``) to save a workbook built by hand; ``safe_xml_text(s)`` for text put in a .docx or an HTML page
that is printed to PDF. :func:`cchc.core.excel.write_sheet` and :mod:`cchc.documents` do this already.
"""

from __future__ import annotations

import io
import re
from typing import Any

#: First characters that make a spreadsheet read a text as a formula (OWASP "CSV injection" list).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

# Not allowed in XML 1.0: C0 controls other than \t \n \r, surrogates (in a str they are always unpaired code
# points), U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}  # Word's manual line break and page break


def _replace(match: re.Match[str]) -> str:
    char = match.group()
    if char in _LINE_BREAKS:
        return _LINE_BREAKS[char]
    if _SURROGATE.fullmatch(char):
        return "\ufffd"
    return ""


def safe_xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold removed or replaced (see the module docstring)."""
    if not _NOT_XML.search(text):
        return text
    if _SURROGATE.search(text):
        # a high and a low surrogate side by side are one character written in UTF-16 halves: join them again
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return _NOT_XML.sub(_replace, text)


def safe_cell(value: Any) -> Any:
    """A value ready for an openpyxl cell: texts lose the characters XML cannot hold; other values are unchanged.

    Formula-like texts are made inert when the workbook is saved (:func:`neutralise_workbook`), because openpyxl
    decides a cell's type when the value is assigned.
    """
    if isinstance(value, str):
        return safe_xml_text(value)
    return value


def looks_like_formula(value: Any) -> bool:
    """Whether a spreadsheet could read this value as a formula: a text starting with one of :data:`FORMULA_LEADS`."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def neutralise_cell(cell: Any) -> None:
    """Make an openpyxl cell that holds a formula-like text an explicit, quote-prefixed string cell."""
    value = cell.value
    if not isinstance(value, str):
        return
    if cell.data_type == "f" or looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def neutralise_workbook(workbook: Any) -> None:
    """Every formula-like text of every sheet becomes literal text (our exports write no formulas)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                neutralise_cell(cell)


def workbook_bytes(workbook: Any) -> bytes:
    """The workbook saved as .xlsx bytes, formula-like texts made inert first."""
    neutralise_workbook(workbook)
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()
