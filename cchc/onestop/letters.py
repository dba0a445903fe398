"""The Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04, methodology.md §4.2) as a Word document, through
:mod:`cchc.documents.official` (NĐ 30/2020 layout)."""

from __future__ import annotations

from cchc.core.privacy import Applicant
from cchc.documents.official import OfficialDocument, Para, Signer, render_docx
from cchc.workdays.calendar import to_local

from .models import ApologyLetter


def _when(dt) -> str:
    local = to_local(dt)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def apology_document(letter: ApologyLetter, shown: Applicant) -> OfficialDocument:
    """The letter; ``shown`` is the applicant as the person printing it may see them (masked, NĐ 13/2023:
    ``selectors.with_applicants``) — required, so no caller prints the clear data by leaving it out."""
    d = letter.dossier
    unit = d.unit
    parent = unit.parent.name.upper() if unit.parent is not None else ""
    applicant = shown.name or "Ông/Bà"
    body = [
        Para(f"{unit.name} tiếp nhận hồ sơ của Ông/Bà {applicant} vào lúc {_when(d.received_at)}."),
        Para(f"Mã hồ sơ (số biên nhận): {d.code}."),
        Para(f"Nội dung yêu cầu giải quyết: {d.procedure.name}."),
        Para(f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {_when(letter.original_due_at)}."),
        Para(
            "Tuy nhiên, đến nay cơ quan, đơn vị chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng thời hạn "
            "như đã hẹn."
        ),
        Para(f"Lý do: {letter.reason}"),
        Para(
            f"{unit.name} xin lỗi Ông/Bà vì sự chậm trễ này và hẹn lại thời gian trả kết quả vào lúc "
            f"{_when(letter.new_due_at)}."
        ),
        Para("Mong nhận được sự thông cảm của Ông/Bà. Trân trọng./."),
    ]
    addressee = applicant
    if shown.address:
        addressee += f" — địa chỉ: {shown.address}"
    if shown.phone:
        addressee += f" — điện thoại: {shown.phone}"
    title = (letter.signer_title or "THỦ TRƯỞNG ĐƠN VỊ").upper()
    return OfficialDocument(
        issuer=unit.name.upper(),
        parent_body=parent,
        symbol=f"PXL-{unit.short_code or unit.code}",  # the unit's suffix: "01/PXL-PV01"
        number=letter.number,
        place=letter.place or "",
        date=to_local(letter.issued_at).date(),
        doc_type="PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        summary="",
        addressees=[f"Ông/Bà {addressee}"],
        body=body,
        recipients=["Như trên;", "Bộ phận Một cửa;", "Lưu: VT, hồ sơ."],
        signer=Signer(authority="", title=title, name=letter.signer_name),
        year=letter.year,
    )


def apology_docx(letter: ApologyLetter, shown: Applicant) -> bytes:
    return render_docx(apology_document(letter, shown))
