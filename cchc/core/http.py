"""Files handed out over HTTP: one way to name them and their content types.

Every download goes through :func:`file_response` (bytes built in memory) or :func:`stream_response` (a stored
file, e.g. an evidence upload), so the ``Content-Disposition`` header is always built the same way: an ASCII
fallback name (diacritics folded: "Kế hoạch.docx" → ``ke-hoach.docx``) for old clients and, when the real name
differs, the UTF-8 name as ``filename*`` (RFC 5987/6266), which browsers prefer. Nothing a user typed can break
out of the header (quotes, semicolons and line breaks never reach it unencoded).
"""

from __future__ import annotations

from typing import IO
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from cchc.core.text import fold

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
ZIP_CONTENT_TYPE = "application/zip"
PNG_CONTENT_TYPE = "image/png"
PROBLEM_CONTENT_TYPE = "application/problem+json"  # RFC 9457 (the open API's errors)
OCTET_STREAM = "application/octet-stream"


def ascii_filename(filename: str, default: str = "tep") -> str:
    """The name folded to ASCII letters, digits and ``._-`` (everything else becomes ``-``)."""
    name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "-" for c in fold(filename))
    return name.strip("-") or default


def content_disposition(filename: str, inline: bool = False) -> str:
    """``attachment; filename="ke-hoach.docx"; filename*=utf-8''K%E1%BA%BF…`` — an ASCII fallback, plus the UTF-8
    name when it differs; ``inline`` for a file the browser shows (a PDF preview)."""
    fallback = ascii_filename(filename)
    header = content_disposition_header(not inline, fallback) or ""  # None only for inline without a name
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def file_response(data: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    """An HTTP response handing out ``data`` as the file ``filename`` (a download unless ``inline``)."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def stream_response(
    fileobj: IO[bytes], filename: str, content_type: str = "", *, inline: bool = False
) -> FileResponse:
    """A stored file streamed in chunks (uploads, evidence) with the same safe ``Content-Disposition``; the content
    type is guessed from the name when not given."""
    response = FileResponse(
        fileobj, as_attachment=not inline, filename=filename, content_type=content_type or None
    )
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """An Excel workbook download (the most common export): ``file_response(data, filename, XLSX_CONTENT_TYPE)``."""
    return file_response(data, filename, XLSX_CONTENT_TYPE)
