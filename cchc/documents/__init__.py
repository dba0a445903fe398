"""Official administrative documents in the format of Nghị định 30/2020/NĐ-CP (methodology §7).

Build a document and render it::

    from cchc.documents.official import (OfficialDocument, Signer, Heading, Para, Run, Table, PageBreak,
                                         render_docx, render_pdf)
    doc = OfficialDocument(parent_body="BỘ CÔNG AN", issuer="CÔNG AN THÀNH PHỐ HẢI PHÒNG", number="447",
                           symbol="KH-CAHP-PV01", place="Hải Phòng", date=date(2026, 1, 19), doc_type="KẾ HOẠCH",
                           summary="Thực hiện …", body=[Heading("I. MỤC ĐÍCH, YÊU CẦU"), Para("…")],
                           recipients=["Như trên;", "Lưu: VT, PV01."],
                           signer=Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"))
    render_docx(doc) -> bytes    # python-docx
    render_pdf(doc) -> bytes     # HTML + CSS through WeasyPrint (render_html(doc) gives the HTML)

In a view: ``cchc.documents.http.docx_response(doc, "ke-hoach.docx")`` / ``pdf_response``.

Pieces:
- ``format``: pure text rules — ``format_number(5, "KH-CAHP")`` → "Số: 05/KH-CAHP", ``date_line``, ``upper_vn``,
  ``signer_lines``, ``compose_symbol``.
- ``doc_types``: the types and abbreviations of Phụ lục III (``data/doc_types.json``); công văn has none.
- ``services.document_number_reserve(*, issuer, doc_type_code, symbol, summary, on_date, user)`` takes the next
  number of an issuing body for the year (Điều 15), safe under concurrency; ``IssuedDocument.official_fields()``
  gives ``number``, ``symbol`` and ``date`` for an ``OfficialDocument``.
- ``sample``: a kế hoạch with a landscape appendix and a công văn, for tests and demos.
- ``/van-ban/``: the register of issued numbers (scope, search, Excel export, take a number).
"""
