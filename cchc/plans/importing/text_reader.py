"""Read converted text (.txt / .md) into the neutral model.

Tables come as runs of tab-separated lines (cells may hold HTML) or markdown pipe tables. Blank
lines inside a run are page breaks: the row after one is flagged `after_break`, so that a row
split over a page can be joined back. Any other non-empty line ends the table.
"""

from __future__ import annotations

import re

from cchc.plans.importing.model import Cell, Document, Paragraph, Row, Table
from cchc.plans.importing.textnorm import parse_html_cell_blocks, strip_markdown

_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 3


def _cells(line: str) -> list[Cell]:
    if "\t" in line:
        raw_cells = line.split("\t")
    else:
        s = line.strip()
        raw_cells = s[1:-1].split("|") if s.endswith("|") else s[1:].split("|")
    cells = []
    for raw in raw_cells:
        blocks, bold = parse_html_cell_blocks(raw)
        cells.append(Cell(blocks, bold))
    return cells


def _is_heading(line: str) -> bool:
    s = line.strip()
    if s.startswith("#"):
        return True
    return bool(re.fullmatch(r"\*\*[^*]+\*\*\s*", s)) or bool(re.fullmatch(r"<b>.*</b>", s))


def read_text(text: str) -> Document:
    """Parse the text of a converted plan."""
    doc = Document()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    table: Table | None = None
    blank_since_row = False
    table_count = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            if table is not None:
                blank_since_row = True
            continue
        if "\t" in line or _is_pipe_row(line):
            if _PIPE_SEPARATOR.match(line):
                continue
            if table is None:
                table_count += 1
                table = Table([], table_count)
                doc.blocks.append(table)
                blank_since_row = False
            table.rows.append(Row(_cells(line), number, blank_since_row))
            blank_since_row = False
            continue
        table = None
        blank_since_row = False
        doc.blocks.append(Paragraph(strip_markdown(line), number, _is_heading(line)))
    return doc
