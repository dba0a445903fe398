"""Word documents of the plans module in the Nghị định 30/2020 format (through :mod:`cchc.documents.official`):
the plan with its task appendix laid out like the seeds (landscape), and the reminder letter (văn bản đôn đốc)."""

from __future__ import annotations

import re

from django.utils import timezone

from cchc.core.text import fold
from cchc.documents.format import upper_vn
from cchc.documents.official import Block, Heading, OfficialDocument, Para, Table, render_docx
from cchc.documents.signers import default_signer

from .models import Plan, Status, Task

_TOP_HEADING = re.compile(r"^[IVX]{1,4}\s*[.:-]")
_PLACE = re.compile(r"(?:thành phố|tỉnh|phường|xã|đặc khu|thị xã|huyện)\s+(.+)$", re.IGNORECASE)


def _place(unit) -> str:
    for u in (unit, unit.parent):
        if u is None:
            continue
        m = _PLACE.search(u.name)
        if m:
            return m.group(1).strip()
    return ""


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
        Para(f"Các nhiệm vụ trọng tâm và phân công thực hiện tại Phụ lục kèm theo Kế hoạch này ({n_tasks} nhiệm vụ)."),
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


def _store_line(unit) -> str:
    """ "Lưu: VT, PV01." — the office's archive and the drafting unit's short code (NĐ 30/2020)."""
    code = getattr(unit, "short_code", "") or unit.code.rsplit(".", 1)[-1]
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
        place=_place(issuer),
        date=plan.issue_date,
        year=plan.year,
        doc_type="KẾ HOẠCH",
        summary=plan.title,
        body=body,
        recipients=["Các đơn vị được giao nhiệm vụ (để t/h);", _store_line(issuer)],
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


def reminder_docx(plan: Plan, unit, overdue, user) -> bytes:
    """Văn bản đôn đốc (công văn) to ``unit`` listing its overdue tasks of ``plan``."""
    issuer = plan.issuer
    labels = dict(Status.choices)
    rows = [
        [
            str(i),
            f"{a.task.code}. {a.task.content}",
            a.task.deadline_text or (t.due.strftime("%d/%m/%Y") if t.due else ""),
            t.due.strftime("%d/%m/%Y") if t.due else "",
            f"{labels[a.status]} ({a.percent}%)",
        ]
        for i, (a, t) in enumerate(overdue, start=1)
    ]
    ref = plan.doc_number or plan.title
    when = plan.issue_date.strftime("%d/%m/%Y") if plan.issue_date else ""
    body: list[Block] = [
        Para(
            f"Thực hiện Kế hoạch số {ref}{' ngày ' + when if when else ''} của {plan.issuer_name or issuer.name} "
            f"về {plan.title[:1].lower() + plan.title[1:]}, đến ngày {timezone.localdate():%d/%m/%Y}, "
            f"{unit.name} còn {len(overdue)} nhiệm vụ đã quá thời hạn nhưng chưa hoàn thành (danh sách dưới đây)."
        ),
        Table(
            headers=["TT", "Nhiệm vụ", "Thời hạn", "Hạn", "Tình trạng"],
            rows=rows or [["", "Không có nhiệm vụ quá hạn", "", "", ""]],
            widths_cm=[1.0, 8.0, 3.0, 2.2, 2.8],
            align=["center", "justify", "center", "center", "center"],
        ),
        Para(
            f"Đề nghị {unit.name} khẩn trương tổ chức thực hiện, hoàn thành các nhiệm vụ nêu trên và cập nhật kết "
            "quả, minh chứng trên hệ thống; trường hợp không thực hiện được, báo cáo rõ lý do./."
        ),
    ]
    _n, symbol = _number_symbol(plan.doc_number)
    symbol = symbol.split("-", 1)[1] if symbol.startswith("KH-") else symbol
    doc = OfficialDocument(
        parent_body=upper_vn(issuer.parent.name) if issuer.parent else "",
        issuer=upper_vn(plan.issuer_name or issuer.name),
        number=None,
        symbol=symbol or fold(issuer.code).upper(),
        place=_place(issuer),
        date=timezone.localdate(),
        doc_type="",
        summary=f"đôn đốc thực hiện nhiệm vụ theo Kế hoạch số {ref}",
        addressees=[unit.name],
        body=body,
        recipients=["Như trên;", "Lưu: VT."],
        signer=default_signer(issuer),
    )
    return render_docx(doc)
