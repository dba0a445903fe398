"""PDF rendering of an :class:`OfficialDocument` through HTML + CSS and WeasyPrint (skeleton)."""

from __future__ import annotations

from .blocks import OfficialDocument


def render_html(doc: OfficialDocument) -> str:
    """The document as a self-contained HTML page (A4 print CSS)."""
    raise NotImplementedError("render_html: đang xây dựng (in progress)")


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as PDF bytes (WeasyPrint)."""
    raise NotImplementedError("render_pdf: đang xây dựng (in progress)")
