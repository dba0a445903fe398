"""Excel export and the Word reports of seed 001 (Kế hoạch 12/KH-CAT, Phụ lục 03):

- Mẫu báo cáo số 01 — results of measuring citizens' and organisations' satisfaction (citizen questionnaire);
- Mẫu báo cáo số 02 — the organisations' opinions (Phiếu 01, Phiếu 02).

The plan names the forms without their layout, so the structure here (purpose, figures by dimension and by unit,
comments, proposals left for the unit to write) is the project's own, in the NĐ 30/2020 format of
``cchc.documents.official``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from cchc.core.excel import write_sheet
from cchc.documents.letterhead import place_of

from . import by_question, selectors
from .models import Kind

if TYPE_CHECKING:
    from cchc.documents.official import Block, Table


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def results_workbook(result: selectors.ResultSet) -> bytes:
    dims = [d.code for d in result.questionnaire.dimensions]
    titles = result.titles
    headers = ["Mã đơn vị", "Tên đơn vị", "Số phiếu", "Phiếu nghi vấn (không tính)", "Chỉ số hài lòng (%)"]
    for d in dims:
        headers += [
            f"{titles.get(d, d)} – số ý kiến",
            f"{titles.get(d, d)} – hài lòng",
            f"{titles.get(d, d)} – %",
        ]
    rows = []
    for row in result.rows:
        by = {d.code: d for d in row.result.dimensions}
        line = [row.unit.code, row.unit.name, row.result.responses, row.result.flagged, row.result.index]
        for d in dims:
            x = by.get(d)
            line += [x.answers if x else 0, x.satisfied if x else 0, x.percent if x else None]
        rows.append(line)
    return write_sheet("Kết quả khảo sát", headers, rows, widths=[16, 40] + [14] * (len(headers) - 2))


def _dimension_table(row: selectors.UnitRow, titles: dict[str, str]) -> Table:
    from cchc.documents.official import Table

    return Table(
        headers=["TT", "Yếu tố", "Số ý kiến", "Hài lòng, rất hài lòng", "Tỷ lệ (%)", "Điểm TB"],
        rows=[
            [
                str(i),
                titles.get(d.code, d.code),
                str(d.answers),
                str(d.satisfied),
                _pct(d.percent),
                _pct(d.mean),
            ]
            for i, d in enumerate(row.result.dimensions, start=1)
        ],
        widths_cm=[1.0, 6.5, 2.2, 2.8, 2.0, 1.8],
        font_pt=12,
    )


def _unit_table(result: selectors.ResultSet) -> Table:
    from cchc.documents.official import Table

    return Table(
        headers=["TT", "Đơn vị", "Số phiếu", "Chỉ số hài lòng (%)"],
        rows=[
            [str(i), r.unit.name, str(r.result.responses), _pct(r.result.index)]
            for i, r in enumerate(result.rows, start=1)
        ],
        widths_cm=[1.0, 9.5, 2.5, 3.3],
        font_pt=12,
    )


def _unit_dimension_table(result: selectors.ResultSet) -> Table:
    """Mẫu 02: one row per unit, the share satisfied per dimension and the index (sub-units included)."""
    from cchc.documents.official import Table

    dims = [d for d in result.questionnaire.dimensions if d.in_index]
    rows = []
    for i, r in enumerate(result.rows, start=1):
        by = {d.code: d for d in r.result.dimensions}
        rows.append(
            [str(i), r.unit.name, str(r.result.responses)]
            + [_pct(by[d.code].percent) if d.code in by else "—" for d in dims]
            + [_pct(r.result.index)]
        )
    width = max(1.2, 9.0 / max(len(dims), 1))
    return Table(
        headers=["TT", "Đơn vị", "Số phiếu", *[d.title for d in dims], "Chỉ số (%)"],
        rows=rows,
        widths_cm=[0.8, 4.5, 1.6, *[width] * len(dims), 1.8],
        font_pt=10,
    )


def _question_blocks(questions: list[by_question.QuestionResult]) -> list[Block]:
    """The answers per question and the respondents' profile (methodology §3.1), after the tables by unit."""
    from cchc.documents.official import Heading, Para, Table

    likert = [r for r in questions if r.question.type == "likert" and r.answered]
    choices = [r for r in questions if r.question.type in ("single", "multiple") and r.answered]
    blocks: list[Block] = []
    if likert:
        blocks += [
            Heading("KẾT QUẢ THEO CÂU HỎI", 2),
            Table(
                headers=["Câu", "Nội dung", "Số ý kiến", "Hài lòng (%)", "Điểm TB"],
                rows=[
                    [
                        r.question.key,
                        r.question.text,
                        str(r.answered),
                        _pct(r.satisfied_percent),
                        _pct(r.mean),
                    ]
                    for r in likert
                ],
                widths_cm=[1.2, 9.0, 2.0, 2.3, 1.8],
                font_pt=11,
            ),
        ]
    for r in choices:
        blocks += [
            Para(f"{r.question.text} ({r.answered} người trả lời):", bold=True),
            Table(
                headers=["Lựa chọn", "Số người", "Tỷ lệ (%)"],
                rows=[[o.label, str(o.count), _pct(o.percent)] for o in r.options],
                widths_cm=[9.0, 3.0, 3.0],
                font_pt=11,
            ),
        ]
    return blocks


