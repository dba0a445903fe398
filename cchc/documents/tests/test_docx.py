"""The Word file opened again with python-docx: NĐ 30/2020 layout, fonts, header block, closing, appendix."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from cchc.documents.official import Heading, OfficialDocument, Para, Signer, Table, render_docx
from cchc.documents.sample import sample_letter, sample_plan


def _open(doc: OfficialDocument) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(doc)))


def _cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def _runs_of(paragraph):
    return [r for r in paragraph.runs if r.text]


def _find(document, text: str):
    for p in document.paragraphs:
        if p.text == text:
            return p
    raise AssertionError(f"paragraph {text!r} not found in {[p.text for p in document.paragraphs]}")


@pytest.fixture(scope="module")
def plan():
    return _open(sample_plan())


@pytest.fixture(scope="module")
def letter():
    return _open(sample_letter())


def test_page_is_a4_portrait_with_nd30_margins(plan):
    s = plan.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
    assert abs(s.top_margin - Mm(20)) < Mm(0.2)
    assert abs(s.bottom_margin - Mm(20)) < Mm(0.2)
    assert abs(s.left_margin - Mm(30)) < Mm(0.2)
    assert abs(s.right_margin - Mm(15)) < Mm(0.2)


def test_default_font_is_times_new_roman_for_every_script(plan):
    normal = plan.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attr)) == "Times New Roman"


def test_every_run_is_times_new_roman(plan):
    body = plan.element.body
    for rfonts in body.iter(qn("w:rFonts")):
        assert rfonts.get(qn("w:ascii")) == "Times New Roman"
        assert rfonts.get(qn("w:eastAsia")) == "Times New Roman"
        assert rfonts.get(qn("w:cs")) == "Times New Roman"


def test_header_block(plan):
    head = plan.tables[0]
    left, right = head.cell(0, 0), head.cell(0, 1)
    # too wide for the column at 13 pt bold: broken by hand-made rules, not in the middle of "THÀNH PHỐ"
    assert _cell_lines(left) == ["BỘ CÔNG AN", "CÔNG AN THÀNH PHỐ\nHẢI PHÒNG"]
    parent, issuer = (p for p in left.paragraphs if p.text)
    assert not _runs_of(parent)[0].bold and _runs_of(parent)[0].font.size == Pt(13)
    assert _runs_of(issuer)[0].bold and _runs_of(issuer)[0].font.size == Pt(13)
    # the short solid line under the issuer: a bordered, empty paragraph
    rule = left.paragraphs[-1]
    assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")) is not None

    assert _cell_lines(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    qh, tn = (p for p in right.paragraphs if p.text)
    assert _runs_of(qh)[0].bold and _runs_of(qh)[0].font.size == Pt(13)
    assert _runs_of(tn)[0].bold and _runs_of(tn)[0].font.size == Pt(14)
    assert right.paragraphs[-1]._p.pPr.find(qn("w:pBdr")) is not None
    for p in (parent, issuer, qh, tn):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_number_and_date_lines(plan):
    head = plan.tables[0]
    number = head.cell(1, 0).paragraphs[0]
    assert number.text == "Số: 447/KH-CAHP-PV01"
    assert _runs_of(number)[0].font.size == Pt(13) and not _runs_of(number)[0].bold
    when = head.cell(1, 1).paragraphs[0]
    assert when.text == "Hải Phòng, ngày 19 tháng 01 năm 2026"
    run = _runs_of(when)[0]
    assert run.italic and run.font.size == Pt(14)


def test_header_column_widths_hold_the_quoc_hieu(plan):
    head = plan.tables[0]
    widths = [head.cell(0, i).width for i in range(2)]
    assert widths[1] >= Cm(9.9)
    assert abs(sum(widths) - Cm(16.5)) < Cm(0.05)


def test_title_and_summary(plan):
    title = _find(plan, "KẾ HOẠCH")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _runs_of(title)[0].bold and _runs_of(title)[0].font.size == Pt(14)
    first = _find(plan, "Thực hiện công tác cải cách hành chính")
    second = _find(plan, "trong lực lượng Công an thành phố Hải Phòng năm 2026")
    for p in (first, second):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and _runs_of(p)[0].bold
        assert _runs_of(p)[0].font.size == Pt(14)


def test_body_paragraphs(plan):
    p = next(p for p in plan.paragraphs if p.text.startswith("Thực hiện Quyết định số 172"))
    assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(p.paragraph_format.first_line_indent - Cm(1.27)) < Cm(0.01)
    assert p.paragraph_format.space_after >= Pt(6)
    assert 1.0 <= p.paragraph_format.line_spacing <= 1.5
    assert _runs_of(p)[0].font.size == Pt(14)
    h1 = _find(plan, "I. MỤC ĐÍCH, YÊU CẦU")
    assert _runs_of(h1)[0].bold
    h3 = _find(plan, "a) Về tiến độ")
    assert _runs_of(h3)[0].italic and not _runs_of(h3)[0].bold
    mixed = next(p for p in plan.paragraphs if p.text.startswith("Thủ trưởng Công an"))
    assert any(r.italic for r in mixed.runs) and not all(r.italic for r in mixed.runs if r.text)


def test_body_table_has_borders_and_a_repeated_bold_header_row(plan):
    table = plan.tables[1]
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["TT", "Nội dung nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"]
    for c in header.cells:
        assert all(r.bold for r in c.paragraphs[0].runs if r.text)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders.find(qn("w:insideH")).get(qn("w:val")) == "single"
    assert table.rows[3].cells[3].text == "Công an các đơn vị,\nđịa phương"
    assert abs(table.rows[1].cells[1].width - Cm(6.5)) < Cm(0.01)
    _find(plan, "Bảng 1. Nhiệm vụ trọng tâm")


def test_closing_block(plan):
    closing = plan.tables[2]
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    lines = _cell_lines(left)
    assert lines[0] == "Nơi nhận:"
    head = _runs_of(left.paragraphs[0])[0]
    assert head.bold and head.italic and head.font.size == Pt(12)
    assert lines[1:] == [
        "- Bộ Công an (V03) (để b/c);",
        "- Đ/c Giám đốc (để b/c);",
        "- Các đ/c Phó Giám đốc (để chỉ đạo);",
        "- Công an các đơn vị, địa phương (để t/h);",
        "- Lưu: VT, PV01.",
    ]
    for p in left.paragraphs[1:]:
        assert _runs_of(p)[0].font.size == Pt(11) and not _runs_of(p)[0].bold
    assert _cell_lines(right) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]
    texts = [p for p in right.paragraphs if p.text]
    for p in texts:
        assert _runs_of(p)[0].bold and _runs_of(p)[0].font.size == Pt(14)
    # room for the signature between the title and the name
    idx = [i for i, p in enumerate(right.paragraphs) if p.text]
    assert idx[2] - idx[1] >= 4
    assert closing._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"


def test_page_numbers_from_page_two(plan):
    s = plan.sections[0]
    assert s.different_first_page_header_footer
    xml = s.header._element.xml
    assert "PAGE" in xml and "fldChar" in xml
    assert s.first_page_header.paragraphs[0].text == ""
    assert s.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert s.header_distance < s.top_margin


def test_landscape_appendix_section(plan):
    assert len(plan.sections) == 2
    s = plan.sections[1]
    assert s.orientation == WD_ORIENT.LANDSCAPE
    assert s.page_width > s.page_height
    assert abs(s.page_width - Mm(297)) < Mm(0.5)
    assert abs(s.left_margin - Mm(30)) < Mm(0.2)
    assert not s.different_first_page_header_footer  # the appendix pages are numbered
    label = _find(plan, "Phụ lục")
    assert _runs_of(label)[0].bold and _runs_of(label)[0].font.size == Pt(14)
    _find(plan, "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026 VÀ PHÂN CÔNG THỰC HIỆN")
    note = _find(plan, "(Kèm theo Kế hoạch số 447/KH-CAHP-PV01 ngày 19/01/2026)")
    assert _runs_of(note)[0].italic
    table = plan.tables[3]
    assert table.rows[0].cells[1].text == "Nhiệm vụ" and len(table.rows) == 13
    assert sum(c.width for c in table.rows[0].cells) > Cm(20)


def test_portrait_appendix_and_no_appendix():
    portrait = _open(sample_plan(landscape_appendix=False))
    assert portrait.sections[1].orientation == WD_ORIENT.PORTRAIT
    assert portrait.sections[1].page_width < portrait.sections[1].page_height
    plain = _open(sample_letter())
    assert len(plain.sections) == 1


def test_cong_van_layout(letter):
    head = letter.tables[0]
    assert _cell_lines(head.cell(1, 0)) == [
        "Số: 05/CAHP-PV01",
        "V/v Báo cáo kết quả công tác cải cách hành chính quý I năm 2026",
    ]
    vv = head.cell(1, 0).paragraphs[1]
    assert _runs_of(vv)[0].font.size == Pt(13) and not _runs_of(vv)[0].bold
    assert head.cell(1, 1).paragraphs[0].text == "Hải Phòng, ngày 03 tháng 02 năm 2026"
    texts = [p.text for p in letter.paragraphs]
    assert "KẾ HOẠCH" not in texts and "" in texts
    kg = _find(letter, "Kính gửi: Công an các đơn vị, địa phương")
    assert kg.alignment == WD_ALIGN_PARAGRAPH.CENTER
    closing = letter.tables[-1]
    assert _cell_lines(closing.cell(0, 1)) == ["TL. GIÁM ĐỐC", "TRƯỞNG PHÒNG THAM MƯU", "Trần Thị B"]
    assert "w:br" in letter.element.body.xml and 'w:type="page"' in letter.element.body.xml


def test_several_addressees_are_listed():
    doc = sample_letter()
    doc.addressees = ["Phòng Tham mưu", "Phòng PC06"]
    d = _open(doc)
    texts = [p.text for p in d.paragraphs]
    i = texts.index("Kính gửi:")
    assert texts[i + 1 : i + 3] == ["- Phòng Tham mưu", "- Phòng PC06"]


def test_blank_number_and_date_for_the_van_thu():
    doc = OfficialDocument(
        issuer="Công an phường Hồng Bàng",
        symbol="BC-CAP",
        place="Hải Phòng",
        doc_type="Báo cáo",
        summary="Kết quả CCHC quý I",
        year=2026,
        body=[Heading("I. KẾT QUẢ"), Para("…")],
        signer=Signer(title="TRƯỞNG CÔNG AN PHƯỜNG", name="Lê Văn C"),
    )
    d = _open(doc)
    head = d.tables[0]
    assert _cell_lines(head.cell(0, 0)) == ["CÔNG AN PHƯỜNG\nHỒNG BÀNG"]  # no parent body, upper-cased
    number = head.cell(1, 0).paragraphs[0].text
    assert number.startswith("Số:") and number.endswith("/BC-CAP") and not any(c.isdigit() for c in number)
    when = head.cell(1, 1).paragraphs[0].text
    assert when.startswith("Hải Phòng, ngày") and when.endswith("năm 2026")
    assert not any(c.isdigit() for c in when[:-4])
    _find(d, "BÁO CÁO")
    assert _cell_lines(d.tables[-1].cell(0, 1)) == ["TRƯỞNG CÔNG AN PHƯỜNG", "Lê Văn C"]


def test_table_width_mismatch_is_an_error():
    doc = OfficialDocument(issuer="X", symbol="KH-X", body=[Table(headers=["a", "b"], widths_cm=[1.0])])
    with pytest.raises(ValueError):
        render_docx(doc)


def test_output_is_a_zip_package_with_a_title():
    data = render_docx(sample_plan())
    assert data[:2] == b"PK"
    d = docx.Document(io.BytesIO(data))
    assert d.core_properties.title.startswith("KẾ HOẠCH")
