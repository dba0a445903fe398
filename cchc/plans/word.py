"""Word documents of the plans module in the Nghị định 30/2020 format (through :mod:`cchc.documents.official`):
the plan with its task appendix laid out like the seeds (landscape), and the reminder letter (văn bản đôn đốc)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from cchc.documents.format import upper_vn
from cchc.documents.letterhead import place_of
from cchc.documents.official import Block, Heading, OfficialDocument, Para, Table, render_docx
from cchc.documents.signers import default_signer

from .models import Plan, Task

_TOP_HEADING = re.compile(r"^[IVX]{1,4}\s*[.:-]")


def _number_symbol(doc_number: str) -> tuple[str | None, str]:
    """ "447/KH-CAHP-PV01" → ("447", "KH-CAHP-PV01"); "/KH-UBND" or "" → (None, …)."""
    number, sep, symbol = (doc_number or "").partition("/")
    if not sep:
        return None, doc_number or "KH"
    number = number.replace("Số", "").replace(":", "").strip()
    return (number or None), symbol.strip()


def _units(task: Task, role: str) -> str:
    return "\n".join(r.text for r in task.unit_refs.all() if r.role == role)


def _plan_body(plan: Plan, n_tasks: int) -> list[Block]:
    """The plan's own text as imported (the basis, sections I–III with each unit's duties), paragraph by paragraph;
    a plan typed on the platform gets the usual sections built from its fields."""
    if plan.document_text:
        out: list[Block] = []
        for p in plan.document_text:
            text = str(p.get("text") or "")
            if p.get("heading") and _TOP_HEADING.match(text):
                out.append(Heading(text, level=1))
            elif p.get("heading"):
                out.append(Heading(text, level=2))
            else:
                out.append(Para(text))
        return out
    body: list[Block] = []
    if plan.basis:
        body.append(Para(plan.basis))
    body += [
        Heading("I. NHIỆM VỤ TRỌNG TÂM VÀ PHÂN CÔNG THỰC HIỆN", level=1),
        Para(
            f"Các nhiệm vụ trọng tâm và phân công thực hiện tại Phụ lục kèm theo Kế hoạch này ({n_tasks} nhiệm vụ)."
        ),
        Heading("II. TỔ CHỨC THỰC HIỆN", level=1),
        Para(
            "Các đơn vị được giao chủ trì, phối hợp tổ chức thực hiện các nhiệm vụ đúng thời hạn; báo cáo tiến độ, "
            "kết quả kèm minh chứng trên hệ thống theo định kỳ; nhiệm vụ thường xuyên báo cáo theo từng kỳ."
        ),
    ]
    if plan.subplan_due:
        body.append(
            Para(f"Các đơn vị xây dựng, ban hành kế hoạch thực hiện trước ngày {plan.subplan_due:%d/%m/%Y}.")
        )
    elif plan.subplan_days:
        body.append(
            Para(
                f"Các đơn vị xây dựng kế hoạch thực hiện trong vòng {plan.subplan_days} ngày kể từ ngày nhận được "
                "Kế hoạch này."
            )
        )
    return body


def _store_line(plan: Plan) -> str:
    """ "Lưu: VT, PV01." — the archive and the drafting unit's short code, as the plan's ký hiệu ends
    ("447/KH-CAHP-PV01" → PV01), else the issuer's own short code (NĐ 30/2020)."""
    _n, symbol = _number_symbol(plan.doc_number)
    parts = [p for p in symbol.split("-") if p]
    code = parts[-1] if len(parts) >= 3 else (plan.issuer.short_code or plan.issuer.code.rsplit(".", 1)[-1])
    return f"Lưu: VT, {code}."


