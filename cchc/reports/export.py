"""The synthesis as an official report (Word, NĐ 30/2020) with its numeric annex (Excel); period lists to Excel."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cchc.core.excel import active_sheet
from cchc.core.safe_text import safe_cell, safe_xml_text, workbook_bytes

from .completeness import LATE, MISSING, ON_TIME
from .models import COUNTED, ReportDocument, ReportPeriod, Submission, Synthesis
from .outline import format_number
from .selectors import period_rows, submission_values, synthesis_table, synthesis_values

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
TIMELINESS_LABEL = {ON_TIME: "Đúng hạn", LATE: "Muộn", MISSING: "Chưa gửi"}


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n") if p.strip()]


def _number_table(section, values, notes: dict[str, str]):
    """The section's figures as a table; a figure nobody reported is left out (never "chưa có dữ liệu" in an
    official text). None when no figure of the section is known."""
    from cchc.documents.official import Table

    rows: list[list[str]] = []
    for f in section.numbers:
        v = values.get(f.key)
        if v is None:
            continue
        rows.append([str(len(rows) + 1), f.label, format_number(v), notes.get(f.key, "")])
    if not rows:
        return None
    return Table(
        ["TT", "Chỉ tiêu", "Số liệu", "Ghi chú"],
        rows,
        widths_cm=[1.2, 8.8, 2.8, 3.2],
        align=["center", "left", "right", "left"],
    )


def _report_body(outline, narratives, values, notes, fills: list[list[str]] | None) -> list:
    """Sections I, II, … of a report: each narrative field's paragraphs (an empty one is left out), then the
    section's known figures."""
    from cchc.documents.official import Heading, Para

    body: list = []
    for i, section in enumerate(outline.sections):
        body.append(Heading(f"{ROMAN[i] if i < len(ROMAN) else i + 1}. {section.title.upper()}", level=1))
        for field in section.narratives:
            texts = _paragraphs(narratives.get(field.key, ""))
            if not texts:
                continue
            if len(section.narratives) > 1:
                body.append(Heading(field.label, level=2))
            if fills is not None and len(texts) > 1:
                body.append(Para(_marker(len(fills))))
                fills.append(texts)
            else:
                body.extend(Para(t) for t in texts)
        table = _number_table(section, values, notes)
        if table is not None:
            body.append(table)
    return body


def synthesis_document(synthesis: Synthesis, rows=None, totals=None, fills: list[list[str]] | None = None):
    """The :class:`OfficialDocument` of a period's synthesis.

    With ``fills`` (a list to append to), each narrative field of several paragraphs is one placeholder paragraph
    whose texts are appended to ``fills``; :func:`synthesis_docx` copies the rendered paragraph for each of them
    (the same NĐ 30 body format, without rendering thousands of paragraphs one by one).
    """
    from cchc.documents.letterhead import letterhead
    from cchc.documents.official import OfficialDocument, Para, Table

    period = synthesis.period
    cycle = period.cycle
    office = cycle.office
    outline = cycle.template.outline
    if rows is None or totals is None:
        rows, totals = synthesis_table(period)
    values = synthesis_values(synthesis, totals)
    missing = [s.unit for s in period.submissions.exclude(status__in=COUNTED).select_related("unit")]
    expected = len(rows) + len(missing)
    intro = (
        f"Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, {office.name} báo cáo kết quả "
        f"thực hiện công tác cải cách hành chính ({period.title.lower()}; số liệu tính từ ngày "
        f"{period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}; tổng hợp từ báo cáo của "
        f"{len(rows)}/{expected} đơn vị) như sau:"
    )
    body: list = [Para(intro)]
    body.extend(
        _report_body(
            outline,
            synthesis.narratives,
            values,
            {k: (ov or {}).get("note", "") for k, ov in (synthesis.overrides or {}).items()},
            fills,
        )
    )
    if missing:
        names = ", ".join(u.name for u in missing[:30]) + (
            f" và {len(missing) - 30} đơn vị khác" if len(missing) > 30 else ""
        )
        body.append(
            Para(
                f"Đến thời điểm tổng hợp, còn {len(missing)} đơn vị chưa gửi báo cáo được thủ trưởng đơn vị "
                f"duyệt: {names}."
            )
        )
    known = [f for f in outline.number_fields if values.get(f.key) is not None]
    annex = (
        [
            Table(
                ["Chỉ tiêu", "Tổng hợp"],
                [[f.label, format_number(values.get(f.key))] for f in known],
                widths_cm=[12, 4],
                align=["left", "right"],
            )
        ]
        if known
        else []
    )
    head = letterhead(office)
    return OfficialDocument(
        issuer=office.name,
        parent_body=head.parent_body,
        symbol=synthesis.symbol or f"BC-{head.symbol}",
        number=synthesis.number or None,
        place=synthesis.place or head.place,
        date=synthesis.doc_date,
        doc_type="BÁO CÁO",
        summary=f"Kết quả thực hiện công tác cải cách hành chính {_lower_first(period.title.removeprefix('Báo cáo '))}",
        body=body,
        recipients=_paragraphs(synthesis.recipients) or [head.storage_line()],
        signer=_signer(office, synthesis),
        appendix_title="SỐ LIỆU TỔNG HỢP" if annex else None,
        appendix=annex,
        year=period.due.year,
    )


