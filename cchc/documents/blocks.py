"""The neutral model of an official document (NĐ 30/2020) that both the Word and the PDF renderers read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Align = Literal["justify", "left", "center", "right"]


@dataclass(frozen=True)
class Signer:
    """Signature block: ``authority`` "KT. GIÁM ĐỐC" (or "" when the head signs), ``title`` "PHÓ GIÁM ĐỐC"."""

    authority: str = ""
    title: str = ""
    name: str = ""


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph with its own emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Heading:
    """Section heading of the body: level 1 "I. MỤC ĐÍCH…" bold, level 2 "1. …" bold, level 3 "a) …" italic."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """Body paragraph: 14 pt, justified, first-line indent 1.27 cm unless told otherwise.

    ``runs`` (when given) replaces ``text`` for mixed emphasis.
    """

    text: str = ""
    bold: bool = False
    italic: bool = False
    align: Align = "justify"
    indent: bool = True
    runs: Sequence[Run] = ()


@dataclass(frozen=True)
class Table:
    """Bordered table with a bold header row repeated on every page.

    ``widths_cm`` defaults to equal columns over the text width; ``title`` is printed bold and centred above.
    ``font_pt`` is the cell font size (12 suits the wide task tables of the appendices).
    """

    headers: Sequence[str]
    rows: Sequence[Sequence[str]] = ()
    widths_cm: Sequence[float] | None = None
    title: str | None = None
    font_pt: float = 12
    align: Sequence[Align] | None = None  # per column; default left, header row centred


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Heading | Para | Table | PageBreak


@dataclass
class OfficialDocument:
    """An administrative document in the format of Nghị định 30/2020/NĐ-CP, Phụ lục I.

    ``number=None`` leaves "Số:      /…" blank for the văn thư; ``date=None`` leaves day and month blank.
    ``doc_type=""`` makes a công văn: the summary is printed "V/v …" under the number.
    ``appendix`` blocks go to a last section headed ``appendix_label`` (+ ``appendix_title``), landscape when
    ``landscape_appendix``; ``appendix_note`` overrides the "(Kèm theo … số … ngày …)" line.
    """

    issuer: str
    symbol: str
    parent_body: str = ""
    number: str | int | None = None
    place: str = ""
    date: date | None = None
    doc_type: str = ""
    summary: str = ""
    addressees: Sequence[str] = ()
    body: Sequence[Block] = ()
    recipients: Sequence[str] = ()
    signer: Signer = field(default_factory=Signer)
    appendix_title: str | None = None
    landscape_appendix: bool = False
    appendix: Sequence[Block] = ()
    appendix_label: str = "Phụ lục"
    appendix_note: str | None = None
    year: int | None = None  # year printed when ``date`` is None (default: this year)

    @property
    def is_cong_van(self) -> bool:
        return not self.doc_type.strip()

    @property
    def has_appendix(self) -> bool:
        return bool(self.appendix) or bool(self.appendix_title)
