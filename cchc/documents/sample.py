"""Sample documents (a kế hoạch with a landscape task appendix, a công văn) for tests, demos and eyeballing."""

from __future__ import annotations

from datetime import date

from .blocks import Block, Heading, OfficialDocument, PageBreak, Para, Run, Signer, Table

_INTRO = (
    "Thực hiện Quyết định số 172/QĐ-BCA-V03 ngày 13/01/2026 của Bộ trưởng Bộ Công an về ban hành Kế hoạch thực "
    "hiện công tác cải cách hành chính (CCHC) trong lực lượng Công an nhân dân năm 2026, Công an thành phố Hải "
    "Phòng xây dựng kế hoạch thực hiện công tác CCHC năm 2026 như sau:"
)


def sample_plan(landscape_appendix: bool = True, number: str | None = "447") -> OfficialDocument:
    """A kế hoạch in the shape of seed 000: objectives, tasks table, closing block, landscape appendix."""
    tasks = [
        ["1", "Quán triệt, triển khai Kế hoạch CCHC năm 2026", "PV01", "Công an các đơn vị", "Tháng 01/2026"],
        ["2", "Rà soát, đơn giản hóa thủ tục hành chính", "PC06", "PV01", "Trước 30/6/2026"],
        [
            "3",
            "Tự đánh giá, chấm điểm Chỉ số CCHC",
            "PV01",
            "Công an các đơn vị,\nđịa phương",
            "Trước 15/11/2026",
        ],
    ]
    body: list[Block] = [
        Para(_INTRO),
        Heading("I. MỤC ĐÍCH, YÊU CẦU", level=1),
        Heading("1. Mục đích", level=2),
        Para(
            "Triển khai thực hiện nghiêm túc, hiệu quả Chương trình tổng thể cải cách hành chính nhà nước giai đoạn "
            "2026 - 2030 trong Công an nhân dân; xác định rõ mục tiêu, nhiệm vụ cần đạt được trong năm 2026, phân "
            "công nhiệm vụ cụ thể và tiến độ thực hiện cho từng Công an đơn vị, địa phương."
        ),
        Heading("2. Yêu cầu", level=2),
        Para(
            runs=(
                Run(
                    "Thủ trưởng Công an các đơn vị, địa phương phát huy vai trò người đứng đầu; thực hiện khẩu hiệu "
                ),
                Run("“Theo lời Bác dạy - Đổi mới tư duy - Vì Đảng, vì dân”", italic=True),
                Run("."),
            )
        ),
        Heading("a) Về tiến độ", level=3),
        Para("Các nhiệm vụ hoàn thành đúng thời hạn ghi tại Phụ lục kèm theo Kế hoạch này."),
        Heading("II. NHIỆM VỤ TRỌNG TÂM", level=1),
        Table(
            headers=["TT", "Nội dung nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"],
            rows=tasks,
            widths_cm=[1.0, 6.5, 2.2, 3.6, 3.2],
            title="Bảng 1. Nhiệm vụ trọng tâm",
            align=["center", "justify", "center", "left", "center"],
        ),
        Heading("III. TỔ CHỨC THỰC HIỆN", level=1),
        Para(
            "Giao Phòng Tham mưu (PV01) theo dõi, đôn đốc, tổng hợp kết quả thực hiện, báo cáo Giám đốc Công an "
            "thành phố theo định kỳ hằng quý, 06 tháng, năm."
        ),
    ]
    appendix_rows = [
        [
            str(i),
            f"Nhiệm vụ số {i} về cải cách thể chế, thủ tục hành chính",
            "PV01",
            "PC06",
            "Quý II/2026",
            "Báo cáo",
        ]
        for i in range(1, 13)
    ]
    return OfficialDocument(
        parent_body="BỘ CÔNG AN",
        issuer="CÔNG AN THÀNH PHỐ HẢI PHÒNG",
        number=number,
        symbol="KH-CAHP-PV01",
        place="Hải Phòng",
        date=date(2026, 1, 19),
        doc_type="KẾ HOẠCH",
        summary="Thực hiện công tác cải cách hành chính\ntrong lực lượng Công an thành phố Hải Phòng năm 2026",
        body=body,
        recipients=[
            "Bộ Công an (V03) (để b/c);",
            "Đ/c Giám đốc (để b/c);",
            "Các đ/c Phó Giám đốc (để chỉ đạo);",
            "Công an các đơn vị, địa phương (để t/h);",
            "Lưu: VT, PV01.",
        ],
        signer=Signer(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC", name="Nguyễn Văn A"),
        appendix_title="Nhiệm vụ cải cách hành chính năm 2026 và phân công thực hiện",
        landscape_appendix=landscape_appendix,
        appendix=[
            Table(
                headers=["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Sản phẩm"],
                rows=appendix_rows,
                widths_cm=[1.2, 10.0, 3.2, 3.8, 3.4, 3.6]
                if landscape_appendix
                else [1.0, 6.0, 2.2, 2.6, 2.3, 2.4],
                align=["center", "justify", "center", "center", "center", "center"],
            )
        ],
    )


def sample_letter(number: int | None = 5) -> OfficialDocument:
    """A công văn: no tên loại, "V/v …" under the number, "Kính gửi:" block."""
    return OfficialDocument(
        parent_body="BỘ CÔNG AN",
        issuer="CÔNG AN THÀNH PHỐ HẢI PHÒNG",
        number=number,
        symbol="CAHP-PV01",
        place="Hải Phòng",
        date=date(2026, 2, 3),
        doc_type="",
        summary="Báo cáo kết quả công tác cải cách hành chính quý I năm 2026",
        addressees=["Công an các đơn vị, địa phương"],
        body=[
            Para(
                "Để phục vụ tổng hợp báo cáo Bộ Công an, Công an thành phố yêu cầu Công an các đơn vị, địa phương "
                "báo cáo kết quả công tác cải cách hành chính quý I năm 2026 trước ngày 10/3/2026."
            ),
            Para("Nhận được Công văn này, yêu cầu các đơn vị nghiêm túc triển khai thực hiện./."),
            PageBreak(),
            Para("Trang 2: mục lục các biểu mẫu kèm theo (nếu có)."),
        ],
        recipients=["Như trên;", "Lưu: VT, PV01."],
        signer=Signer(authority="TL. GIÁM ĐỐC", title="TRƯỞNG PHÒNG THAM MƯU", name="Trần Thị B"),
    )
