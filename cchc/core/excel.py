"""Small shared helpers for reading and writing Excel sheets (openpyxl)."""

from __future__ import annotations

import io
import logging
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc.core.dates import parse_day
from cchc.core.errors import DomainError, gettext_noop
from cchc.core.filelimits import BoundedWorkbook, Limits, RowBudget, check_size, check_zip, import_limits
from cchc.core.safe_text import safe_cell, workbook_bytes
from cchc.core.text import fold

logger = logging.getLogger(__name__)


def open_workbook(data: bytes, *, name: str = "", limits: Limits | None = None) -> BoundedWorkbook:
    """A read-only workbook whose sheets stream their rows within ``limits`` (the web's unless given): the file's
    size and its zip directory are checked before openpyxl opens it (:mod:`cchc.core.filelimits`)."""
    limits = limits or import_limits("web")
    check_size(data, name, limits)
    check_zip(data, name, limits, kind="xlsx")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        logger.warning("openpyxl could not read %s", name or "a workbook", exc_info=True)
        raise DomainError(
            "unreadable_file",
            gettext_noop("Không đọc được tệp Excel (.xlsx); hãy lưu lại tệp dưới dạng Excel Workbook"),
        ) from exc
    return BoundedWorkbook(workbook, RowBudget(limits, name))


def match_header(cells: list[Any], columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Map field keys to column indexes by folded heading text; ``columns`` maps key -> accepted headings."""
    wanted = {key: {fold(n) for n in names} for key, names in columns.items()}
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if (
            cell is None or cell == ""
        ):  # a row padded to a wide sheet is mostly empty: fold only what is there
            continue
        heading = fold(str(cell))
        for key, names in wanted.items():
            if key not in found and heading in names:
                found[key] = index
    return found


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value: Any) -> date | None:
    """A date from an Excel cell: a date cell, dd/mm/yyyy, or ISO yyyy-mm-dd. Raises ValueError if unreadable."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_day(str(value))


def active_sheet(workbook: Workbook) -> Worksheet:
    """The worksheet a new ``Workbook()`` opens on (typed: openpyxl's ``active`` may also be a chart sheet or None)."""
    sheet = workbook.active
    if not isinstance(sheet, Worksheet):
        raise TypeError("the workbook's active sheet is not a worksheet")
    return sheet


def write_sheet(
    title: str, headers: list[str], rows: list[list[Any]], *, widths: list[int] | None = None
) -> bytes:
    """One formatted sheet: bold header, frozen first row, auto filter, dd/mm/yyyy dates.

    Texts are made safe (:mod:`cchc.core.safe_text`): no character XML cannot hold, no live formula."""
    wb = Workbook()
    ws = active_sheet(wb)
    ws.title = title[:31]
    ws.append([safe_cell(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    for col in range(1, len(headers) + 1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = widths[col - 1] if widths else 18
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return workbook_bytes(wb)
