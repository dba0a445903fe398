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
from .models import ReportPeriod, Synthesis
from .outline import format_number
from .selectors import period_rows, synthesis_table, synthesis_values

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
NO_DATA = "chưa có dữ liệu"
TIMELINESS_LABEL = {ON_TIME: "Đúng hạn", LATE: "Muộn", MISSING: "Chưa gửi"}


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n") if p.strip()]


def synthesis_document(synthesis: Synthesis, rows=None, totals=None, fills: list[list[str]] | None = None):
    """The :class:`OfficialDocument` of a period's synthesis.

    With ``fills`` (a list to append to), each narrative field of several paragraphs is one placeholder paragraph
    whose texts are appended to ``fills``; :func:`synthesis_docx` copies the rendered paragraph for each of them
    (the same NĐ 30 body format, without rendering thousands of paragraphs one by one).
    """
    from cchc.documents.official import Block, Heading, OfficialDocument, Para, Signer, Table

    period = synthesis.period
    cycle = period.cycle
    office = cycle.office
    outline = cycle.template.outline
    if rows is None or totals is None:
        rows, totals = synthesis_table(period)
    values = synthesis_values(synthesis, totals)
    body: list[Block] = [
        Para(
            f"Thực hiện chế độ báo cáo định kỳ về công tác cải cách hành chính, {office.name} báo cáo kết quả "
            f"thực hiện công tác cải cách hành chính ({period.title.lower()}; số liệu tính từ ngày "
            f"{period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}; tổng hợp từ báo cáo của "
            f"{len(rows)} đơn vị) như sau:"
        )
    ]
    for i, section in enumerate(outline.sections):
        body.append(Heading(f"{ROMAN[i] if i < len(ROMAN) else i + 1}. {section.title.upper()}", level=1))
        for field in section.narratives:
            texts = _paragraphs(synthesis.narratives.get(field.key, ""))
            if len(section.narratives) > 1:
                body.append(Heading(field.label, level=2))
            if not texts:
                body.append(Para("(Không có nội dung.)", italic=True))
            elif fills is not None and len(texts) > 1:
                body.append(Para(_marker(len(fills))))
                fills.append(texts)
            else:
                body.extend(Para(t) for t in texts)
        if section.numbers:
            table_rows = []
            for n, f in enumerate(section.numbers, 1):
                v = values.get(f.key)
                note = (synthesis.overrides.get(f.key) or {}).get("note", "")
                table_rows.append([str(n), f.label, format_number(v) if v is not None else NO_DATA, note])
            body.append(
                Table(
                    ["TT", "Chỉ tiêu", "Số liệu", "Ghi chú"],
                    table_rows,
                    widths_cm=[1.2, 8.8, 2.8, 3.2],
                    align=["center", "left", "right", "left"],
                )
            )
    annex = [
        Table(
            ["Chỉ tiêu", "Tổng hợp"],
            [
                [f.label, format_number(values.get(f.key)) if values.get(f.key) is not None else NO_DATA]
                for f in outline.number_fields
            ],
            widths_cm=[12, 4],
            align=["left", "right"],
        )
    ]
    return OfficialDocument(
        issuer=office.name,
        parent_body=office.parent.name if office.parent is not None else "",
        symbol=synthesis.symbol or f"BC-{office.short_code or office.code}",
        number=synthesis.number or None,
        place=synthesis.place,
        date=synthesis.doc_date,
        doc_type="BÁO CÁO",
        summary=f"Kết quả thực hiện công tác cải cách hành chính {_lower_first(period.title.removeprefix('Báo cáo '))}",
        body=body,
        recipients=_paragraphs(synthesis.recipients),
        signer=Signer(
            authority=synthesis.signer_authority, title=synthesis.signer_title, name=synthesis.signer_name
        ),
        appendix_title="SỐ LIỆU TỔNG HỢP",
        appendix=annex,
        year=period.due.year,
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _marker(i: int) -> str:
    return f"[[cchc-reports-fill-{i}]]"


def synthesis_docx(synthesis: Synthesis, rows=None, totals=None) -> bytes:
    """The synthesis as Word: rendered by :mod:`cchc.documents.official`; the placeholder paragraph of each
    gathered narrative field is then repeated (an XML copy keeps its formatting) once per paragraph of text."""
    from cchc.documents.official import build_docx

    fills: list[list[str]] = []
    document = build_docx(synthesis_document(synthesis, rows, totals, fills=fills))
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
        ["TT", "Mã đơn vị", "Đơn vị"] + [f.label for f in fields] + ["Số liệu đơn vị điều chỉnh (lý do)"]
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

    for i, (unit, vals, notes) in enumerate(rows, 1):
        adjusted = "; ".join(f"{labels[k]}: {n}" for k, n in notes.items() if k in labels)
        append([i, unit.code, unit.name] + [num(vals.get(f.key)) for f in fields] + [adjusted])
    append(["", "", "Tổng cộng"] + [num(totals.get(f.key)) if f.sum == "sum" else None for f in fields])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    if synthesis.overrides:
        append(["", "", "Số liệu báo cáo (sau điều chỉnh)"] + [num(values.get(f.key)) for f in fields])
        append(
            ["", "", "Ghi chú điều chỉnh"]
            + [(synthesis.overrides.get(f.key) or {}).get("note", "") for f in fields]
        )
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 36
    for col in range(4, len(headers)):
        ws.column_dimensions[get_column_letter(col)].width = 16
    ws.column_dimensions[get_column_letter(len(headers))].width = 50
    ws.freeze_panes = "D4"
    return workbook_bytes(wb)


def period_xlsx(period: ReportPeriod, under=None, only: str = "", text: str = "") -> bytes:
    from cchc.core.excel import write_sheet

    rows = [
        [
            r.submission.unit.code,
            r.submission.unit.name,
            r.submission.get_status_display(),
            timezone.localtime(r.submission.first_submitted_at).replace(tzinfo=None)
            if r.submission.first_submitted_at
            else None,
            TIMELINESS_LABEL[r.timeliness],
        ]
        for r in period_rows(period, under, only, text)
    ]
    return write_sheet(
        "Tinh hinh nop",
        ["Mã đơn vị", "Đơn vị", "Trạng thái", "Gửi lúc", "Đúng hạn / muộn"],
        rows,
        widths=[16, 40, 28, 20, 16],
    )
