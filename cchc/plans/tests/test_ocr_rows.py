"""Unit tests of the interleaved-row OCR reader (`importing/ocr_rows.py`) on synthetic snippets."""

from __future__ import annotations

from cchc.plans.deadlines import parse_deadline
from cchc.plans.importing.columns import CONTENT, COORDINATE, DEADLINE, LEAD, LEADER, PRODUCT
from cchc.plans.importing.model import Paragraph
from cchc.plans.importing.ocr_rows import (
    LEAD_START,
    clean_deadline,
    cut_line,
    interleaved_drafts,
    line_tokens,
    ocr_fold,
    product_word,
)

HEADER = [
    "Lanh dao",
    "TT Nhiem vu San pham UBND Co quan, don vi chu tri Co quan phoi hop Thoi gian hoan thanh",
    "phuong chu tri",
    "1 2 3 4 5 6 7",
]


def _paragraphs(lines: list[str]) -> list[Paragraph]:
    return [Paragraph(text, k + 1) for k, text in enumerate(lines)]


def test_ocr_fold_keeps_length_and_undoes_letter_swaps():
    for text in ("K¢ hoach", "S& Noi vu", "Ph6 Chu tich", "Ho1 nghi", "B4o cao", "Kéhoach"):
        assert len(ocr_fold(text)) == len(text)
    assert ocr_fold("K¢ hoach") == "Ke hoach"
    assert ocr_fold("Ph6 Chu tich") == "Pho Chu tich"
    assert ocr_fold("Ho1 nghi B4o cao") == "Hoi nghi Bao cao"
    assert ocr_fold("Kéhoach 2026") == "Kehoach 2026"  # digits of numbers stay


def test_product_is_a_product_only_between_columns():
    kinds = [t.kind for t in line_tokens("Ban hanh Ke hoach tuyen Ke hoach | Pho Chu tich")]
    assert kinds == ["product", "pipe", "leader"]  # the first "Ke hoach" is content
    cut = cut_line("3 Ban hanh Ké hoach tuyén Ké hoach | Phoé Chu tich Phong Van hoa | Cac phong, ban, don")
    assert cut.content == "Ban hanh Ké hoach tuyén"
    assert cut.products == ["Kế hoạch"]  # the product vocabulary, spelled out
    assert cut.deputy and cut.has_leader_start
    assert cut.lead == "Phong Van hoa"
    assert cut.has_coord_start
    # "Theo Kế hoạch của ..." is a deadline, not a product.
    cut = cut_line("Phong Van hoa | Cac phong, ban, don | Theo Ké hoach cua")
    assert cut.products == []
    assert cut.deadline == "Theo Ké hoach cua"


def test_cut_line_reads_the_deadline_tail_and_lead_continuation():
    cut = cut_line("phuong phu HDND va A")
    assert cut.lead_tail == "HDND va A"
    cut = cut_line("phuong phu thang 2/2026)")
    assert cut.leader == ["phuong phu"]
    assert cut.deadline == "thang 2/2026)"
    cut = cut_line("nam 2030, dinh huong den nam , ~ - Xa ho1 vi lien quan ,")
    assert cut.lead_tail == "- Xa ho1"
    # A line without column words is content, unless it opens with a deadline word.
    assert cut_line("Theo chi dao cua,").deadline == "Theo chi dao cua,"
    assert cut_line("cong tac CCHC nam 2026").content == "cong tac CCHC nam 2026"
    assert cut_line("A ) X u t1c _YE hA; c 1A A , LI").content == ""  # OCR debris


def test_product_words_are_spelled_out():
    assert product_word("Kéhoach") == "Kế hoạch"
    assert product_word("Baocido") == "Báo cáo"
    assert product_word("Ho1 nghi") == "Hội nghị"


def test_lead_start_needs_a_capitalised_name():
    assert LEAD_START.search("Phong Van hoa")
    assert LEAD_START.search("Vin phong")
    assert not LEAD_START.search("phat dong phong trao thi dua")
    assert not LEAD_START.search("Phong Cac phong, ban")


