"""Read an Excel workbook (.xlsx, openpyxl) into the neutral model: one table per visible sheet.

Merged cells: a range merged across columns keeps its value in its first column only (a section
title spanning the row); a range merged down repeats its value on every row it covers (units or a
deadline shared by several tasks). Rows above the table holding one or two values (the plan's
title, number, date) are also given as paragraphs, for the metadata.
"""

from __future__ import annotations

import io
import logging
import unicodedata
import zipfile
from datetime import date, datetime
from typing import Any

from cchc.core.errors import DomainError, TooLarge, gettext_noop
from cchc.core.filelimits import Limits, import_limits, number
from cchc.plans.importing.model import Cell, Document, Paragraph, Row, Table

logger = logging.getLogger(__name__)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value))


def _cell(text: str, bold: bool) -> Cell:
    blocks: list[tuple[str, str]] = []
    for line in text.replace("\r", "\n").split("\n"):
        if line.strip():
            kind = "li" if line.lstrip().startswith(("- ", "+ ", "• ")) else "p"
            blocks.append((kind, line))
    return Cell(blocks, bold and bool(blocks))


def _check_box(rows: int, cols: int, title: str, filename: str, limits: Limits) -> None:
    """A sheet read whole spans at most ``rows`` rows and ``document_cells`` cells (openpyxl creates every cell of
    the box it iterates, so one stray cell far away would make millions)."""
    if rows > limits.rows:
        raise TooLarge(
            gettext_noop("Tệp %(name)s vượt giới hạn %(n)s dòng (trang '%(sheet)s')"),
            cap="rows",
            name=filename,
            n=number(limits.rows),
            sheet=title,
        )
    if rows * cols > limits.document_cells:
        raise TooLarge(
            gettext_noop(
                "Tệp %(name)s vượt giới hạn %(n)s ô bảng (trang '%(sheet)s' trải tới dòng %(rows)s, cột %(cols)s)"
            ),
            cap="document_cells",
            name=filename,
            n=number(limits.document_cells),
            sheet=title,
            rows=number(rows),
            cols=number(cols),
        )


def read_xlsx(data: bytes, filename: str, *, limits: Limits | None = None) -> Document:
    """The visible sheets as tables; ``limits`` (the web's unless given) bound each sheet's extent."""
    limits = limits or import_limits("web")
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DomainError(
            "unreadable_file",
            gettext_noop("Tệp %(filename)s: không phải tệp Excel (.xlsx) hợp lệ hoặc tệp bị hỏng"),
            filename=filename,
        ) from exc
    except Exception as exc:
        logger.warning("plan import: openpyxl could not read %s", filename, exc_info=True)
        raise DomainError(
            "unreadable_file",
            gettext_noop("Tệp %(filename)s: không đọc được tệp Excel (%(exc)s)"),
            filename=filename,
            exc=exc,
        ) from exc
    doc = Document()
    tables = 0
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        _check_box(sheet.max_row, sheet.max_column, sheet.title, filename, limits)  # merged cells included
        values: dict[tuple[int, int], str] = {}
        bolds: dict[tuple[int, int], bool] = {}
        for row in sheet.iter_rows():
            for c in row:
                if c.value is not None:
                    values[(c.row, c.column)] = _text(c.value)
                    bolds[(c.row, c.column)] = bool(c.font is not None and c.font.b)
        for rng in sheet.merged_cells.ranges:
            top = (rng.min_row, rng.min_col)
            for r in range(rng.min_row + 1, rng.max_row + 1):
                if top in values:
                    values[(r, rng.min_col)] = values[top]
                    bolds[(r, rng.min_col)] = bolds.get(top, False)
        if not values:
            continue
        max_row = max(r for r, _c in values)
        max_col = max(c for _r, c in values)
        rows: list[Row] = []
        in_table = False
        for r in range(1, max_row + 1):
            texts = [values.get((r, c), "") for c in range(1, max_col + 1)]
            filled = [t for t in texts if t.strip()]
            if not filled:
                continue
            if not in_table and len(filled) <= 2:
                doc.blocks.append(
                    Paragraph(
                        " ".join(filled),
                        r,
                        all(bolds.get((r, c), False) for c in range(1, max_col + 1) if values.get((r, c))),
                    )
                )
            if len(filled) >= 3:
                in_table = True
            cells = [_cell(texts[c - 1], bolds.get((r, c), False)) for c in range(1, max_col + 1)]
            rows.append(Row(cells, r))
        tables += 1
        doc.blocks.append(Table(rows, tables))
    return doc
