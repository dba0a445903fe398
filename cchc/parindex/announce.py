"""The announcement of a published round (Quyết định công bố Chỉ số CCHC) as Word, via cchc.documents.official."""

from __future__ import annotations

from cchc.documents.official import Block, Heading, OfficialDocument, Para, Signer, Table, render_docx

from .models import ResultVersion, Round


def _pts(value) -> str:
    if value is None:
        return "—"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def announcement_document(rnd: Round, version: ResultVersion) -> OfficialDocument:
    fw = rnd.framework
    owner = rnd.owner_unit
    parent = owner.parent.name.upper() if owner.parent is not None else ""
    units = version.document["units"]
    year = fw.year
    body: list[Block] = [
        Para(
            f"Căn cứ kết quả tự đánh giá, thẩm định lần 1, giải trình và thẩm định lần 2 của Hội đồng thẩm định "
            f"đối với Công an các đơn vị, địa phương (tài liệu kiểm chứng từ ngày "
            f"{rnd.evidence_from:%d/%m/%Y} đến ngày {rnd.evidence_to:%d/%m/%Y});"
        ),
        Para(f"Căn cứ Bộ tiêu chí: {fw.name} (phiên bản {fw.version});"),
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