def test_clean_deadline_reads_ocr_month_spellings():
    assert parse_deadline(clean_deadline("Théang 12/2026"), 2026).kind == "month"
    assert clean_deadline("Theo Ke hoach") == "Theo Ke hoach"


def test_rows_anchored_on_unit_cells_with_numbers_reconstructed():
    lines = [
        *HEADER,
        "I | Chi dao dieu hanh",
        "Ban hanh ke hoach trien khai Pho Chu tich",
        "Chien luoc chuyen doi so | UBND Phong Van hoa | Cac phong, ban, don",
        "1 nam 2030 tren dia | Ke hoach | phuong phu - Xa hoi vi lien quan Thanh pho (du kien",
        "ban phuong trach theo linh quy 1/2026)",
        "Ban hanh Ke hoach kiem tra Chu tich",
        "CCHC, chuyen doi so | Kehoach | UBND | Phong Van hoa | Cac phong, ban, don | Thang 02/2026",
        "cong vu nam 2026 phuong - Xa hoi vi lien quan",
        "Pho Chu tich",
        "To chuc Hoi nghi giao UBND Van phong Cac phong, ban, don Dinh ky thang",
        "3 | ban ve CCHC | Hoi nghi | phuong phu HDND va vi lien quan cuoi quy",
        "trach theo UBND",
        "linh vuc",
    ]
    warnings: list[str] = []
    drafts = interleaved_drafts(_paragraphs(lines), warnings)
    tasks = [d for d in drafts if d.code]
    assert [d.code for d in tasks] == ["1", "2", "3"]
    assert drafts[0].code is None and drafts[0].text(CONTENT) == "Chi dao dieu hanh"
    one, two, three = tasks
    assert one.text(CONTENT).startswith("Ban hanh ke hoach trien khai")
    assert one.text(PRODUCT) == "Kế hoạch"
    assert one.text(LEADER).startswith("Pho Chu tich")
    assert one.text(LEAD) == "Phong Van hoa - Xa hoi"
    assert one.text(COORDINATE) == "Cac phong, ban, don vi lien quan"
    assert parse_deadline(one.text(DEADLINE), 2026).kind == "quarter"
    assert two.text(LEADER).startswith("Chu tich")
    assert parse_deadline(two.text(DEADLINE), 2026).end.isoformat() == "2026-02-28"
    assert three.text(CONTENT).startswith("To chuc Hoi nghi giao")
    assert three.text(PRODUCT) == "Hội nghị"
    assert three.text(LEAD).startswith("Van phong HDND va")
    assert parse_deadline(three.text(DEADLINE), 2026).kind == "recurring"
    assert warnings == ["dòng 2: không đọc được số thứ tự trong bản quét, đã suy ra theo thứ tự"]


def test_a_second_slice_of_unit_cells_stays_in_its_row():
    """A merged content cell over two sub-rows of units: the second slice has no leader cell and
    no new number, so it belongs to the row above."""
    lines = [
        *HEADER,
        "Theo chi dao cua,",
        "Chu tich Phong Van hoa | Cac phong, ban, don",
        "1 Ban hanh Ke hoach CCHC | Ke hoach | UBND Xa hoi vi lien quan",
        "Phong Van hoa Cac phong, ban, don Thang 02/2026",
        "Pho Chu tich",
        "Ban hanh Ke hoach tuyen UBND Phong Van hoa | Cac phong, ban, don | Thang 3/2026",
        "2 truyen CCHC | Ke hoach | phuong phu vi lien quan",
        "Pho Chu tich",
        "Ban hanh Ke hoach chuyen doi UBND Phong Van hoa | Cac phong, ban, don | Quy I/2026",
        "3 hoa CCHC | Ke hoach | phuong phu vi lien quan",
    ]
    tasks = [d for d in interleaved_drafts(_paragraphs(lines)) if d.code]
    assert [d.code for d in tasks] == ["1", "2", "3"]
    assert parse_deadline(tasks[0].text(DEADLINE), 2026).kind == "month"
    assert tasks[0].text(LEADER).startswith("Chu tich")


def test_no_table_no_rows():
    assert interleaved_drafts(_paragraphs(["Mot doan van ban", "khong co bang"])) == []
