"""File responses: one helper names every download, with a safe Content-Disposition and a UTF-8 name."""

from __future__ import annotations

import io
import re
from pathlib import Path

from cchc.core.http import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    content_disposition,
    file_response,
    stream_response,
    xlsx_response,
)

CCHC = Path(__file__).resolve().parents[2]


def test_a_vietnamese_name_gets_an_ascii_fallback_and_the_utf8_name():
    value = content_disposition("Báo cáo tổng hợp Đợt 1.xlsx")
    assert value.startswith('attachment; filename="bao-cao-tong-hop-dot-1.xlsx"; ')
    assert value.endswith(
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20h%E1%BB%A3p%20%C4%90%E1%BB%A3t%201.xlsx"
    )


def test_an_ascii_name_is_given_as_is():
    assert content_disposition("don-vi.xlsx") == 'attachment; filename="don-vi.xlsx"'
    assert content_disposition("cong-van.pdf", inline=True) == 'inline; filename="cong-van.pdf"'


def test_a_hostile_name_cannot_break_out_of_the_header():
    value = content_disposition('a"; filename=evil.exe\r\nSet-Cookie: x=1;.pdf')
    assert "\r" not in value and "\n" not in value
    fallback = re.match(r'attachment; filename="([^"]*)"', value).group(1)
    assert set(fallback) <= set("abcdefghijklmnopqrstuvwxyz0123456789._-")
    assert value.count('"') == 2 and "filename*=UTF-8''a%22%3B%20filename%3Devil.exe%0D%0A" in value


def test_file_response_and_xlsx_response():
    response = file_response(b"%PDF-1.4", "Phiếu xin lỗi.pdf", PDF_CONTENT_TYPE)
    assert response["Content-Type"] == PDF_CONTENT_TYPE and response.content == b"%PDF-1.4"
    assert response["Content-Disposition"].startswith('attachment; filename="phieu-xin-loi.pdf"')
    inline = file_response(b"%PDF-1.4", "x.pdf", PDF_CONTENT_TYPE, inline=True)
    assert inline["Content-Disposition"] == 'inline; filename="x.pdf"'
    workbook = xlsx_response(b"PK", "ke-hoach.xlsx")
    assert workbook["Content-Type"] == XLSX_CONTENT_TYPE
    assert workbook["Content-Disposition"] == 'attachment; filename="ke-hoach.xlsx"'


def test_stream_response_guesses_the_type_from_the_name():
    response = stream_response(io.BytesIO(b"%PDF-1.4"), "Biên bản.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="bien-ban.pdf"; filename*=UTF-8')
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_no_module_writes_its_own_header_or_content_type():
    """Every download goes through cchc.core.http: no hand-written Content-Disposition, no second definition of
    an Office content type, no local _xlsx helper."""
    offenders = []
    for path in CCHC.rglob("*.py"):
        if "tests" in path.parts or (path.name == "http.py" and path.parent.name == "core"):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\[[\"']Content-Disposition[\"']\]\s*=", text):
            offenders.append(f"{path}: Content-Disposition")
        if "application/vnd.openxmlformats" in text or "CONTENT_TYPE = " in text:
            offenders.append(f"{path}: content type")
        if re.search(r"^def _xlsx\(", text, re.MULTILINE):
            offenders.append(f"{path}: _xlsx")
    assert offenders == []
    assert DOCX_CONTENT_TYPE.endswith("wordprocessingml.document")
