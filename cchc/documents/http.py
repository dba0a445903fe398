"""HTTP responses carrying an official document (for other modules' views)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

from cchc.core.text import fold

from .blocks import OfficialDocument
from .docx_render import render_docx
from .pdf_render import render_pdf

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"


def content_disposition(filename: str, inline: bool = False) -> str:
    """``attachment; filename="ke-hoach.docx"; filename*=UTF-8''k%E1%BA%BF…`` — an ASCII fallback plus UTF-8."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "-" for c in fold(filename))
    ascii_name = ascii_name.strip("-") or "van-ban"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def docx_response(doc: OfficialDocument, filename: str = "van-ban.docx") -> HttpResponse:
    response = HttpResponse(render_docx(doc), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def pdf_response(doc: OfficialDocument, filename: str = "van-ban.pdf", inline: bool = True) -> HttpResponse:
    response = HttpResponse(render_pdf(doc), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response