def _signer(unit, record):
    """The record's signer block, else the usual one of the unit (KT. … / PHÓ …)."""
    from cchc.documents.format import authority_prefix
    from cchc.documents.official import Signer
    from cchc.documents.signers import default_signer

    usual = default_signer(unit)
    authority, title = record.signer_authority.strip(), record.signer_title.strip()
    if not authority and not title:
        return Signer(authority=usual.authority, title=usual.title, name=record.signer_name)
    # "KT. GIÁM ĐỐC" needs the signer's own title below it (NĐ 30/2020): the usual one when left blank
    if not title and authority_prefix(authority) in ("TM.", "KT.", "TL.", "TUQ."):
        title = usual.title
    return Signer(authority=authority, title=title, name=record.signer_name)


def submission_document(
    submission: Submission, document: ReportDocument, fills: list[list[str]] | None = None
):
    """A unit's report as an official document (NĐ 30/2020): the unit's header, its number from the register
    (blank for the văn thư before one is taken), place and date, body, "Nơi nhận" and signer."""
    from cchc.documents.letterhead import letterhead
    from cchc.documents.official import OfficialDocument, Para

    from .services import report_summary

    period = submission.period
    unit = submission.unit
    head = letterhead(unit)
    outline = submission.template.outline
    values = submission_values(submission)
    notes = {k: ov.get("note", "") for k, ov in submission.overrides.items() if ov.get("value")}
    body: list = [
        Para(
            f"Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính của {period.cycle.office.name}, "
            f"{unit.name} báo cáo kết quả thực hiện công tác cải cách hành chính ({period.title.lower()}; số liệu "
            f"tính từ ngày {period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}) như sau:"
        )
    ]
    body.extend(_report_body(outline, submission.narratives, values, notes, fills))
    issued = document.issued if document.issued_id else None
    return OfficialDocument(
        issuer=unit.name,
        parent_body=head.parent_body,
        symbol=issued.symbol if issued else f"BC-{head.symbol}",
        number=issued.number if issued else None,
        place=document.place or head.place,
        date=document.doc_date,
        doc_type="BÁO CÁO",
        summary=report_summary(period),
        body=body,
        recipients=_paragraphs(document.recipients) or [head.storage_line()],
        signer=_signer(unit, document),
        year=period.due.year,
    )


def submission_docx(submission: Submission, document: ReportDocument) -> bytes:
    return _docx_with_fills(lambda fills: submission_document(submission, document, fills=fills))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _marker(i: int) -> str:
    return f"[[cchc-reports-fill-{i}]]"


def synthesis_docx(synthesis: Synthesis, rows=None, totals=None) -> bytes:
    return _docx_with_fills(lambda fills: synthesis_document(synthesis, rows, totals, fills=fills))


def _docx_with_fills(make) -> bytes:
    """Rendered by :mod:`cchc.documents.official`; the placeholder paragraph of each narrative field of several
    paragraphs is then repeated (an XML copy keeps its formatting) once per paragraph of text."""
    from cchc.documents.official import build_docx

    fills: list[list[str]] = []
    document = build_docx(make(fills))
    if fills:
        _fill_placeholders(document, fills)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _fill_placeholders(document, fills: list[list[str]]) -> None:
    from copy import deepcopy

    from docx.oxml.ns import qn

    wanted = {_marker(i): texts for i, texts in enumerate(fills)}
    for p in list(document.element.body.iterchildren(qn("w:p"))):
        ts = p.findall(".//" + qn("w:t"))
        if len(ts) != 1 or ts[0].text not in wanted:
            continue
        texts = wanted.pop(ts[0].text)
        _set_text(ts[0], texts[0])
        previous = p
        for text in texts[1:]:
            copy = deepcopy(p)
            _set_text(copy.find(".//" + qn("w:t")), text)
            previous.addnext(copy)
            previous = copy
        if not wanted:
            break


