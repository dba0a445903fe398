"""Excel exports of plans (tasks, the matrix, a unit's tasks) and the bulk progress sheet (export, fill, upload)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cchc.core.errors import DomainError
from cchc.core.excel import active_sheet, cell_text, match_header, open_workbook, write_sheet
from cchc.core.safe_text import safe_cell, workbook_bytes
from cchc.core.text import fold

from .models import Assignment, Plan, Status, Task

STATUS_LABELS = dict(Status.choices)
FILLS = {
    "not_started": "EEEEEE",
    "in_progress": "FFF2B3",
    "done": "C6EFCE",
    "done_late": "D9EAD3",
    "not_done": "D9D9D9",
    "overdue": "F4C7C3",
}


def _refs(task: Task, role: str) -> str:
    return "; ".join(r.text for r in task.unit_refs.all() if r.role == role)


def export_plan(plan: Plan, percents: dict[int, int]) -> bytes:
    tasks = plan.tasks.select_related("section").prefetch_related("unit_refs").order_by("order")
    rows = [
        [
            t.code,
            t.section.title if t.section else "",
            t.content,
            _refs(t, "lead"),
            _refs(t, "coordinate"),
            t.deadline_text,
            t.deadline_end,
            t.product,
            t.target,
            t.leader,
            percents.get(t.pk, 0),
            t.notes,
        ]
        for t in tasks
    ]
    return write_sheet(
        "Nhiệm vụ",
        [
            "TT",
            "Nhóm nhiệm vụ",
            "Nhiệm vụ",
            "Chủ trì",
            "Phối hợp",
            "Thời hạn",
            "Hạn (ngày)",
            "Sản phẩm",
            "Chỉ tiêu",
            "Lãnh đạo phụ trách",
            "Tiến độ (%)",
            "Ghi chú",
        ],
        rows,
        widths=[8, 30, 60, 24, 30, 24, 12, 30, 24, 20, 10, 20],
    )


def export_matrix(matrix) -> bytes:
    wb = Workbook()
    ws = active_sheet(wb)
    ws.title = "Ma trận"
    headers = ["TT", "Nhiệm vụ"] + [u["short_code"] or u["code"] for u in matrix.units]
    ws.append([safe_cell(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    fills = {k: PatternFill("solid", fgColor=v) for k, v in FILLS.items()}
    for t in matrix.tasks:
        row = [t["code"], t["content"][:300]]
        states: list[str | None] = []
        for u in matrix.units:
            c = matrix.cells.get((t["pk"], u["pk"]))
            if c is None:
                row.append(None)
                states.append(None)
            else:
                row.append(f"{STATUS_LABELS[c[1]]!s} {c[2]}%" + (" (CT)" if c[3] == "lead" else ""))
                states.append("overdue" if c[4] == "overdue" else c[1])
        ws.append([safe_cell(v) for v in row])
        r = ws.max_row
        for i, state in enumerate(states):
            if state:
                ws.cell(row=r, column=3 + i).fill = fills[state]
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 60
    for i in range(len(matrix.units)):
        ws.column_dimensions[get_column_letter(3 + i)].width = 16
    ws.freeze_panes = "C2"
    return workbook_bytes(wb)


BULK_HEADERS = [
    "Mã phân công",
    "Kế hoạch",
    "TT",
    "Nhiệm vụ",
    "Đơn vị",
    "Thời hạn",
    "Trạng thái hiện tại",
    "Tiến độ hiện tại (%)",
    "Trạng thái mới",
    "Tiến độ mới (%)",
    "Nội dung báo cáo",
    "Lý do không thực hiện",
]
BULK_COLUMNS = {
    "id": ("Mã phân công",),
    "status": ("Trạng thái mới",),
    "percent": ("Tiến độ mới (%)", "Tiến độ mới"),
    "text": ("Nội dung báo cáo",),
    "reason": ("Lý do không thực hiện", "Lý do"),
}


def export_bulk(pairs) -> bytes:
    rows = [
        [
            a.pk,
            a.task.plan.doc_number or a.task.plan.title[:40],
            a.task.code,
            a.task.content,
            a.unit.name,
            a.task.deadline_text,
            str(STATUS_LABELS[a.status]),
            a.percent,
            "",
            "",
            "",
            "",
        ]
        for a, _t in pairs
    ]
    return write_sheet("Tiến độ", BULK_HEADERS, rows, widths=[12, 20, 8, 60, 24, 20, 18, 10, 18, 10, 50, 30])


def export_tracking(title: str, rows) -> bytes:
    """The tracking list as read on screen: (assignment, timing, working days overdue) rows."""
    return write_sheet(
        title[:31],
        [
            "Kế hoạch",
            "TT",
            "Nhiệm vụ",
            "Đơn vị",
            "Vai trò",
            "Thời hạn",
            "Hạn",
            "Trạng thái",
            "Tiến độ (%)",
            "Quá hạn (ngày làm việc)",
        ],
        [
            [
                a.task.plan.doc_number or a.task.plan.title[:40],
                a.task.code,
                a.task.content,
                a.unit.name,
                a.get_role_display(),
                a.task.deadline_text,
                t.due,
                str(STATUS_LABELS[a.status]),
                a.percent,
                days,
            ]
            for a, t, days in rows
        ],
        widths=[20, 8, 60, 28, 10, 20, 12, 18, 10, 12],
    )


def _status_of(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    for value, label in Status.choices:
        if folded in (value, fold(str(label))):
            return value
    raise ValueError(text)


def import_bulk(data: bytes, *, user, allowed, name: str = "", limits=None) -> int:
    """Submit one progress update per filled row; all or nothing. ``allowed`` is the queryset of assignments the
    user may report on. Returns the number of updates. Raises DomainError with the row and field of a problem (or a
    file over the import limits: ``limits``, the web's unless given)."""
    from .services import progress_submit

    wb = open_workbook(data, name=name, limits=limits)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        raise DomainError("empty_file", gettext_lazy("Tệp Excel rỗng"))
    cols = match_header(list(rows[0]), BULK_COLUMNS)
    missing = [k for k in ("id", "status", "text") if k not in cols]
    if missing:
        raise DomainError(
            "missing_columns",
            gettext_lazy("Tệp thiếu cột: %(columns)s (hãy dùng tệp xuất từ hệ thống)"),
            columns=", ".join(BULK_COLUMNS[k][0] for k in missing),
        )
    count = 0
    with transaction.atomic():
        for n, row in enumerate(rows[1:], start=2):

            def get(key, row=row):
                i = cols.get(key)
                return cell_text(row[i]) if i is not None and i < len(row) else ""

            text, status_text = get("text"), get("status")
            if not text and not status_text:
                continue
            ident = get("id")
            a = (
                allowed.filter(pk=int(ident)).select_related("task", "task__plan", "unit").first()
                if ident.isdigit()
                else None
            )
            if a is None:
                raise DomainError(
                    "unknown_assignment",
                    gettext_lazy(
                        "Dòng %(line)s, cột Mã phân công: không có phân công “%(ident)s” của đơn vị bạn"
                    ),
                    line=n,
                    ident=ident,
                )
            try:
                status = _status_of(status_text) or a.status
            except ValueError:
                raise DomainError(
                    "invalid_status",
                    gettext_lazy("Dòng %(line)s, cột Trạng thái mới: không hiểu “%(text)s”"),
                    line=n,
                    text=status_text,
                ) from None
            pct_text = get("percent")
            try:
                # "Hoàn thành" without a figure means 100%; a figure given is checked, never rounded up.
                finishing = status in (Status.DONE, Status.DONE_LATE)
                percent: int | None = int(float(pct_text)) if pct_text else (None if finishing else a.percent)
            except ValueError:
                raise DomainError(
                    "invalid_number",
                    gettext_lazy("Dòng %(line)s, cột Tiến độ mới: “%(text)s” không phải số"),
                    line=n,
                    text=pct_text,
                ) from None
            body = text or str(STATUS_LABELS[status])
            if _already_pending(a, body, status):
                continue  # the same sheet uploaded again: that report is already waiting, don't send it twice
            try:
                progress_submit(
                    assignment=a,
                    user=user,
                    text=body,
                    status=status,
                    percent=percent,
                    reason=get("reason"),
                )
            except ValidationError as exc:
                raise DomainError(
                    "invalid_row",
                    gettext_lazy("Dòng %(line)s: %(errors)s"),
                    line=n,
                    errors="; ".join(exc.messages),
                ) from None
            except DomainError as exc:  # e.g. a completion before an accepted product document's date
                raise exc.within(gettext("Dòng %(line)s") % {"line": n}) from None
            except PermissionDenied:
                raise DomainError(
                    "not_allowed", gettext_lazy("Dòng %(line)s: bạn không được báo cáo phân công này"), line=n
                ) from None
            count += 1
    return count


def _already_pending(assignment, text: str, status: str) -> bool:
    from .models import ProgressUpdate

    last = assignment.updates.order_by("-created_at", "-pk").first()
    return (
        last is not None
        and last.state in (ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.CONFIRMED)
        and (last.text.strip(), last.status) == (text.strip(), status)
    )


def assignments_for_bulk(user):
    from cchc.orgs.scope import scope_for

    return Assignment.objects.filter(scope_for(user).data.q("unit__"), task__plan__status=Plan.Status.ISSUED)


def cascade_sheet(rows: list[dict]) -> bytes:
    """The units' implementing plans (rows of :func:`cchc.plans.services.cascade_status`) as an Excel sheet."""
    from .services import CASCADE_STATES

    return write_sheet(
        "Kế hoạch thực hiện",
        ["Mã đơn vị", "Đơn vị", "Kế hoạch của đơn vị", "Ngày ban hành", "Hạn", "Tình trạng"],
        [
            [
                r["unit"].code,
                r["unit"].name,
                (r["plan"].doc_number or "(chưa có số)") if r["plan"] else "",
                r["issued_on"],
                r["due"],
                str(CASCADE_STATES[r["state"]]),
            ]
            for r in rows
        ],
    )
