"""Source of the shipped questionnaire JSON files: ``python cchc/surveys/data/make_questionnaires.py`` rewrites them.

Edit the questions here, bump the version in a new file name for any change to a questionnaire in use.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "questionnaires"

LIKERT: dict[str, Any] = {
    "options": [
        {"value": 1, "label": "Rất không hài lòng"},
        {"value": 2, "label": "Không hài lòng"},
        {"value": 3, "label": "Bình thường"},
        {"value": 4, "label": "Hài lòng"},
        {"value": 5, "label": "Rất hài lòng"},
    ],
    "skip_label": "Không có ý kiến",
}
OVERALL = {"code": "tong_the", "title": "Đánh giá chung", "in_index": False}


def _questions(groups: list[tuple[str, list[str]]], comment: str) -> list[dict[str, Any]]:
    """Likert questions numbered q1, q2, … across the groups, then the free comment."""
    out: list[dict[str, Any]] = []
    for dimension, texts in groups:
        for text in texts:
            out.append({"key": f"q{len(out) + 1}", "type": "likert", "dimension": dimension, "text": text})
    out.append({"key": "comment", "type": "text", "text": comment})
    return out


SIPAS_CITIZEN: dict[str, Any] = {
    "id": "sipas_citizen",
    "version": 1,
    "title": "Khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan",
    "kind": "citizen",
    "effective_from": "2025-01-01",
    "source": (
        "Năm yếu tố SIPAS theo QĐ 2640/QĐ-BNV ngày 10/10/2017 (methodology.md §3.1); thang 5 mức và lựa chọn "
        "'Không có ý kiến' theo hợp đồng surveys.md. Nội dung câu hỏi do nhóm dự án soạn, không phải phiếu chính thức."
    ),
    "notes": (
        "Chỉ số hài lòng của đơn vị là trung bình cộng tỷ lệ hài lòng của 5 yếu tố có câu trả lời; "
        "câu hỏi đánh giá chung (tong_the) được báo cáo riêng, không tính vào chỉ số. / "
        "The unit index is the mean of the five SIPAS dimensions only; the overall question is reported apart."
    ),
    "intro": "Xin Ông/Bà cho biết mức độ hài lòng về lần giải quyết thủ tục hành chính vừa qua. Phiếu không ghi tên.",
    "scale": LIKERT,
    "dimensions": [
        {"code": "tiep_can", "title": "Tiếp cận dịch vụ", "in_index": True},
        {"code": "thu_tuc", "title": "Thủ tục hành chính", "in_index": True},
        {"code": "cong_chuc", "title": "Công chức giải quyết công việc", "in_index": True},
        {"code": "ket_qua", "title": "Kết quả giải quyết", "in_index": True},
        {"code": "gop_y", "title": "Tiếp nhận và xử lý góp ý, phản ánh, kiến nghị", "in_index": True},
        OVERALL,
    ],
    "questions": _questions(
        [
            (
                "tiep_can",
                [
                    "Nơi làm thủ tục dễ tìm, có biển chỉ dẫn rõ ràng",
                    "Chỗ ngồi chờ đủ, sạch sẽ, thoáng mát",
                    "Trang thiết bị phục vụ (bàn viết, máy lấy số thứ tự, máy tra cứu…) đầy đủ, dễ dùng",
                    "Dễ nộp hồ sơ, tra cứu thông tin trên Cổng dịch vụ công",
                ],
            ),
            (
                "thu_tuc",
                [
                    "Thủ tục được niêm yết công khai, đầy đủ, dễ hiểu",
                    "Giấy tờ phải nộp đúng như thủ tục đã niêm yết",
                    "Phí, lệ phí phải nộp đúng như thủ tục đã niêm yết",
                ],
            ),
            (
                "cong_chuc",
                [
                    "Cán bộ tiếp nhận lịch sự, tôn trọng Ông/Bà",
                    "Cán bộ hướng dẫn tận tình, dễ hiểu, chỉ yêu cầu bổ sung hồ sơ một lần",
                    "Cán bộ làm việc đúng quy định, không gây phiền hà, sách nhiễu",
                ],
            ),
            (
                "ket_qua",
                [
                    "Nhận kết quả đúng hẹn",
                    "Kết quả đúng quy định, thông tin chính xác",
                    "Được báo trước và xin lỗi khi hồ sơ trễ hẹn (nếu có)",
                ],
            ),
            (
                "gop_y",
                [
                    "Dễ gửi góp ý, phản ánh, kiến nghị (hộp thư, đường dây nóng, trực tuyến)",
                    "Góp ý, phản ánh, kiến nghị được trả lời kịp thời, thỏa đáng",
                ],
            ),
            ("tong_the", ["Nhìn chung, Ông/Bà hài lòng thế nào với sự phục vụ của cơ quan?"]),
        ],
        "Ông/Bà có góp ý gì để chúng tôi phục vụ tốt hơn?",
    ),
}

_ORG_SOURCE = (
    "Kế hoạch 12/KH-CAT ngày 17/01/2025 của Công an tỉnh Sóc Trăng (seed 001), Phụ lục 03 mục III: "
    "'Phát phiếu lấy ý kiến, đánh giá của cơ quan, tổ chức năm 2025' (Phiếu 01; Phiếu 02), tổng hợp theo Mẫu Báo cáo "
    "số 02; Phụ lục 01 mục 9.2: 'Phiếu lấy ý kiến đánh giá sở, ngành, địa phương'. Kế hoạch không kèm nội dung phiếu: "
    "đối tượng của từng phiếu (01: sở, ngành; 02: địa phương) và câu hỏi do nhóm dự án soạn theo các lĩnh vực CCHC, "
    "chưa đối chiếu phiếu gốc."
)
_ORG_NOTES = (
    "Mỗi lĩnh vực là một tiêu chí: tỷ lệ hài lòng = số ý kiến Hài lòng, Rất hài lòng / số ý kiến × 100; chỉ số là "
    "trung bình cộng các lĩnh vực có ý kiến; câu đánh giá chung không tính vào chỉ số. / Same formulas as the citizen "
    "survey; question texts are the project's own (the plan names the forms without their text)."
)
_RESPONDENT_OPTIONS_01 = [
    {"value": "so_nganh", "label": "Sở, ban, ngành cấp tỉnh"},
    {"value": "trung_uong", "label": "Cơ quan Trung ương đóng trên địa bàn tỉnh"},
    {"value": "khac", "label": "Cơ quan, tổ chức khác"},
]
_RESPONDENT_OPTIONS_02 = [
    {"value": "ubnd_xa", "label": "Ủy ban nhân dân xã, phường, thị trấn"},
    {"value": "ubnd_huyen", "label": "Ủy ban nhân dân, cơ quan chuyên môn cấp huyện"},
    {"value": "to_chuc", "label": "Tổ chức chính trị - xã hội, đơn vị sự nghiệp"},
    {"value": "doanh_nghiep", "label": "Doanh nghiệp, hợp tác xã"},
    {"value": "khac", "label": "Cơ quan, tổ chức khác"},
]


def _org(number: str, title: str, respondents: list[dict[str, str]], groups: list[tuple[str, list[str]]]):
    dims = {
        "chi_dao": "Công tác chỉ đạo, điều hành cải cách hành chính",
        "the_che": "Cải cách thể chế",
        "tthc": "Cải cách thủ tục hành chính",
        "cong_vu": "Cải cách chế độ công vụ",
        "chuyen_doi_so": "Chuyển đổi số, Công an điện tử",
    }
    used = [d for d, _ in groups if d in dims]
    questions = _questions(groups, "Ý kiến khác của cơ quan, tổ chức (nếu có)")
    respondent = {
        "key": f"q{len(questions)}",
        "type": "single",
        "text": "Cơ quan, tổ chức của Ông/Bà thuộc loại nào?",
    }
    respondent["options"] = respondents  # type: ignore[assignment]
    return {
        "id": f"org_survey_phieu{number}",
        "version": 1,
        "title": title,
        "kind": "organisation",
        "effective_from": "2025-01-17",
        "source": _ORG_SOURCE,
        "notes": _ORG_NOTES,
        "form_number": f"Phiếu {number}",
        "report_form": "Mẫu Báo cáo số 02",
        "scale": LIKERT,
        "dimensions": [{"code": d, "title": dims[d], "in_index": True} for d in used] + [OVERALL],
        "questions": [*questions[:-1], respondent, questions[-1]],
    }


PHIEU01 = _org(
    "01",
    "Phiếu lấy ý kiến đánh giá của sở, ban, ngành đối với kết quả thực hiện một số tiêu chí cải cách hành chính "
    "của lực lượng Công an tỉnh",
    _RESPONDENT_OPTIONS_01,
    [
        (
            "chi_dao",
            [
                "Công an tỉnh phối hợp với cơ quan Ông/Bà trong triển khai nhiệm vụ cải cách hành chính",
                "Thông tin, tuyên truyền về cải cách hành chính của Công an tỉnh kịp thời, rõ ràng",
            ],
        ),
        (
            "the_che",
            [
                "Chất lượng góp ý của Công an tỉnh đối với dự thảo văn bản do cơ quan Ông/Bà chủ trì soạn thảo",
                "Công an tỉnh phối hợp rà soát, kiểm tra văn bản quy phạm pháp luật đúng tiến độ",
            ],
        ),
        (
            "tthc",
            [
                "Phối hợp giải quyết thủ tục hành chính liên thông đúng thời hạn",
                "Phối hợp xử lý phản ánh, kiến nghị của người dân, doanh nghiệp kịp thời",
            ],
        ),
        (
            "cong_vu",
            [
                "Tinh thần trách nhiệm, thái độ của cán bộ, chiến sĩ khi làm việc với cơ quan Ông/Bà",
                "Kỷ luật, kỷ cương hành chính của cán bộ, chiến sĩ",
            ],
        ),
        (
            "chuyen_doi_so",
            [
                "Kết nối, chia sẻ dữ liệu dân cư (Đề án 06) phục vụ công việc của cơ quan Ông/Bà",
                "Hỗ trợ triển khai dịch vụ công trực tuyến, định danh và xác thực điện tử",
            ],
        ),
        (
            "tong_the",
            ["Nhìn chung, mức độ hài lòng về kết quả cải cách hành chính của lực lượng Công an tỉnh"],
        ),
    ],
)

PHIEU02 = _org(
    "02",
    "Phiếu lấy ý kiến đánh giá của cơ quan, tổ chức ở địa phương đối với kết quả thực hiện một số tiêu chí cải cách "
    "hành chính của Công an địa phương",
    _RESPONDENT_OPTIONS_02,
    [
        (
            "chi_dao",
            [
                "Công an địa phương phối hợp với chính quyền, cơ quan, tổ chức trong triển khai cải cách hành chính",
                "Tuyên truyền về cải cách hành chính, thủ tục hành chính đến người dân tại địa phương",
            ],
        ),
        (
            "tthc",
            [
                "Thủ tục hành chính, phí, lệ phí được niêm yết công khai, đầy đủ tại nơi tiếp nhận",
                "Hồ sơ được giải quyết đúng hạn, trễ hạn có thông báo và xin lỗi",
                "Phản ánh, kiến nghị được tiếp nhận và trả lời kịp thời",
            ],
        ),
        (
            "cong_vu",
            [
                "Thái độ, tinh thần trách nhiệm của cán bộ, chiến sĩ khi giải quyết công việc",
                "Cán bộ, chiến sĩ không gây phiền hà, sách nhiễu",
            ],
        ),
        (
            "chuyen_doi_so",
            [
                "Hỗ trợ người dân nộp hồ sơ trực tuyến, kích hoạt và sử dụng tài khoản định danh điện tử",
                "Ứng dụng công nghệ thông tin, kết nối dữ liệu trong giải quyết công việc",
            ],
        ),
        ("tong_the", ["Nhìn chung, mức độ hài lòng về kết quả cải cách hành chính của Công an địa phương"]),
    ],
)


def _criterion(text: str, two: str, one: str, zero: str) -> dict[str, Any]:
    return {
        "type": "single",
        "text": text,
        "required": True,
        "options": [{"value": 2, "label": two}, {"value": 1, "label": one}, {"value": 0, "label": zero}],
    }


_CRITERIA = [
    _criterion("Tổng thời gian giải quyết so với quy định", "Trước hạn", "Đúng hạn", "Quá hạn"),
    _criterion(
        "Thời gian thực hiện của từng cơ quan, đơn vị (kể cả phối hợp)",
        "Trước hạn",
        "Đúng hạn",
        "Có cơ quan, đơn vị quá hạn",
    ),
    _criterion(
        "Số lần phải liên hệ để hoàn thiện hồ sơ (kể cả trực tuyến)",
        "Không quá 1 lần",
        "2 lần",
        "Từ 3 lần trở lên",
    ),
    _criterion(
        "Số lượng cơ quan, đơn vị phải liên hệ", "1 cơ quan, đơn vị", "2 cơ quan, đơn vị", "Từ 3 trở lên"
    ),
    _criterion(
        "Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa",
        "Đúng quy định",
        "Có thực hiện nhưng chưa đầy đủ",
        "Không thực hiện",
    ),
    _criterion("Công khai thủ tục hành chính", "Đầy đủ, đúng quy định", "Chưa đầy đủ", "Không công khai"),
    _criterion(
        "Thái độ của cán bộ, công chức, viên chức", "Tận tình, chu đáo", "Bình thường", "Gây phiền hà"
    ),
    _criterion(
        "Tiếp thu, giải trình phản ánh, kiến nghị",
        "Đầy đủ, kịp thời (hoặc không có phản ánh, kiến nghị)",
        "Chưa đầy đủ hoặc chậm",
        "Không tiếp thu, giải trình",
    ),
    _criterion(
        "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến",
        "Đáp ứng tốt",
        "Đáp ứng một phần",
        "Không đáp ứng",
    ),
]

DESK_EVALUATION: dict[str, Any] = {
    "id": "desk_evaluation_9",
    "version": 1,
    "title": "Bảng đánh giá việc giải quyết thủ tục hành chính",
    "kind": "desk_evaluation",
    "effective_from": "2018-06-21",
    "source": (
        "methodology.md §3.4: 9 chỉ số, mỗi chỉ số 0–2 điểm, tổng 18 [T] (một phần mềm bên thứ ba thực hiện đánh giá "
        "theo NĐ 61/2018/NĐ-CP). Tên chỉ số theo nguồn đó; mô tả từng mức điểm và ngưỡng xếp loại do nhóm dự án ghi, "
        "CHƯA XÁC NHẬN với văn bản chính thức."
    ),
    "notes": (
        "Ngưỡng xếp loại chưa được xác nhận và có thể cấu hình. Nguồn ghi 'Xuất sắc >15, Tốt 12–<15', bỏ sót đúng 15 "
        "điểm; ở đây ngưỡng là cận dưới nên 15 điểm xếp 'Tốt'. / Bands are unconfirmed lower bounds; 15 falls in Tốt."
    ),
    "max_points": 18,
    "dimensions": [],
    "questions": [{"key": f"q{i}", **c} for i, c in enumerate(_CRITERIA, start=1)],
    "bands": [
        {"code": "xuat_sac", "label": "Xuất sắc", "min_points": 15, "inclusive": False, "confirmed": False},
        {"code": "tot", "label": "Tốt", "min_points": 12, "inclusive": True, "confirmed": False},
        {"code": "kha", "label": "Khá", "min_points": 9, "inclusive": True, "confirmed": False},
        {"code": "trung_binh", "label": "Trung bình", "min_points": 6, "inclusive": True, "confirmed": False},
        {"code": "yeu", "label": "Yếu", "min_points": 0, "inclusive": True, "confirmed": False},
    ],
}


PROFILE_SECTION = "Thông tin chung (không bắt buộc)"
# Methodology §3.1: the questionnaire has an introduction, the respondent's information and the questions; the
# procedure the citizen came for makes results comparable per field. Options follow the police's one-stop fields
# (seed 001); the unit may publish its own version with other ones.
PROFILE: list[dict[str, Any]] = [
    {
        "key": "linh_vuc",
        "type": "single",
        "section": PROFILE_SECTION,
        "text": "Ông/Bà vừa làm thủ tục thuộc lĩnh vực nào?",
        "options": [
            {"value": "cu_tru", "label": "Cư trú"},
            {"value": "can_cuoc", "label": "Căn cước, định danh điện tử"},
            {"value": "xuat_nhap_canh", "label": "Xuất nhập cảnh"},
            {"value": "dang_ky_xe", "label": "Đăng ký, quản lý phương tiện"},
            {"value": "pccc", "label": "Phòng cháy, chữa cháy"},
            {"value": "khac", "label": "Lĩnh vực khác"},
        ],
    },
    {
        "key": "doi_tuong",
        "type": "single",
        "section": PROFILE_SECTION,
        "text": "Ông/Bà là",
        "options": [
            {"value": "ca_nhan", "label": "Cá nhân"},
            {"value": "to_chuc", "label": "Đại diện tổ chức, doanh nghiệp"},
        ],
    },
    {
        "key": "gioi_tinh",
        "type": "single",
        "section": PROFILE_SECTION,
        "text": "Giới tính",
        "options": [{"value": "nam", "label": "Nam"}, {"value": "nu", "label": "Nữ"}],
    },
    {
        "key": "do_tuoi",
        "type": "single",
        "section": PROFILE_SECTION,
        "text": "Độ tuổi",
        "options": [
            {"value": "duoi_30", "label": "Dưới 30"},
            {"value": "30_50", "label": "Từ 30 đến 50"},
            {"value": "tren_50", "label": "Trên 50"},
        ],
    },
]

SIPAS_CITIZEN_V2: dict[str, Any] = {
    **SIPAS_CITIZEN,
    "version": 2,
    "effective_from": "2026-01-01",
    "intro": (
        "Xin Ông/Bà cho biết mức độ hài lòng về lần giải quyết thủ tục hành chính vừa qua. Phiếu không ghi tên; "
        "phần thông tin chung có thể bỏ qua."
    ),
    "questions": [*PROFILE, *SIPAS_CITIZEN["questions"]],
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for doc in (SIPAS_CITIZEN, SIPAS_CITIZEN_V2, PHIEU01, PHIEU02, DESK_EVALUATION):
        path = OUT / f"{doc['id']}_v{doc['version']}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(path.name)


if __name__ == "__main__":
    main()
