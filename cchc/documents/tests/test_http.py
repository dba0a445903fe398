"""Responses carrying a document, for other modules' views."""

from __future__ import annotations

from cchc.documents.http import DOCX_CONTENT_TYPE, content_disposition, docx_response, pdf_response
from cchc.documents.sample import sample_letter


def test_content_disposition_has_ascii_fallback_and_utf8_name():
    value = content_disposition("Kế hoạch CCHC 2026.docx")
    assert value.startswith('attachment; filename="ke-hoach-cchc-2026.docx"')
    assert "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20CCHC%202026.docx" in value
    assert content_disposition("x.pdf", inline=True).startswith("inline;")


def test_docx_response():
    response = docx_response(sample_letter(), "cong-van.docx")
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response.content[:2] == b"PK"
    assert 'filename="cong-van.docx"' in response["Content-Disposition"]


def test_pdf_response():
    response = pdf_response(sample_letter(), "cong-van.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline;")
