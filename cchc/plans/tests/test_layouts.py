"""Word and Excel plans with other layouts, built here from rows of seed 000: merged section rows,
repeated header rows, other column orders and headings, two-line headers, several task tables."""

from __future__ import annotations

import docx
import pytest

from cchc.core.errors import DomainError
from cchc.plans.importing import extract_plan, extract_plan_bytes
from cchc.plans.importing.samples import rows_to_docx, rows_to_xlsx

# (code, content, lead, coordinate, deadline, product) as printed in seed 000.
SECTION_1 = ("1", "Cải cách thể chế")
ROWS_1 = [
    (
        "1.2",
        "Tập trung triển khai các nhiệm vụ được giao theo Kế hoạch số 595/KH-CAHP-PV01 ngày 04/8/2025",
        "PV01 và các phòng chức năng CATP",
        "Công an các đơn vị, địa phương có liên quan",
        "Thường xuyên",
        "Các sản phẩm theo nhiệm vụ được giao tại Kế hoạch",
    ),
    (
        "1.6",
        "Chủ động đề xuất việc xây dựng các văn bản quy phạm pháp luật thuộc thẩm quyền của HĐND, UBND thành phố",
        "Các phòng chức năng CATP",
        "PV01",
        "Năm 2026",
        "Văn bản đề xuất",
    ),
]
SECTION_2 = ("2.1", "Cải cách TTHC liên quan đến cá nhân, tổ chức")
ROWS_2 = [
    (
        "2.1.1",
        "Xây dựng và tổ chức thực hiện có hiệu quả Quyết định phê duyệt Kế hoạch kiểm soát TTHC năm 2026",
        "PV01",
        "Công an các đơn vị, địa phương",
        "Tháng 01/2026",
        "Kế hoạch cải cách TTHC",
    ),
    (
        "2.1.5",
        "Đẩy mạnh việc thực hiện Kế hoạch số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực",
        "PV06, PA08, PC06, PC07, PC08 và Công an xã, phường, đặc khu",
        "PV01",
        "Theo tiến độ chỉ đạo của Bộ Công an",
        "Thủ tục hành chính còn hiệu lực được số hóa",
    ),
    (
        "2.1.10",
        "Phối hợp tham gia ý kiến xây dựng Thông tư quy định về việc thực hiện cơ chế một cửa",
        "PV01",
        "PV06, PA08, PC07, PC08 và Công an xã, phường, đặc khu",
        "Quý III/2026",
        "Văn bản tham gia ý kiến",
    ),
]
HEADER = (
    "TT",
    "Nhiệm vụ",
    "Đơn vị chủ trì/ thực hiện",
    "Đơn vị phối hợp",
    "Thời gian thực hiện/ hoàn thành",
    "Sản phẩm",
)
EXPECTED = {
    "1.2": (
        ["PV01", "các phòng chức năng CATP"],
        ["Công an các đơn vị, địa phương có liên quan"],
        "recurring",
        "2026-12-31",
    ),
    "1.6": (["Các phòng chức năng CATP"], ["PV01"], "year", "2026-12-31"),
    "2.1.1": (["PV01"], ["Công an các đơn vị, địa phương"], "month", "2026-01-31"),
    "2.1.5": (
        ["PV06", "PA08", "PC06", "PC07", "PC08", "Công an xã, phường, đặc khu"],
        ["PV01"],
        "by_direction",
        None,
    ),
    "2.1.10": (
        ["PV01"],
        ["PV06", "PA08", "PC07", "PC08", "Công an xã, phường, đặc khu"],
        "quarter",
        "2026-09-30",
    ),
}
TITLE = [
    "CÔNG AN THÀNH PHỐ HẢI PHÒNG",
    "Số: 447/KH-CAHP-PV01",
    "Hải Phòng, ngày 19 tháng 01 năm 2026",
    "KẾ HOẠCH",
    "Thực hiện công tác cải cách hành chính trong lực lượng Công an thành phố Hải Phòng năm 2026",
]


