"""Responses carrying a document, for other modules' views."""

from __future__ import annotations

from cchc.core.http import DOCX_CONTENT_TYPE
from cchc.documents.http import docx_response, pdf_response
from cchc.documents.sample import sample_letter


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
