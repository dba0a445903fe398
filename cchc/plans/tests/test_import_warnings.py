"""Issue 14: the import reads "Trước 30/6" like "Trước ngày 30/6", warns (in Vietnamese) about impossible dates
instead of reading them as "Chưa xác định" silently, and keeps the plan's own text."""

from __future__ import annotations

from cchc.plans.importing import extract_plan
from cchc.plans.importing.samples import rows_to_docx

HEADER = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Sản phẩm"]


def test_deadline_forms_and_warnings(tmp_path):
    rows = [
        HEADER,
        ["1", "Rà soát thủ tục hành chính", "Văn phòng", "Phòng Tư pháp", "Trước 30/6", "Báo cáo"],
        ["2", "Kiểm tra cải cách hành chính", "Phòng Nội vụ", "", "31/02/2026", "Kết luận"],
        ["3", "Khảo sát sự hài lòng", "Phòng Nội vụ", "", "Tháng 13/2026", "Báo cáo"],
    ]
    path = rows_to_docx(
        tmp_path / "kh.docx",
        [rows],
        paragraphs=[
            "KẾ HOẠCH",
            "Cải cách hành chính năm 2026",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Nâng cao chất lượng.",
        ],
    )
    out = extract_plan(path)
    by_code = {t["code"]: t for t in out["tasks"]}
    assert by_code["1"]["deadline"] == {"kind": "date", "start": None, "end": "2026-06-30"}
    assert by_code["2"]["deadline"]["kind"] == "unknown"
    assert "dòng 2: ngày “31/02/2026” không có thật trong lịch" in out["warnings"]
    assert "dòng 3: “Tháng 13/2026”: tháng không hợp lệ (từ 1 đến 12)" in out["warnings"]
    assert not any(w.startswith("row ") for w in out["warnings"])  # every warning in Vietnamese
    assert {"text": "I. MỤC ĐÍCH, YÊU CẦU", "heading": True} in out["body"]
