"""Write Word / Excel sample files, for tests and benchmarks: a neutral document (for instance a
seed read by `text_reader`) or plain rows become a .docx / .xlsx a user could have sent."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from cchc.plans.importing.model import Cell, Document, Paragraph, Table

RowSpec = Sequence[str | None]


def _fill_cell(cell, source: Cell) -> None:
    first = True
    for kind, text in source.blocks:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        run = paragraph.add_run(("- " if kind == "li" else "") + " ".join(text.split()))
        run.bold = source.bold or None


def document_to_docx(doc: Document, path: Path) -> Path:
    """Write the neutral document as a Word file: paragraphs, then tables cell by cell."""
    import docx
    from docx.table import _Cell

    word = docx.Document()
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            paragraph = word.add_paragraph()
            paragraph.add_run(block.text).bold = block.heading or None
            continue
        width = max((len(r.cells) for r in block.rows), default=1)
        table = word.add_table(rows=len(block.rows), cols=width)
        for row_obj, row in zip(table.rows, block.rows, strict=True):
            # Cells straight from the row's XML: table.cell(r, c) rescans the whole table.
            targets = [_Cell(tc, table) for tc in row_obj._tr.tc_lst]
            for target, cell in zip(targets, row.cells[:width], strict=False):
                _fill_cell(target, cell)
    word.save(str(path))
    return path


def rows_to_docx(
    path: Path,
    tables: Iterable[Sequence[RowSpec]],
    paragraphs: Sequence[str] = (),
    merge_titles: bool = True,
    bold_titles: bool = True,
    between: Sequence[str] = ("Phụ lục",),
) -> Path:
    """Write plain rows as Word tables. A row holding only its first two values (number and
    title) is a section row: its title cell is merged across the remaining columns."""
    import docx

    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    for k, rows in enumerate(tables):
        if k:
            word.add_paragraph(between[k % len(between)])
        width = max(len(r) for r in rows)
        table = word.add_table(rows=len(rows), cols=width)
        for r, row in enumerate(rows):
            values = list(row) + [None] * (width - len(row))
            title_row = all(v in (None, "") for v in values[2:]) and r > 0
            for c, value in enumerate(values):
                if value in (None, ""):
                    continue
                run = table.cell(r, c).paragraphs[0].add_run(str(value))
                if title_row and bold_titles:
                    run.bold = True
            if title_row and merge_titles and width > 2:
                table.cell(r, 1).merge(table.cell(r, width - 1))
    word.save(str(path))
    return path


def rows_to_xlsx(
    path: Path,
    sheets: Iterable[Sequence[RowSpec]],
    title_rows: Sequence[str] = (),
    merge_titles: bool = True,
    merge_down: Sequence[tuple[int, int, int]] = (),
) -> Path:
    """Write plain rows as Excel sheets (one per table) under optional title rows. Section rows
    (number and title only) are merged across; `merge_down` holds (column, first row, last row)
    ranges (1-based, counted within the rows given) to merge down."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.worksheets[0])
    for k, rows in enumerate(sheets, start=1):
        sheet = workbook.create_sheet(f"Bang {k}")
        offset = 0
        for text in title_rows:
            offset += 1
            sheet.cell(offset, 1, text).font = Font(bold=True)
        width = max(len(r) for r in rows)
        for r, row in enumerate(rows, start=offset + 1):
            values = list(row) + [None] * (width - len(row))
            title_row = all(v in (None, "") for v in values[2:]) and r > offset + 1
            for c, value in enumerate(values, start=1):
                if value not in (None, ""):
                    cell = sheet.cell(r, c, value)
                    if title_row:
                        cell.font = Font(bold=True)
            if title_row and merge_titles and width > 2:
                sheet.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
        for column, first, last in merge_down:
            sheet.merge_cells(
                start_row=offset + first, start_column=column, end_row=offset + last, end_column=column
            )
    workbook.save(str(path))
    return path


def table_rows(table: Table) -> list[list[str]]:
    """Plain text of a neutral table, row by row."""
    return [[c.text for c in row.cells] for row in table.rows]
