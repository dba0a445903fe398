"""The answer letter to the sender (công văn trả lời, NĐ 30/2020 format) as a Word document, numbered from the
unit's outgoing register when the head approves it."""

from __future__ import annotations

from cchc.core.privacy import Applicant
from cchc.documents.official import OfficialDocument, Para, render_docx
from cchc.documents.signers import default_signer
from cchc.workdays.calendar import to_local

from .models import Record


def answer_document(record: Record, shown: Applicant) -> OfficialDocument:
    """``shown``: the sender as the person printing may see them (masked outside their reach, NĐ 13/2023)."""
    unit = record.unit
    parent = unit.parent.name.upper() if unit.parent is not None else ""
    issued = record.answer_document
    received = to_local(record.received_at)
    body = [
        Para(
            f"{unit.name} nhận được phản ánh, kiến nghị của Ông/Bà {shown.name or ''} (mã {record.code}, "
            f"vào sổ tiếp nhận số {record.register_label}) gửi ngày {received:%d/%m/%Y} về việc: {record.title}."
        ),
        Para("Sau khi xem xét, " + unit.name + " trả lời như sau:"),
        *[Para(line) for line in record.answer.splitlines() if line.strip()],
        Para(
            "Kết quả xử lý được công khai trên trang thông tin của cơ quan. Ông/Bà có thể theo dõi và phản ánh "
            "tiếp về kết quả tại mục Tra cứu phản ánh, kiến nghị bằng mã và số điện thoại đã gửi."
        ),
        Para(f"{unit.name} trân trọng thông báo để Ông/Bà được biết./."),
    ]
    addressee = f"Ông/Bà {shown.name}" if shown.name else "Ông/Bà"
    if shown.address:
        addressee += f" — địa chỉ: {shown.address}"
    signer = default_signer(unit, record.answer_signer)
    return OfficialDocument(
        issuer=unit.name.upper(),
        parent_body=parent,
        symbol=issued.symbol if issued else (unit.short_code or unit.code),
        number=issued.number if issued else None,
        place="",
        date=issued.issued_on if issued else None,
        doc_type="",
        summary=f"Trả lời phản ánh, kiến nghị {record.code}",
        addressees=[addressee],
        body=body,
        recipients=["Như trên;", "Lưu: VT, hồ sơ PAKN."],
        signer=signer,
    )


def answer_docx(record: Record, shown: Applicant) -> bytes:
    return render_docx(answer_document(record, shown))
