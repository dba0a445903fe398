"""The desk's forms of TT 01/2018/TT-VPCP (methodology.md §4.2) as Word documents through
:mod:`cchc.documents.official` (NĐ 30/2020 layout): Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Mẫu 02 Phiếu
yêu cầu bổ sung, hoàn thiện hồ sơ, Mẫu 03 Phiếu từ chối tiếp nhận, giải quyết hồ sơ, Mẫu 05 Phiếu kiểm soát quá
trình giải quyết hồ sơ; and the book Mẫu 06 Sổ theo dõi hồ sơ as a workbook. The applicant is printed as the person
printing may see them (NĐ 13/2023: ``selectors.with_applicants``). Numbers carry the unit's suffix ("01/HDHS-PV01").
"""

from __future__ import annotations

from collections.abc import Iterable

from cchc.core.privacy import Applicant
from cchc.documents.official import OfficialDocument, Para, Signer, Table, render_docx
from cchc.workdays.calendar import to_local

from .models import DeskStep, Dossier


def _when(dt) -> str:
    if dt is None:
        return "…"
    local = to_local(dt)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def unit_suffix(unit) -> str:
    return unit.short_code or unit.code


def _applicant_paras(shown: Applicant) -> list[Para]:
    return [
        Para(f"Ông/Bà: {shown.name or '…'}"),
        Para(f"Địa chỉ: {shown.address or '…'}"),
        Para(f"Số điện thoại: {shown.phone or '…'}"),
    ]


def _doc(
    dossier: Dossier, *, doc_type: str, symbol: str, number, date_at, body, signer_title: str
) -> OfficialDocument:
    unit = dossier.unit
    return OfficialDocument(
        issuer=f"BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ — {unit.name.upper()}",
        parent_body=unit.parent.name.upper() if unit.parent is not None else "",
        symbol=f"{symbol}-{unit_suffix(unit)}",
        number=number,
        date=to_local(date_at).date() if date_at else None,
        doc_type=doc_type,
        body=body,
        signer=Signer(title=signer_title),
        year=to_local(date_at).year if date_at else None,
    )


def receipt_docx(dossier: Dossier, shown: Applicant) -> bytes:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    p = dossier.procedure
    body = [
        Para(f"Mã hồ sơ: {dossier.code}", bold=True),
        Para(f"{dossier.unit.name} tiếp nhận hồ sơ của:"),
        *_applicant_paras(shown),
        Para(f"Nội dung yêu cầu giải quyết: {p.name} (mã TTHC {p.code})."),
        Para("1. Thành phần hồ sơ nộp gồm: theo quy định của thủ tục hành chính."),
        Para("2. Số lượng hồ sơ: 01 bộ."),
        Para(
            f"3. Thời gian giải quyết hồ sơ theo quy định: {p.processing_amount} {p.get_processing_unit_display()}."
        ),
        Para(f"4. Thời gian nhận hồ sơ: {_when(dossier.received_at)}."),
        Para(f"5. Thời gian trả kết quả giải quyết hồ sơ: {_when(dossier.due_at)}.", bold=True),
        Para(f"6. Đăng ký nhận kết quả tại: {dossier.unit.name}."),
        Para("Vào Sổ theo dõi hồ sơ, Quyển số: …, Số thứ tự: …"),
        Table(
            ["NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"], [["(Ký và ghi rõ họ tên)", "(Ký và ghi rõ họ tên)"]]
        ),
    ]
    doc = _doc(
        dossier,
        doc_type="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        symbol="TNHS",
        number=None,
        date_at=dossier.received_at,
        body=body,
        signer_title="",
    )
    return render_docx(doc)


