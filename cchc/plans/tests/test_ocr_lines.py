"""Unit tests of the line-by-line OCR reader's helpers (`importing/ocr.py`) and the OCR deadline
spellings, on synthetic snippets."""

from __future__ import annotations

from cchc.plans.deadlines import parse_deadline
from cchc.plans.importing.columns import LEAD
from cchc.plans.importing.model import Paragraph
from cchc.plans.importing.ocr import (
    _confirmed_later,
    _deadline,
    canonical_unit,
    lead_near,
    ocr_drafts,
    row_content,
    units_near,
)


def test_canonical_unit_spells_out_garbled_head_words():
    assert canonical_unit("Céc sd, ban") == "Các sở, ban"
    assert canonical_unit("S& Noi vu") == "Sở Noi vu"
    assert canonical_unit("56 Khoa hoo") == "Sở Khoa hoo"
    assert canonical_unit("Vin phong UBND") == "Văn phòng UBND"
    assert canonical_unit("UBND cap xa") == "UBND cap xa"


def test_lead_near_prefers_a_line_with_two_units_next_to_the_number():
    lines = [
        "Kich hoat tai khoan dinh danh | Cong an thanh UBND cap xa Ca nam 2026",
        "uan, to chuc tren dia ban thanh pho",
        "tien ich cua tai khoan",
    ]
    assert lead_near(lines, 1) == "Công an thanh"
    lines = ["Ra soat van ban", "ban thanh pho | S& Tu phap | Canam 2026", "dung duoc giao"]
    assert lead_near(lines, 1) == "Sở Tu phap"
    # "Hai Phong phuc vu" is the city, and "tong so giao dich" no department.
    assert lead_near(["thanh pho Hai Phong phuc vu viec", "tren tong s6 giao dich thanh toan"], 0) is None


def test_a_number_ahead_of_the_sequence_is_a_misread_when_smaller_ones_follow():
    assert not _confirmed_later(["3 Ban hanh ...", "4 | Danh gia ..."], expected=2, number=5)
    assert _confirmed_later(["noi dung", "7 | Kiem tra"], expected=5, number=6)


def test_ocr_deadline_spellings():
    assert parse_deadline(_deadline("Thudng xuyén"), 2026).kind == "recurring"
    assert parse_deadline(_deadline("Théng 7-92026"), 2026).end.isoformat() == "2026-09-30"
    assert parse_deadline(_deadline("Trong thoi han 15 ngay ké tir ngay ban hanh"), 2026).kind == "relative"
    assert (
        parse_deadline("Báo cáo kết quả thực hiện (lồng ghép trong kỳ Báo cáo CCHC)", 2026).kind
        == "recurring"
    )
    assert (
        parse_deadline("Bao cao ket qua thuc hien (16ng ghép trong : d ky Bado cao CCHC)", 2026).kind
        == "recurring"
    )


def test_numbers_alone_on_their_line_and_misread_numbers():
    lines = [
        "TT Noi dung cong viec Co quan chu tri Co quan phoi hop Thoi gian",
        "1 | Ban hanh Ke hoach | S& Noi vu | Cac so, ban, nganh | Thang 12/2025",
        "5 Xay dung Bao cao | S& Noi vu | Cac so, ban, nganh | Ca nam 2026",
        "3 | Ban hanh Chi so | S& Noi vu | Cac so, ban, nganh | Quy I/2026",
        "4",
        "Danh gia su hai long",
        "S& Noi vu",
        "Ca nam 2026",
    ]
    drafts = ocr_drafts([Paragraph(t, k + 1) for k, t in enumerate(lines)])
    assert [d.code for d in drafts] == ["1", "3", "4"]
    assert all(d.text(LEAD).startswith("S") for d in drafts)


def test_units_near_reads_lead_and_coordinating_unit_of_a_two_unit_line():
    lines = [
        "Ban hanh Ke hoach dao tao",
        "46 | nang cao nang luc cho doi ngu S Noi vu UBND cfp xa Ca nam 2026",
    ]
    assert units_near(lines, 1) == ("Sở Noi vu", "UBND cfp xa")
    assert units_near(["12 | Kiem tra | S& Tu phap | Ca nam 2026"], 0) == ("Sở Tu phap", None)


def test_row_content_takes_the_lower_half_of_the_lines_above_the_number():
    window = [
        " Bao cao danh gia ket qua | So Tai chinh | Ca nam 2026",  # number line of the task above
        "lien quan S",  # its last line
        "Hoc tap va trao doi, chia se kinh nghiem thuc hien | Cac so, ban, nganh va",
        " cong tac cai cach hanh chinh | S& Noi vu | cac co quan, don vi | Ca nam 2026",
        "TT Noi dung cong viec Co quan chu tri Co quan phoi hop Thoi gian thuc hien",  # page header
    ]
    assert row_content(window, -1, 0, last=False).startswith("Bao cao danh gia ket qua")
    assert row_content(window, 0, 3, last=True) == (
        "Hoc tap va trao doi, chia se kinh nghiem thuc hien cong tac cai cach hanh chinh"
    )
