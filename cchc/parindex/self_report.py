"""The unit's self-assessment report (Báo cáo kết quả tự đánh giá, chấm điểm) as Word, in NĐ 30/2020 format.

It holds what Công văn 383/384/BNV-CCHC asks of the report (methodology §2.1): (1) the summary table of the self
scores, (2) the explanations — how each criterion was met, why evidence is missing, the "hạ chuẩn" requests — and
(3) "khó khăn, kiến nghị"; the appendix lists every criterion with its self score and evidence.
"""

from __future__ import annotations

from cchc.documents.letterhead import place_of
from cchc.documents.official import Block, Heading, OfficialDocument, Para, Signer, Table, render_docx

from . import results
from .announce import _pts
from .models import Assessment


def self_report_document(assessment: Assessment) -> OfficialDocument:
    rnd = assessment.round
    fw = rnd.framework
    unit = assessment.unit
    result = results.unit_result(assessment, "self")
    body: list[Block] = [
        Para(
            f"Thực hiện {rnd.name}, {unit.name} báo cáo kết quả tự đánh giá, chấm điểm xác định Chỉ số cải cách "
            f"hành chính năm {fw.year} (tài liệu kiểm chứng từ ngày {rnd.evidence_from:%d/%m/%Y} đến ngày "
            f"{rnd.evidence_to:%d/%m/%Y}) như sau:"
        ),
        Heading("I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", level=2),
    ]
    if result is not None:
        body.append(
            Para(
                f"Tổng điểm tự chấm: {_pts(result.achieved)}/{_pts(result.max)} điểm; chỉ số tự đánh giá: "
                f"{_pts(result.index)}% ({result.band or '—'}). Các tiêu chí đo bằng khảo sát không tự chấm."
            )
        )
        rows = [[f.code, f.title, _pts(f.max), _pts(f.achieved), _pts(f.percent)] for f in result.fields]
        rows.append(["", "Tổng cộng", _pts(result.max), _pts(result.achieved), _pts(result.index)])
        body.append(
            Table(
                headers=["Mã", "Lĩnh vực", "Điểm tối đa", "Điểm tự chấm", "Tỷ lệ (%)"],
                rows=rows,
                widths_cm=[1.5, 8.5, 2, 2, 2],
                align=["center", "left", "right", "right", "right"],
            )
        )
    body.append(Heading("II. GIẢI TRÌNH", level=2))
    explained = 0
    evidence: dict[int, list[str]] = {}
    for e in assessment.evidence.all():
        label = e.title + (
            f" (số {e.doc_number}" + (f", ngày {e.doc_date:%d/%m/%Y})" if e.doc_date else ")")
            if e.doc_number
            else ""
        )
        evidence.setdefault(e.criterion_id, []).append(label)
    scores = list(assessment.scores.select_related("criterion").order_by("criterion__position"))
    for s in scores:
        parts = []
        if s.self_note:
            parts.append(f"Kết quả: {s.self_note}")
        if s.no_evidence_note and not evidence.get(s.criterion_id):
            parts.append(f"Không có tài liệu kiểm chứng vì: {s.no_evidence_note}")
        if s.na_requested:
            parts.append(f"Đề nghị hạ chuẩn: {s.na_reason}")
        if parts:
            explained += 1
            body.append(
                Para(f"- Tiêu chí {s.criterion.code} ({s.criterion.title}): " + "; ".join(parts) + ".")
            )
    if not explained:
        body.append(Para("Không có nội dung giải trình."))
    body.append(Heading("III. KHÓ KHĂN, KIẾN NGHỊ", level=2))
    body.append(Para(assessment.summary.strip() or "Không có."))
    appendix_rows = [
        [
            s.criterion.code,
            s.criterion.title,
            _pts(s.criterion.max_points),
            "Đo bằng khảo sát" if s.criterion.survey_measured else _pts(s.self_score),
            "; ".join(evidence.get(s.criterion_id, [])) or s.no_evidence_note,
        ]
        for s in scores
    ]
    owner = unit.parent.name.upper() if unit.parent is not None else ""
    approved = assessment.approved_by.display_name if assessment.approved_by else ""
    return OfficialDocument(
        parent_body=owner,
        issuer=unit.name.upper(),
        symbol=f"BC-{unit.short_code or unit.code}",
        place=place_of(rnd.owner_unit),
        date=assessment.approved_at.date() if assessment.approved_at else None,
        doc_type="BÁO CÁO",
        summary=f"Kết quả tự đánh giá, chấm điểm xác định Chỉ số cải cách hành chính năm {fw.year}",
        body=body,
        recipients=[f"{rnd.owner_unit.name} (để tổng hợp);", "Lưu: VT."],
        signer=Signer(title="THỦ TRƯỞNG ĐƠN VỊ", name=approved),
        appendix_title=f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {fw.year}",
        landscape_appendix=True,
        appendix=[
            Table(
                headers=["Mã", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Tài liệu kiểm chứng"],
                rows=appendix_rows,
                widths_cm=[1.8, 11, 2, 2.2, 8],
                align=["center", "left", "right", "right", "left"],
            )
        ],
        year=fw.year,
    )


def self_report_docx(assessment: Assessment) -> bytes:
    return render_docx(self_report_document(assessment))
