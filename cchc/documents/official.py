"""Public API of the official-document module (Nghị định 30/2020/NĐ-CP format).

    from cchc.documents.official import (OfficialDocument, Signer, Heading, Para, Run, Table, PageBreak,
                                         render_docx, render_pdf)
    data = render_docx(OfficialDocument(issuer="CÔNG AN THÀNH PHỐ HẢI PHÒNG", symbol="KH-CAHP-PV01", ...))

Pure text rules (number line, date line, upper-casing, signature lines) are in :mod:`cchc.documents.format`;
numbering per issuing body and year is :func:`cchc.documents.services.document_number_reserve`.
"""

from __future__ import annotations

from .blocks import Block, Heading, OfficialDocument, PageBreak, Para, Run, Signer, Table
from .docx_render import build_docx, render_docx
from .pdf_render import render_html, render_pdf

__all__ = [
    "Block",
    "Heading",
    "OfficialDocument",
    "PageBreak",
    "Para",
    "Run",
    "Signer",
    "Table",
    "build_docx",
    "render_docx",
    "render_html",
    "render_pdf",
]
