"""The neutral document model every reader (text, Word, Excel) produces.

A document is a sequence of blocks in reading order: paragraphs and tables. Table cells keep their
paragraphs / list items apart, because a cell with two paragraphs can hold two unit lists (the
lead and the coordinating units) when a converter merged two columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc.plans.importing.textnorm import collapse, strip_bullet


@dataclass
class Cell:
    """One table cell: its text blocks (paragraphs or list items) and whether it is all bold."""

    blocks: list[tuple[str, str]] = field(default_factory=list)  # (kind "p" | "li", text)
    bold: bool = False

    @classmethod
    def of(cls, text: str, bold: bool = False) -> Cell:
        return cls([("p", text)], bold) if text.strip() else cls([], bold)

    @property
    def paragraphs(self) -> list[str]:
        return [t for t in (collapse(text) for _kind, text in self.blocks) if t]

    @property
    def text(self) -> str:
        """Cell text: list items joined with "; " (bullet and one trailing ";"/"." removed), other
        blocks joined with a space, whitespace collapsed."""
        out = ""
        prev_item = False
        for kind, raw in self.blocks:
            piece = collapse(raw)
            if not piece:
                continue
            is_item = kind == "li"
            if is_item:
                piece = strip_bullet(piece)
                if not piece:
                    continue
            sep = "; " if is_item and prev_item else " "
            out = piece if not out else out + sep + piece
            prev_item = is_item
        return out

    @property
    def empty(self) -> bool:
        return not self.text


@dataclass
class Row:
    cells: list[Cell]
    line: int = 0  # source line (text) or row number (Word / Excel), 1-based
    after_break: bool = False  # a blank line (page break) came before this row in a text file


@dataclass
class Table:
    rows: list[Row]
    index: int = 0  # 1-based ordinal among all tables of the document


@dataclass
class Paragraph:
    text: str
    line: int = 0
    heading: bool = False  # markdown heading, Word heading style or an all-bold line


Block = Paragraph | Table


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