def reorder(row, order):
    return tuple(row[k] for k in order)


def check(tasks, table=1, codes=None):
    got = {t["code"]: t for t in tasks if t["table"] == table}
    for code in codes or EXPECTED:
        lead, coordinate, kind, end = EXPECTED[code]
        task = got[code]
        assert task["lead"] == lead, code
        assert task["coordinate"] == coordinate, code
        assert task["deadline"]["kind"] == kind, code
        assert task["deadline"]["end"] == end, code
    return got


def test_docx_merged_sections_repeated_header_and_two_tables(tmp_path):
    first = [HEADER, SECTION_1, *ROWS_1, HEADER, SECTION_2, *ROWS_2]  # header repeated mid-table
    order = (0, 1, 4, 2, 3, 5)  # second table: deadline before the units, other headings
    second = [
        ("STT", "Nội dung công việc", "Thời hạn", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả"),
        reorder(SECTION_2, (0, 1)),
        *[reorder(r, order) for r in ROWS_2],
    ]
    path = rows_to_docx(tmp_path / "plan.docx", [first, second], paragraphs=TITLE)
    out = extract_plan(path)
    assert out["doc_number"] == "447/KH-CAHP-PV01"
    assert out["issue_date"] == "2026-01-19"
    assert out["issuer"] == "Công an thành phố Hải Phòng"
    assert out["year"] == 2026
    got = check(out["tasks"], 1)
    assert "1" not in got and "2.1" not in got  # merged bold section rows are headings
    assert got["1.2"]["section"] == "Cải cách thể chế"
    assert got["2.1.5"]["section"] == "Cải cách TTHC liên quan đến cá nhân, tổ chức"
    assert [t["code"] for t in out["tasks"] if t["table"] == 1] == ["1.2", "1.6", "2.1.1", "2.1.5", "2.1.10"]
    check(out["tasks"], 2, ["2.1.1", "2.1.5", "2.1.10"])


def test_docx_two_line_header_and_no_number_column(tmp_path):
    rows = [
        ("Nội dung", "Đơn vị", None, "Thời hạn"),
        (None, "Chủ trì", "Phối hợp", None),
        *[(f"{r[0]}. {r[1]}", r[2], r[3], r[4]) for r in ROWS_2],
    ]
    path = rows_to_docx(tmp_path / "two_line.docx", [rows], merge_titles=False)
    out = extract_plan(path, year=2026)
    assert out["year"] == 2026  # the document does not say it: --year is used
    got = check(out["tasks"], 1, ["2.1.1", "2.1.5", "2.1.10"])
    assert got["2.1.1"]["content"].startswith("Xây dựng và tổ chức")


def test_docx_paragraph_lists_in_cells(tmp_path):
    word = docx.Document()
    table = word.add_table(rows=2, cols=5)
    for k, text in enumerate(("TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn", "Sản phẩm")):
        table.cell(0, k).text = text
    table.cell(1, 0).text = "3"
    table.cell(1, 1).text = "Rà soát quy trình nội bộ"
    table.cell(1, 2).text = "PV01"
    table.cell(1, 3).text = "Quý I/2026"
    product = table.cell(1, 4)
    product.paragraphs[0].text = "- Văn bản yêu cầu báo cáo;"
    product.add_paragraph("- Báo cáo kết quả thực hiện.")
    path = tmp_path / "lists.docx"
    word.save(str(path))
    (task,) = extract_plan(path, year=2026)["tasks"]
    assert task["product"] == "Văn bản yêu cầu báo cáo; Báo cáo kết quả thực hiện"
    assert task["lead"] == ["PV01"] and task["coordinate"] == []


def test_xlsx_other_column_order_merged_cells_and_two_sheets(tmp_path):
    order = (0, 2, 1, 4, 3, 5)  # units before the content, deadline before the coordinating units
    header = ("Số TT", "Đơn vị thực hiện", "Nội dung công việc", "Thời hạn", "Đơn vị phối hợp", "Ghi chú")
    rows = [
        header,
        SECTION_1,
        *[reorder(r, order) for r in ROWS_1],
        header,
        *[reorder(r, order) for r in ROWS_2],
    ]
    rows = [list(r) for r in rows]
    path = rows_to_xlsx(tmp_path / "plan.xlsx", [rows, rows], title_rows=TITLE)
    out = extract_plan(path)
    assert out["doc_number"] == "447/KH-CAHP-PV01"
    assert out["year"] == 2026
    for table in (1, 2):
        got = check(out["tasks"], table)
        assert "1" not in got
        assert got["1.2"]["notes"] == "Các sản phẩm theo nhiệm vụ được giao tại Kế hoạch"  # "Ghi chú" column


def test_xlsx_cells_merged_down_share_their_value(tmp_path):
    rows = [
        ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"),
        ("1", "Ban hành kế hoạch kiểm tra", "Sở Nội vụ", "Các sở, ban, ngành", "Quý I/2026"),
        ("2", "Tổ chức kiểm tra", None, "UBND cấp xã", "Quý III/2026"),
        ("3", "Báo cáo kết quả", "Sở Tư pháp", None, "Tháng 12/2026"),
    ]
    path = rows_to_xlsx(tmp_path / "merged.xlsx", [rows], merge_down=[(3, 2, 3)])
    tasks = {t["code"]: t for t in extract_plan(path, year=2026)["tasks"]}
    assert tasks["2"]["lead"] == ["Sở Nội vụ"]
    assert tasks["1"]["coordinate"] == ["Các sở, ban, ngành"]
    assert tasks["3"]["deadline"] == {"kind": "month", "start": "2026-12-01", "end": "2026-12-31"}


def test_xlsx_dates_and_leader_column(tmp_path):
    import datetime as dt

    rows = [
        (
            "TT",
            "Nhiệm vụ",
            "Lãnh đạo UBND phường chủ trì",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
        ),
        ("I", "Chỉ đạo điều hành"),
        (
            "1",
            "Ban hành Kế hoạch CCHC năm 2026",
            "Chủ tịch UBND phường",
            "Phòng Văn hóa - Xã hội",
            "Các phòng, ban, đơn vị liên quan",
            dt.datetime(2026, 2, 28),
        ),
    ]
    path = rows_to_xlsx(tmp_path / "leader.xlsx", [rows])
    (task,) = extract_plan(path, year=2026)["tasks"]
    assert task["leader"] == "Chủ tịch UBND phường"
    assert task["lead"] == ["Phòng Văn hóa - Xã hội"]
    assert task["section"] == "Chỉ đạo điều hành"
    assert task["deadline"] == {"kind": "date", "start": None, "end": "2026-02-28"}


def test_text_pipe_table(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(
        "# KẾ HOẠCH\n\nCải cách hành chính năm 2026\n\n"
        "| TT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |\n"
        "|---|---|---|---|---|\n"
        "| **I** | **Cải cách thể chế** | | | |\n"
        "| 1 | Rà soát văn bản | Sở Tư pháp | Các sở, ban, ngành | Cả năm 2026 |\n",
        encoding="utf-8",
    )
    out = extract_plan(path)
    assert out["year"] == 2026
    (task,) = out["tasks"]
    assert task["section"] == "Cải cách thể chế"
    assert task["lead"] == ["Sở Tư pháp"]
    assert task["deadline"]["kind"] == "year"


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"not a zip", "plan.docx"), (b"not a zip", "plan.xlsx"), (b"%PDF-1.4", "plan.pdf"), (b"", "plan.txt")],
)
def test_unreadable_files_raise_bad_input(data, name):
    with pytest.raises(DomainError) as info:
        extract_plan_bytes(data, name)
    assert name in info.value.vi


def test_missing_file_raises_bad_input(tmp_path):
    with pytest.raises(DomainError):
        extract_plan(tmp_path / "missing.docx")
