"""A control character typed by a user, anywhere in an official document, never stops the Word or PDF file."""

from __future__ import annotations

import io
import re
from datetime import date

import docx

from cchc.documents.official import (
    Heading,
    OfficialDocument,
    Para,
    Run,
    Signer,
    Table,
    render_docx,
    render_html,
)

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def hostile_document() -> OfficialDocument:
    """Every text of the model carries a character XML cannot hold."""
    return OfficialDocument(
        issuer="CÔNG AN PHƯỜNG\x01 HỒNG BÀNG",
        parent_body="CÔNG AN\x0b THÀNH PHỐ",
        symbol="KH-CAP\ufffe",
        number="5",
        place="Hải\x02 Phòng",
        date=date(2026, 1, 19),
        doc_type="KẾ HOẠCH",
        summary="Thực hiện\x0b cải cách hành chính",
        addressees=["Công an\x03 các đơn vị", "Phòng PV01\x0c"],
        body=[
            Heading("I. MỤC\x04 ĐÍCH"),
            Para('Góp ý của người dân: a\x0bb\x01 =HYPERLINK("http://x","y")'),
            Para(runs=(Run("đậm\x05", bold=True), Run(" thường\ufffe"))),
            Table(
                headers=["TT\x06", "Nội dung"], rows=[["1", "a\x0bb"], ["2\x07", "\ud800"]], title="Bảng\x08"
            ),
        ],
        recipients=["Như trên\x0e;", "Lưu\x1f: VT."],
        signer=Signer(authority="KT. TRƯỞNG\x10 CÔNG AN", title="PHÓ\x11 TRƯỞNG", name="Nguyễn\x12 Văn A"),
        appendix_title="DANH\x13 MỤC",
        appendix=[Table(headers=["Mã", "Tên"], rows=[["x\x14", "y\uffff"]])],
    )


def test_word_file_is_written_and_opens():
    document = docx.Document(io.BytesIO(render_docx(hostile_document())))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    text = "\n".join(paragraphs + cells)
    assert not NOT_XML.search(text)
    assert "Góp ý của người dân: a\nb =HYPERLINK" in text  # a vertical tab is a line break, \x01 is dropped
    assert "Nguyễn Văn A" in text and "\ufffd" in text  # the lone surrogate is a replacement character
    assert not NOT_XML.search(document.core_properties.title + document.core_properties.author)


def test_html_printed_to_pdf_holds_no_control_character():
    html = render_html(hostile_document())
    assert not NOT_XML.search(html)
    assert "Góp ý của người dân: a\nb" in html