def supplement_docx(dossier: Dossier, step: DeskStep, shown: Applicant) -> bytes:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    body = [
        Para(f"{dossier.unit.name} tiếp nhận hồ sơ của:"),
        *_applicant_paras(shown),
        Para(f"Nội dung yêu cầu giải quyết: {dossier.procedure.name}. Mã hồ sơ: {dossier.code}."),
        Para("Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:"),
        Para(step.reason),
        Para("Lý do: hồ sơ chưa đầy đủ, chưa hợp lệ theo quy định."),
        Para(
            "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ Bộ phận tiếp nhận và trả kết quả "
            f"của {dossier.unit.name} để được hướng dẫn."
        ),
    ]
    doc = _doc(
        dossier,
        doc_type="PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        symbol="HDHS",
        number=step.number,
        date_at=step.at,
        body=body,
        signer_title="NGƯỜI HƯỚNG DẪN",
    )
    return render_docx(doc)


def refusal_docx(dossier: Dossier, step: DeskStep, shown: Applicant) -> bytes:
    """Mẫu 03: Phiếu từ chối tiếp nhận, giải quyết hồ sơ."""
    body = [
        Para(f"{dossier.unit.name} tiếp nhận hồ sơ của:"),
        *_applicant_paras(shown),
        Para(f"Nội dung yêu cầu giải quyết: {dossier.procedure.name}. Mã hồ sơ: {dossier.code}."),
        Para(
            "Qua xem xét, cơ quan, đơn vị thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"
        ),
        Para(step.reason),
        Para("Xin thông báo cho Ông/Bà được biết và thực hiện./."),
    ]
    doc = _doc(
        dossier,
        doc_type="PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ",
        symbol="TC",
        number=step.number,
        date_at=step.at,
        body=body,
        signer_title="NGƯỜI TIẾP NHẬN HỒ SƠ",
    )
    return render_docx(doc)


def control_sheet_docx(dossier: Dossier, steps: Iterable[DeskStep]) -> bytes:
    """Mẫu 05: Phiếu kiểm soát quá trình giải quyết hồ sơ — every step with its time and who did it."""
    rows = [
        [
            step.get_kind_display(),
            f"{to_local(step.at):%H:%M %d/%m/%Y}",
            step.actor.display_name if step.actor is not None else "",
            step.reason,
        ]
        for step in steps
    ]
    body = [
        Para(f"Mã hồ sơ: {dossier.code} — {dossier.procedure.name}."),
        Para(f"Thời gian nhận hồ sơ: {_when(dossier.received_at)}."),
        Para(f"Thời gian trả kết quả: {_when(dossier.due_at)}."),
        Table(
            ["Bước xử lý", "Thời gian", "Người thực hiện", "Ghi chú"],
            rows,
            widths_cm=[4.5, 3.5, 4.0, 4.0],
            title="KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        ),
    ]
    doc = _doc(
        dossier,
        doc_type="PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        symbol="KSHS",
        number=None,
        date_at=dossier.received_at,
        body=body,
        signer_title="",
    )
    return render_docx(doc)


BOOK_HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Ngày, tháng, năm nhận hồ sơ",
    "Ngày, tháng, năm hẹn trả kết quả",
    "Ngày, tháng, năm có kết quả",
    "Ngày, tháng, năm trả kết quả",
    "Trạng thái",
]


def book_rows(dossiers: Iterable[Dossier]) -> list[list]:
    """Mẫu 06: Sổ theo dõi hồ sơ — one row per dossier (the applicant as shown to the reader)."""
    out = []
    for i, d in enumerate(dossiers, start=1):
        shown: Applicant = d.applicant  # type: ignore[attr-defined]  # set by selectors.with_applicants
        out.append(
            [
                i,
                d.code,
                d.procedure.name,
                1,
                shown.name,
                " — ".join(x for x in (shown.address, shown.phone) if x),
                d.unit.name,
                to_local(d.received_at).replace(tzinfo=None),
                to_local(d.due_at).replace(tzinfo=None),
                to_local(d.finished_at).replace(tzinfo=None) if d.finished_at else "",
                to_local(d.returned_at).replace(tzinfo=None) if d.returned_at else "",
                d.get_status_display(),
            ]
        )
    return out