def _document(
    root,
    result,
    comments_count: int,
    *,
    form_no: str,
    summary: str,
    intro: str,
    kind_label: str,
    questions: list[by_question.QuestionResult] | None = None,
):
    from cchc.documents.official import Heading, OfficialDocument, Para, Signer

    top = next((r for r in result.rows if r.unit.pk == root.pk), None)
    period = f"từ ngày {result.date_from:%d/%m/%Y} đến ngày {result.date_to:%d/%m/%Y}"
    body: list[Block] = [
        Para(intro + f" Kỳ báo cáo: {period}."),
        Heading("I. TỔNG QUAN", 1),
    ]
    if top is None:
        body.append(Para(f"Trong kỳ chưa có {kind_label} nào được ghi nhận."))
    else:
        body += [
            Para(
                f"Tổng số phiếu hợp lệ: {top.result.responses}; số phiếu nghi vấn chưa được chấp nhận (không tính vào "
                f"kết quả): {top.result.flagged}; số ý kiến góp ý bằng lời: {comments_count}."
            ),
            Para(f"Chỉ số hài lòng chung: {_pct(top.result.index)}%.", bold=True),
            Heading("II. KẾT QUẢ THEO YẾU TỐ", 1),
            _dimension_table(top, result.titles),
            Para(
                "Tỷ lệ hài lòng của yếu tố = số ý kiến Hài lòng và Rất hài lòng / tổng số ý kiến của yếu tố × 100; "
                "chỉ số hài lòng = trung bình cộng tỷ lệ của các yếu tố có ý kiến (không tính câu đánh giá chung).",
                italic=True,
            ),
        ]
        if form_no == "02":
            body += [
                Heading("III. KẾT QUẢ THEO ĐƠN VỊ", 1),
                Para("Tỷ lệ hài lòng (%) của từng yếu tố và chỉ số của mỗi đơn vị (gồm đơn vị cấp dưới)."),
                _unit_dimension_table(result),
            ]
        elif len(result.rows) > 1:
            body += [Heading("III. KẾT QUẢ THEO ĐƠN VỊ", 1), _unit_table(result)]
        body += _question_blocks(questions or [])
    body += [
        Heading("IV. ĐÁNH GIÁ, ĐỀ XUẤT", 1),
        Para("(Đơn vị bổ sung nhận xét, nguyên nhân và giải pháp nâng cao sự hài lòng.)", italic=True),
    ]
    return OfficialDocument(
        issuer=root.name.upper(),
        parent_body=(root.parent.name.upper() if root.parent_id else ""),
        symbol=f"BC-{root.short_code or root.code}",
        place=place_of(root),
        date=timezone.localdate(),
        doc_type="BÁO CÁO",
        summary=summary,
        body=body,
        recipients=["Như trên", "Lưu: VT"],
        signer=Signer(authority="", title="THỦ TRƯỞNG ĐƠN VỊ", name=""),
        appendix_note=None,
    )


def report_docx(user, root, date_from: date, date_to: date, form_no: int) -> bytes:
    from cchc.documents.official import render_docx

    kind = Kind.CITIZEN if form_no == 1 else Kind.ORGANISATION
    units = list(selectors.visible_units_under(user, root))
    result = selectors.unit_results(date_from=date_from, date_to=date_to, root=root, units=units, kind=kind)
    comments = selectors.comments(user, root=root, date_from=date_from, date_to=date_to).filter(
        survey__kind=kind
    )
    questions = selectors.question_results(root=root, date_from=date_from, date_to=date_to, kind=kind)
    if form_no == 1:
        doc = _document(
            root,
            result,
            comments.count(),
            form_no="01",
            summary="Kết quả đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan, đơn vị "
            "có chức năng giải quyết thủ tục hành chính (Mẫu báo cáo số 01)",
            intro="Thực hiện Kế hoạch đo lường, lấy ý kiến đánh giá sự hài lòng của cá nhân, tổ chức, "
            "đơn vị báo cáo kết quả khảo sát qua phiếu điện tử (mã QR), máy kiosk và phiếu giấy như sau.",
            kind_label="phiếu khảo sát",
            questions=questions,
        )
    else:
        doc = _document(
            root,
            result,
            comments.count(),
            form_no="02",
            summary="Kết quả lấy ý kiến đánh giá của cơ quan, tổ chức đối với kết quả thực hiện một số tiêu chí "
            "cải cách hành chính (Mẫu báo cáo số 02)",
            intro="Thực hiện Kế hoạch lấy ý kiến đánh giá của cơ quan, tổ chức (Phiếu 01, Phiếu 02), "
            "đơn vị tổng hợp kết quả như sau.",
            kind_label="phiếu lấy ý kiến",
            questions=questions,
        )
    return render_docx(doc)
