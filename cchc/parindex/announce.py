"""The announcement of a published round (Quyết định công bố Chỉ số CCHC) as Word, via cchc.documents.official."""

from __future__ import annotations

from cchc.documents.official import Block, Heading, OfficialDocument, Para, Signer, Table, render_docx
from cchc.orgs.models import OrgUnit, Role
from cchc.orgs.scope import scope_for

from .models import ResultVersion, Round


def _pts(value) -> str:
    if value is None:
        return "—"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


DEFAULT_BASIS = (
    "Căn cứ Thông tư số 07/2022/TT-BCA ngày 09/6/2022 của Bộ trưởng Bộ Công an quy định tiêu chí cải cách hành "
    "chính và xác định Chỉ số cải cách hành chính trong Công an nhân dân (sửa đổi, bổ sung bởi Thông tư số "
    "54/2024/TT-BCA và Thông tư số 77/2025/TT-BCA);"
)


def _basis_lines(rnd: Round) -> list[str]:
    """The round's own "Căn cứ …" lines (one per line), else the police index's Thông tư."""
    lines = [" ".join(line.split()) for line in rnd.legal_basis.splitlines() if line.strip()]
    lines = [line if line.startswith("Căn cứ") else f"Căn cứ {line}" for line in lines]
    return [line if line.endswith(";") else f"{line};" for line in lines] or [DEFAULT_BASIS]


def _proposer(version: ResultVersion) -> str:
    """ "Theo đề nghị của …": the unit of the coordinator who submitted the results (its head's title)."""
    user = version.requested_by
    if user is None:
        return "Hội đồng thẩm định Chỉ số cải cách hành chính"
    units = scope_for(user).units_with(Role.COORDINATOR).unit_ids
    unit = OrgUnit.objects.filter(pk__in=units).order_by("path").first()
    if unit is None:
        return "Hội đồng thẩm định Chỉ số cải cách hành chính"
    return f"Thủ trưởng {unit.name} và Hội đồng thẩm định Chỉ số cải cách hành chính"


def announcement_document(rnd: Round, version: ResultVersion) -> OfficialDocument:
    fw = rnd.framework
    owner = rnd.owner_unit
    parent = owner.parent.name.upper() if owner.parent is not None else ""
    units = version.document["units"]
    year = fw.year
    authority = f"GIÁM ĐỐC {owner.name.upper()}"
    body: list[Block] = [
        Para(authority, bold=True, align="center", indent=False),
        *[Para(line) for line in _basis_lines(rnd)],
        Para(
            f"Căn cứ kết quả tự đánh giá, thẩm định lần 1, giải trình và thẩm định lần 2 của Hội đồng thẩm định "
            f"đối với Công an các đơn vị, địa phương (tài liệu kiểm chứng từ ngày "
            f"{rnd.evidence_from:%d/%m/%Y} đến ngày {rnd.evidence_to:%d/%m/%Y});"
        ),
        Para(f"Căn cứ Bộ tiêu chí: {fw.name} (phiên bản {fw.version});"),
        Para(f"Theo đề nghị của {_proposer(version)}."),
        Heading("QUYẾT ĐỊNH:", level=1),
        Para(
            f"Điều 1. Công bố Chỉ số cải cách hành chính năm {year} của {len(units)} đơn vị, địa phương "
            f"(Phụ lục kèm theo)."
        ),
        Para(
            "Điều 2. Chỉ số CCHC = (Tổng điểm đạt được của các tiêu chí + điểm thưởng − điểm phạt) / "
            "Tổng điểm chuẩn của các tiêu chí áp dụng × 100%; xếp loại: "
            + "; ".join(f"{b['name']}: từ {_pts(b['min'])}" for b in version.document.get("bands", []))
            + "."
        ),
        Para(
            "Điều 3. Kết quả là căn cứ bình xét thi đua; Công an các đơn vị, địa phương không dùng kết quả "
            "tự đánh giá để bình xét thi đua."
        ),
        Para(
            "Điều 4. Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng Công an các đơn vị, địa phương và các "
            "tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này."
        ),
    ]
    if version.number > 1:
        body.append(
            Para(
                f"Quyết định này đính chính kết quả đã công bố (phiên bản {version.number}). Lý do: {version.reason}"
            )
        )
    if fw.is_sample:
        body.append(
            Para(
                "Ghi chú: bộ tiêu chí là mẫu tham khảo, cần thay bằng bảng tiêu chí chính thức.", italic=True
            )
        )
    rows = [
        [str(u["rank"]), u["name"], _pts(u["achieved"]), _pts(u["max"]), _pts(u["bonus"]), _pts(u["penalty"]),
         _pts(u["index"]), u["band"] or ""]
        for u in units
    ]  # fmt: skip
    appendix = [
        Table(
            headers=[
                "Xếp hạng",
                "Đơn vị",
                "Điểm đạt",
                "Điểm chuẩn",
                "Thưởng",
                "Phạt",
                "Chỉ số (%)",
                "Xếp loại",
            ],
            rows=rows,
            widths_cm=[1.8, 8, 2, 2, 1.7, 1.7, 2.2, 4],
            align=["center", "left", "right", "right", "right", "right", "right", "left"],
        )
    ]
    place = owner.name
    for prefix in ("Công an thành phố ", "Công an tỉnh ", "Công an "):
        if place.startswith(prefix):
            place = place.removeprefix(prefix)
            break
    return OfficialDocument(
        issuer=owner.name.upper(),
        place=place,
        parent_body=parent,
        symbol=f"QĐ-{owner.short_code or owner.code}",
        doc_type="QUYẾT ĐỊNH",
        summary=f"Công bố Chỉ số cải cách hành chính năm {year} của Công an các đơn vị, địa phương",
        date=version.published_at.date(),
        body=body,
        recipients=["Như Điều 1", "Lưu: VT"],
        signer=Signer(title="GIÁM ĐỐC"),
        appendix_title=f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}",
        landscape_appendix=True,
        appendix=appendix,
        year=year,
    )


def announcement_docx(rnd: Round, version: ResultVersion) -> bytes:
    return render_docx(announcement_document(rnd, version))
