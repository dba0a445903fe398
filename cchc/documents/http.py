"""HTTP responses carrying an official document (for other modules' views); named and typed by
:mod:`cchc.core.http` like every other download."""

from __future__ import annotations

from django.http import HttpResponse

from cchc.core.http import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, file_response

from .blocks import OfficialDocument
from .docx_render import render_docx
from .pdf_render import render_pdf


def docx_response(doc: OfficialDocument, filename: str = "van-ban.docx") -> HttpResponse:
    return file_response(render_docx(doc), filename, DOCX_CONTENT_TYPE)


def pdf_response(doc: OfficialDocument, filename: str = "van-ban.pdf", inline: bool = True) -> HttpResponse:
    return file_response(render_pdf(doc), filename, PDF_CONTENT_TYPE, inline=inline)