def _set_text(t, text: str) -> None:
    t.text = safe_xml_text(text)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def synthesis_xlsx(synthesis: Synthesis, rows=None, totals=None) -> bytes:
    """Annex: one row per unit that sent its report, one column per figure, the sums (and overrides) below."""
    period = synthesis.period
    outline = period.cycle.template.outline
    if rows is None or totals is None:
        rows, totals = synthesis_table(period)
    values = synthesis_values(synthesis, totals)
    fields = outline.number_fields
    wb = Workbook()
    ws = active_sheet(wb)
    ws.title = "Phu luc so lieu"

    def append(row: list) -> None:
        ws.append([safe_cell(v) for v in row])

    append([f"{period.title} — {period.cycle.office.name}"])
    ws["A1"].font = Font(bold=True, size=13)
    append([f"Số liệu từ {period.data_from:%d/%m/%Y} đến {period.data_to:%d/%m/%Y}"])
    labels = {f.key: f.label for f in fields}
    headers = (
        ["TT", "Mã đơn vị", "Đơn vị", "Tình trạng báo cáo"]
        + [f.label for f in fields]
        + ["Số liệu đơn vị điều chỉnh (lý do)"]
    )
    append(headers)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        cell.alignment = Alignment(wrap_text=True, vertical="center")

    def num(v: Decimal | None):
        if v is None:
            return None
        return int(v) if v == v.to_integral_value() else float(v)

    counted = {unit.pk: (vals, notes) for unit, vals, notes in rows}
    grey = Font(italic=True, color="808080")
    subs = period.submissions.select_related("unit").order_by("unit__path")
    for i, sub in enumerate(subs, 1):  # every unit of the cycle, those that did not report marked
        if sub.unit_id in counted:
            vals, notes = counted[sub.unit_id]
            adjusted = "; ".join(f"{labels[k]}: {n}" for k, n in notes.items() if k in labels)
            append(
                [i, sub.unit.code, sub.unit.name, str(sub.get_status_display())]
                + [num(vals.get(f.key)) for f in fields]
                + [adjusted]
            )
        else:
            append([i, sub.unit.code, sub.unit.name, not_counted_label(sub)] + [None for _f in fields] + [""])
            for cell in ws[ws.max_row]:
                cell.font = grey
    append(
        ["", "", "Tổng cộng", f"{len(counted)}/{subs.count()} đơn vị"]
        + [num(totals.get(f.key)) if f.sum == "sum" else None for f in fields]
    )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    if synthesis.overrides:
        append(["", "", "Số liệu báo cáo (sau điều chỉnh)", ""] + [num(values.get(f.key)) for f in fields])
        append(
            ["", "", "Ghi chú điều chỉnh", ""]
            + [(synthesis.overrides.get(f.key) or {}).get("note", "") for f in fields]
        )
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 36
    ws.column_dimensions["D"].width = 30
    for col in range(5, len(headers)):
        ws.column_dimensions[get_column_letter(col)].width = 16
    ws.column_dimensions[get_column_letter(len(headers))].width = 50
    ws.freeze_panes = "E4"
    return workbook_bytes(wb)


def not_counted_label(sub: Submission) -> str:
    """How the annex marks a unit whose report does not count."""
    if sub.status == "submitted":
        return "Chưa gửi (chờ thủ trưởng duyệt)"
    if sub.status == "returned":
        return "Chưa gửi (bị trả lại)"
    return "Chưa gửi báo cáo"


def period_xlsx(period: ReportPeriod, under=None, only: str = "", text: str = "", status: str = "") -> bytes:
    from cchc.core.excel import write_sheet

    rows = [
        [
            r.submission.unit.code,
            r.submission.unit.name,
            r.submission.get_status_display(),
            timezone.localtime(r.submission.first_approved_at).replace(tzinfo=None)
            if r.submission.counted and r.submission.first_approved_at
            else None,
            TIMELINESS_LABEL[r.timeliness],
            r.overdue_days or None,
        ]
        for r in period_rows(period, under, only, text, status)
    ]
    return write_sheet(
        "Tinh hinh nop",
        [
            "Mã đơn vị",
            "Đơn vị",
            "Trạng thái",
            "Thủ trưởng duyệt lúc",
            "Đúng hạn / muộn",
            "Quá hạn (ngày làm việc)",
        ],
        rows,
        widths=[16, 40, 28, 20, 16, 14],
    )