def plan_docx(plan: Plan) -> bytes:
    issuer = plan.issuer
    number, symbol = _number_symbol(plan.doc_number)
    tasks = list(plan.tasks.select_related("section").prefetch_related("unit_refs").order_by("order"))
    rows: list[list[str]] = []
    section_id = object()
    for t in tasks:
        if t.section_id != section_id and t.section is not None:
            rows.append([t.section.code, upper_vn(t.section.title), "", "", "", ""])
        section_id = t.section_id
        content = t.content
        if t.target:
            content += f"\nChỉ tiêu: {t.target}"
        if t.leader:
            content += f"\nLãnh đạo phụ trách: {t.leader}"
        rows.append([t.code, content, _units(t, "lead"), _units(t, "coordinate"), t.deadline_text, t.product])
    body = _plan_body(plan, len(tasks))
    doc = OfficialDocument(
        parent_body=upper_vn(issuer.parent.name) if issuer.parent else "",
        issuer=upper_vn(plan.issuer_name or issuer.name),
        number=number,
        symbol=symbol or "KH",
        place=place_of(issuer),
        date=plan.issue_date,
        year=plan.year,
        doc_type="KẾ HOẠCH",
        summary=plan.title,
        body=body,
        recipients=["Các đơn vị được giao nhiệm vụ (để t/h);", _store_line(plan)],
        signer=default_signer(issuer),
        appendix_title="Nhiệm vụ và phân công thực hiện",
        landscape_appendix=True,
        appendix=[
            Table(
                headers=[
                    "TT",
                    "Nhiệm vụ",
                    "Đơn vị chủ trì/ thực hiện",
                    "Đơn vị phối hợp",
                    "Thời gian thực hiện/ hoàn thành",
                    "Sản phẩm",
                ],
                rows=rows,
                widths_cm=[1.2, 10.0, 3.2, 3.8, 3.4, 3.6],
                align=["center", "justify", "center", "center", "center", "left"],
            )
        ],
    )
    return render_docx(doc)


def reminder_docx(letter) -> bytes:
    """The văn bản đôn đốc (công văn) as recorded: its number and date from the register, the overdue tasks with
    the working days each is overdue, the missing implementing plan when that is the reason, the signer by name,
    the recipients and "Lưu: VT, <issuer short code>"."""
    from dataclasses import replace

    plan, unit, issuer = letter.plan, letter.unit, letter.plan.issuer
    rows = [
        [
            str(i),
            f"{r['code']}. {r['content']}",
            str(r.get("deadline") or ""),
            date.fromisoformat(str(r["due"])).strftime("%d/%m/%Y") if r.get("due") else "",
            str(r["days"]) if r.get("days") is not None else "",
            f"{r['status']} ({r['percent']}%)",
        ]
        for i, r in enumerate(letter.rows, start=1)
    ]
    ref = plan.doc_number or plan.title
    when = plan.issue_date.strftime("%d/%m/%Y") if plan.issue_date else ""
    day = letter.document.issued_on
    intro = (
        f"Thực hiện Kế hoạch số {ref}{' ngày ' + when if when else ''} của {plan.issuer_name or issuer.name} "
        f"về {plan.title[:1].lower() + plan.title[1:]}, đến ngày {day:%d/%m/%Y}"
    )
    body: list[Block] = []
    if letter.missing_subplan:
        due = plan.subplan_due or (
            plan.issue_date + timedelta(days=plan.subplan_days)
            if plan.issue_date and plan.subplan_days
            else None
        )
        body.append(
            Para(
                f"{intro}, {unit.name} chưa ban hành kế hoạch thực hiện Kế hoạch này"
                + (f" (hạn ban hành: {due:%d/%m/%Y})" if due else "")
                + ". Đề nghị đơn vị khẩn trương ban hành kế hoạch thực hiện, gửi về đơn vị chủ trì để theo dõi."
            )
        )
    if rows:
        body += [
            Para(
                f"{intro}, {unit.name} còn {len(rows)} nhiệm vụ đã quá thời hạn nhưng chưa hoàn thành "
                "(danh sách dưới đây)."
            ),
            Table(
                headers=["TT", "Nhiệm vụ", "Thời hạn", "Hạn", "Quá hạn (ngày làm việc)", "Tình trạng"],
                rows=rows,
                widths_cm=[1.0, 7.0, 2.6, 2.2, 2.0, 2.6],
                align=["center", "justify", "center", "center", "center", "center"],
            ),
            Para(
                f"Đề nghị {unit.name} khẩn trương tổ chức thực hiện, hoàn thành các nhiệm vụ nêu trên và cập nhật "
                "kết quả, minh chứng trên hệ thống; trường hợp không thực hiện được, báo cáo rõ lý do./."
            ),
        ]
    fields = letter.document.official_fields()
    extra = [line.strip() for line in (letter.recipients or "").splitlines() if line.strip()]
    signer = default_signer(issuer, letter.signer_name)
    if letter.signer_title:
        signer = replace(signer, title=upper_vn(letter.signer_title))
    doc = OfficialDocument(
        parent_body=upper_vn(issuer.parent.name) if issuer.parent else "",
        issuer=upper_vn(plan.issuer_name or issuer.name),
        number=fields["number"],
        symbol=fields["symbol"],
        place=place_of(issuer),
        date=fields["date"],
        doc_type="",
        summary=f"đôn đốc thực hiện Kế hoạch số {ref}",
        addressees=[unit.name],
        body=body,
        recipients=["Như trên;", *extra, _store_line(plan)],
        signer=signer,
    )
    return render_docx(doc)
