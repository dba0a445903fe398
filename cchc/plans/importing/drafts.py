"""Rows of a task table -> drafts: one per printed row, pieces of rows split by a page break joined.

A draft keeps the text each column received. Turning drafts into contract tasks (units split and
repaired, deadline parsed, sections and parents) happens in `tasks.py`, once every table of the
document has been read, so that unit spellings can be compared across the whole document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.plans.importing.alignment import align
from cchc.plans.importing.columns import (
    CODE,
    CONTENT,
    COORDINATE,
    LEAD,
    is_numbering_row,
    is_repeated_header,
)
from cchc.plans.importing.model import Cell, Row
from cchc.plans.importing.textnorm import collapse, fold, normalise_code, split_code, strip_bullet
from cchc.plans.importing.units import UNIT_CODE, split_units

_DANGLING_END = re.compile(r"(\b(cac|cua|va|voi|nhung|cap|thuoc|tai|dia|don)|[,;\-–])\s*$")


@dataclass
class Draft:
    table: int
    code: str | None
    line: int
    bold: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    paragraphs: dict[str, list[str]] = field(default_factory=dict)  # per unit column, as printed
    missing: set[str] = field(default_factory=set)  # columns a short row gave no cell for
    short: bool = False

    def text(self, role: str) -> str:
        return self.texts.get(role, "")

    @property
    def title_only(self) -> bool:
        return not any(v for k, v in self.texts.items() if k not in (CONTENT, CODE))


def _all_bold(cells: list[Cell]) -> bool:
    filled = [c for c in cells if not c.empty]
    return bool(filled) and all(c.bold for c in filled)


def _joined(cells: list[Cell]) -> str:
    return collapse(" ".join(c.text for c in cells if c.text))


def _unit_text(cells: list[Cell]) -> str:
    """A unit column's text: a cell listing one unit per paragraph (the usual Word layout) reads as one
    unit per paragraph ("; " between them), unless a paragraph stops on a dangling word ("Công an các")
    and the unit goes on in the next one."""
    out = ""
    for cell in cells:
        for paragraph in cell.paragraphs:
            piece = strip_bullet(paragraph)
            if not piece:
                continue
            if not out:
                out = piece
            elif _dangling(out):
                out = f"{out} {piece}"
            else:
                out = f"{out.rstrip(' ;,')}; {piece}"
    return collapse(out)


def _starts_fresh_unit(text: str) -> bool:
    first = text.split(" ", 1)[0].strip(".,;:")
    return bool(UNIT_CODE.match(first)) or text[:1].isupper()


def _dangling(text: str) -> bool:
    return bool(_DANGLING_END.search(fold(text)))


class DraftBuilder:
    """Reads the data rows of one task table (header already found) into drafts."""

    def __init__(self, table: int, roles: list[str | None], drafts: list[Draft]) -> None:
        self.table = table
        self.roles = list(roles)
        while self.roles and self.roles[-1] is None:
            self.roles.pop()  # blank columns right of the header
        if CODE not in self.roles and self.roles and self.roles[0] is None:
            self.roles[0] = CODE
        self.code_col = self.roles.index(CODE) if CODE in self.roles else None
        self.data_roles = [r for k, r in enumerate(self.roles) if k != self.code_col]
        self.drafts = drafts  # shared across the document, in order
        self.last: Draft | None = None

    # -- rows ---------------------------------------------------------------------------------
    def add_row(self, row: Row) -> None:
        if is_numbering_row(row) or is_repeated_header(row):
            return
        cells = list(row.cells)
        while cells and cells[-1].empty:
            cells.pop()
        if not cells:
            return
        code, data, bold = self._split_code_cell(cells)
        content_text = self._content_text(data)
        if code is None and self.code_col is None:
            code = self._code_from_content(data)
        if code is None and self.last is not None and self._is_continuation(row, content_text):
            self._join(self.last, data)
            return
        if (
            self.last is not None
            and code is not None
            and code == self.last.code
            and content_text
            and content_text == self.last.text(CONTENT)
        ):
            # A cell merged down over several rows repeats: the row adds units to the same task.
            self._join(self.last, data, fresh=True)
            return
        draft = Draft(self.table, code, row.line, bold)
        self._fill(draft, data)
        self.drafts.append(draft)
        self.last = draft

    def _split_code_cell(self, cells: list[Cell]) -> tuple[str | None, list[Cell], bool]:
        if self.code_col is None or self.code_col >= len(cells):
            return None, cells, _all_bold(cells)
        code_cell = cells[self.code_col]
        data = cells[: self.code_col] + cells[self.code_col + 1 :]
        bold = _all_bold(data) if any(not c.empty for c in data) else code_cell.bold
        raw = code_cell.text
        if not raw:
            return None, data, bold
        code = normalise_code(raw)
        if code is not None:
            return code, data, bold
        # "I ĐỐI TƯỢNG, NỘI DUNG ..." printed in the number column: split number and title.
        lead_code, rest = split_code(raw)
        if lead_code and rest and all(c.empty for c in data):
            return lead_code, [Cell.of(rest, code_cell.bold)], bold
        # Not a number: keep the text as the first data cell so nothing is lost.
        return None, [code_cell, *data], bold

    def _content_text(self, data: list[Cell]) -> str:
        return data[0].text if data else ""

    def _is_continuation(self, row: Row, content: str) -> bool:
        """An un-numbered row continues the previous task when it follows a page break (text
        files), or when its text reads as the rest of a sentence: it starts in lower case, with a
        digit or punctuation, or the previous text stopped on a hyphen, a comma or a dangling word."""
        if row.after_break or not content:
            return True
        if content.lstrip().startswith(("-", "+", "•", "–")):
            return False
        if content[:1].isdigit():
            code, rest = split_code(content)
            return not (code and rest[:1].isupper())
        if content[:1].islower() or content[:1] in ",;.)":
            return True
        previous = self.last.text(CONTENT) if self.last else ""
        return bool(previous) and _dangling(previous)

    def _code_from_content(self, data: list[Cell]) -> str | None:
        if not data:
            return None
        code, rest = split_code(data[0].text)
        if code and rest:
            data[0] = Cell.of(rest, data[0].bold)
        return code

    # -- filling and joining -------------------------------------------------------------------
    def _assign(self, data: list[Cell], continuation: bool) -> list[list[Cell]]:
        n = len(self.data_roles)
        if continuation and len(data) > n:
            # Overflow of a continuation piece belongs to the last column.
            head = [[c] for c in data[: n - 1]]
            return [*head, data[n - 1 :]]
        if continuation and len(data) < n:
            return [[c] for c in data] + [[] for _ in range(n - len(data))]
        return align(data, self.data_roles)

    def _fill(self, draft: Draft, data: list[Cell]) -> None:
        placed = self._assign(data, continuation=False)
        draft.short = len(data) != len(self.data_roles)
        for role, cells in zip(self.data_roles, placed, strict=True):
            if role is None:
                continue
            text = _unit_text(cells) if role in (LEAD, COORDINATE) else _joined(cells)
            if text:
                draft.texts[role] = f"{draft.texts[role]} {text}" if role in draft.texts else text
            if role in (LEAD, COORDINATE):
                draft.paragraphs[role] = [p for c in cells for p in c.paragraphs]
            if draft.short and not cells:
                draft.missing.add(role)

    def _join(self, draft: Draft, data: list[Cell], fresh: bool = False) -> None:
        placed = self._assign(data, continuation=not fresh)
        pieces = {
            role: _unit_text(cells) if role in (LEAD, COORDINATE) else _joined(cells)
            for role, cells in zip(self.data_roles, placed, strict=True)
            if role is not None
        }
        # A unit cut at the page bottom that sits one column too early ("Công an các" under the
        # lead) continues in the next column of the next page ("đơn vị, địa phương").
        lead, coord = draft.text(LEAD), draft.text(COORDINATE)
        next_lead, next_coord = pieces.get(LEAD, ""), pieces.get(COORDINATE, "")
        if (
            lead
            and not coord
            and _dangling(lead)
            and next_coord[:1].islower()
            and (not next_lead or _starts_fresh_unit(next_lead))
        ):
            draft.texts[COORDINATE] = lead
            draft.texts.pop(LEAD, None)
        for role, piece in pieces.items():
            if not piece:
                continue
            before = draft.text(role)
            if role in (LEAD, COORDINATE):
                draft.texts[role] = self._join_units(draft, role, before, piece, fresh)
            elif role == CONTENT:
                draft.texts[role] = _join_text(before, piece)
            else:
                draft.texts[role] = f"{before} {piece}".strip()
        draft.missing -= {role for role, text in draft.texts.items() if text}

    def _join_units(self, draft: Draft, role: str, before: str, piece: str, fresh: bool) -> str:
        if not before:
            return piece
        if fold(before).endswith(fold(piece)):
            return before  # the next page repeats the tail of the unit
        if fresh or (_starts_fresh_unit(piece) and not _dangling(before)):
            present = {fold(u) for r in (LEAD, COORDINATE) for u in split_units(draft.text(r))}
            new = [u for u in split_units(piece) if fold(u) not in present]
            if not new:
                return before  # a conversion duplicate of a unit already in the row
            return f"{before}; {'; '.join(new)}"
        return f"{before} {piece}"


def _join_text(before: str, piece: str) -> str:
    if not before:
        return piece
    last = before.split()[-1] if before.split() else ""
    first = piece.split()[0] if piece.split() else ""
    if last and first and fold(last) == fold(first) and last.isalpha():
        piece = piece[len(first) :].lstrip()  # a word repeated across the page break
    return f"{before} {piece}".strip()
