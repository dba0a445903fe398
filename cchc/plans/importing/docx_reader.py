"""Read a Word file (.docx, python-docx) into the neutral model.

Body paragraphs and tables are read in document order. In tables, a cell spanning several grid
columns is read once (the spanned columns are empty), and a cell merged down over several rows
repeats its text on each row (python-docx returns the top cell), which is what a per-row task
needs for shared units or deadlines.
"""

from __future__ import annotations

import io
import logging
import unicodedata
import zipfile

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from cchc.core.errors import DomainError, gettext_noop
from cchc.plans.importing.model import Cell, Document, Paragraph, Row, Table

logger = logging.getLogger(__name__)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _Styles:
    """Paragraph style names and boldness by style id, read once (python-docx looks them up
    slowly on every `paragraph.style`)."""

    def __init__(self, word) -> None:
        self.by_id: dict[str, tuple[str, bool]] = {}
        self.default = ("Normal", False)
        for style in word.styles:
            try:
                entry = (style.name or "", bool(style.font is not None and style.font.bold))
            except Exception:  # pragma: no cover - character / numbering styles without a font
                logger.debug("plan import: style %s has no readable font", style.style_id, exc_info=True)
                continue
            self.by_id[style.style_id] = entry
            is_default = style.element.get(qn("w:default")) in ("1", "true")
            if is_default and style.type == WD_STYLE_TYPE.PARAGRAPH:
                self.default = entry

    def of(self, paragraph) -> tuple[str, bool]:
        ppr = paragraph._p.pPr
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        return self.by_id.get(style_id, self.default) if style_id else self.default


def _paragraph_bold(paragraph, styles: _Styles) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    style_bold = styles.of(paragraph)[1]
    return all(r.bold or (r.bold is None and style_bold) for r in runs)


def _is_list_item(paragraph, styles: _Styles) -> bool:
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return True
    return "List" in styles.of(paragraph)[0] or paragraph.text.lstrip().startswith(("- ", "+ ", "• "))


def _cell(tc_cell, styles: _Styles) -> Cell:
    blocks: list[tuple[str, str]] = []
    bolds: list[bool] = []
    for paragraph in tc_cell.paragraphs:
        text = _nfc(paragraph.text)
        if not text.strip():
            continue
        for line in text.split("\n"):
            if line.strip():
                blocks.append(("li" if _is_list_item(paragraph, styles) else "p", line))
        bolds.append(_paragraph_bold(paragraph, styles))
    return Cell(blocks, bool(bolds) and all(bolds))


def _table(table, index: int, counter: list[int], styles: _Styles) -> Table:
    from docx.table import _Cell

    out = Table([], index)
    try:
        grid = table._cells  # one entry per grid cell, merged cells repeated
        width = len(table.columns)
        rows = [grid[k : k + width] for k in range(0, len(grid), width)] if width else []
    except Exception:  # pragma: no cover - layout python-docx cannot grid; read row by row
        logger.warning("plan import: python-docx cannot grid a table; reading it row by row", exc_info=True)
        rows = [list(r.cells) for r in table.rows]
    for cells in rows:
        counter[0] += 1
        row_cells: list[Cell] = []
        previous: _Cell | None = None
        for c in cells:
            if previous is not None and c._tc is previous._tc:
                row_cells.append(Cell())  # the same cell spanning another grid column
            else:
                row_cells.append(_cell(c, styles))
            previous = c
        out.rows.append(Row(row_cells, counter[0]))
    return out


def read_docx(data: bytes, filename: str) -> Document:
    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph as DocxParagraph

        word = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DomainError(
            "unreadable_file",
            gettext_noop("Tệp %(name)s: không phải tệp Word (.docx) hợp lệ hoặc tệp bị hỏng"),
            name=filename,
        ) from exc
    except Exception as exc:
        logger.warning("plan import: python-docx could not read %s", filename, exc_info=True)
        raise DomainError(
            "unreadable_file",
            gettext_noop("Tệp %(name)s: không đọc được tệp Word (%(error)s)"),
            name=filename,
            error=str(exc)[:200],
        ) from exc
    doc = Document()
    styles = _Styles(word)
    counter = [0]
    tables = 0
    for child in word.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = DocxParagraph(child, word)
            counter[0] += 1
            text = _nfc(paragraph.text)
            style = styles.of(paragraph)[0]
            heading = style.startswith(("Heading", "Title")) or _paragraph_bold(paragraph, styles)
            for k, line in enumerate(text.split("\n")):
                doc.blocks.append(Paragraph(line.strip(), counter[0] + k, heading))
            counter[0] += text.count("\n")
        elif tag == "tbl":
            tables += 1
            doc.blocks.append(_table(DocxTable(child, word), tables, counter, styles))
    return doc
