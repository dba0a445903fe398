"""GET /plans, /plans/{id}, /plans/{id}/tasks and /assignments — through the plans module's own access rules
(``cchc.plans.access``: visible plans, tasks, assignments) and its timing (``selectors.assignment_timings``)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import BaseModel, Field, TypeAdapter

from cchc.core.http import JSON_CONTENT_TYPE
from cchc.core.iso_periods import parse_period
from cchc.plans import access, selectors
from cchc.plans.models import Assignment, Plan, Status, Task
from cchc.plans.timing import Timing, soon_limit, timing

from ..auth import api_user
from ..calllog import set_rows_returned
from ..filters import PeriodParams, UnitParams, unit_q
from ..main_errors import READ_ERRORS
from ..pagination import Page, PageParams, next_url, paginate

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    title: str
    doc_number: str
    issue_date: date | None
    year: int
    issuer: str = Field(description="Mã đơn vị ban hành.")
    issuer_name: str
    status: Literal["draft", "issued", "closed"]
    kind: str
    report_period: str
    parent_plan: int | None
    tasks: int | None = Field(None, description="Số nhiệm vụ (chỉ ở GET /plans/{id}).")


class TaskOut(Schema):
    id: int
    plan: int
    code: str
    section: str | None
    content: str
    product: str
    target: str
    deadline_text: str
    deadline_kind: str
    deadline_start: date | None
    deadline_end: date | None
    percent: int = Field(description="Tiến độ tổng hợp của nhiệm vụ (%).")


class AssignmentOut(BaseModel):  # plain pydantic (pages of 1000 rows)
    id: int
    plan: int
    task: int
    task_code: str
    task_content: str
    unit: str = Field(description="Mã đơn vị.")
    role: Literal["lead", "coordinate"]
    status: Literal["not_started", "in_progress", "done", "done_late", "not_done"]
    percent: int
    completed_on: date | None
    due: date | None = Field(description="Hạn (với nhiệm vụ định kỳ: hạn của kỳ đang đến).")
    period: str = Field(description="Kỳ báo cáo của nhiệm vụ định kỳ, hoặc rỗng.")
    state: Literal["done", "closed", "overdue", "due_soon", "open", "none"]
    overdue: bool


def plan_out(plan: Plan, tasks: int | None = None) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "doc_number": plan.doc_number,
        "issue_date": plan.issue_date,
        "year": plan.year,
        "issuer": plan.issuer.code,
        "issuer_name": plan.issuer_name or plan.issuer.name,
        "status": plan.status,
        "kind": plan.kind,
        "report_period": plan.report_period,
        "parent_plan": plan.parent_plan_id,
        "tasks": tasks,
    }


class PlanFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2200)
    status: Literal["draft", "issued", "closed"] | None = None
    q: str | None = Field(None, max_length=200, description="Tìm trong trích yếu, số ký hiệu.")


@router.get("/plans", response={200: Page[PlanOut], **READ_ERRORS}, summary="Kế hoạch")
def plans(
    request: HttpRequest, page: Query[PageParams], where: Query[UnitParams], f: Query[PlanFilters]
) -> dict[str, Any]:
    """Plans the token's user may see (as on the web); ``unit``/``under`` select by the issuing unit."""
    user = api_user(request)
    qs = selectors.plan_list(user, text=f.q or "", status=f.status or "", year=str(f.year or ""))
    qs = qs.filter(unit_q(request, where, "issuer")).order_by("-year", "-issue_date", "-pk")
    return paginate(request, qs, page, plan_out)


@router.get("/plans/{int:plan_id}", response={200: PlanOut, **READ_ERRORS}, summary="Một kế hoạch")
def plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    user = api_user(request)
    found = access.get_plan_for_user(user, plan_id)
    set_rows_returned(request, 1)
    return plan_out(found, selectors.plan_tasks_for_user(user, found).count())


def task_out(task: Task, percents: dict[int, int]) -> dict[str, Any]:
    return {
        "id": task.pk,
        "plan": task.plan_id,
        "code": task.code,
        "section": task.section.title if task.section is not None else None,
        "content": task.content,
        "product": task.product,
        "target": task.target,
        "deadline_text": task.deadline_text,
        "deadline_kind": task.deadline_kind,
        "deadline_start": task.deadline_start,
        "deadline_end": task.deadline_end,
        "percent": percents.get(task.pk, task.manual_percent or 0),
    }


@router.get(
    "/plans/{int:plan_id}/tasks",
    response={200: Page[TaskOut], **READ_ERRORS},
    summary="Nhiệm vụ của kế hoạch",
)
def plan_tasks(request: HttpRequest, plan_id: int, page: Query[PageParams]) -> dict[str, Any]:
    """The plan's tasks the user may read: all for whoever sees the issuer, else those assigned to their units."""
    user = api_user(request)
    found = access.get_plan_for_user(user, plan_id)
    percents = selectors.task_percents(found)
    qs = selectors.plan_tasks_for_user(user, found).select_related("section")
    return paginate(request, qs, page, lambda t: task_out(t, percents))


class AssignmentFilters(Schema):
    plan: int | None = Field(None, ge=1, le=2**31 - 1, description="Mã (id) kế hoạch.")
    state: Literal["not_started", "in_progress", "done", "done_late", "not_done"] | None = Field(
        None, description="Trạng thái do đơn vị báo cáo."
    )
    due: str | None = Field(
        None,
        max_length=60,
        description="Hạn hoàn thành trong kỳ (ISO 8601, ví dụ 2026-03 hoặc 2025-12-15/P3M).",
    )
    overdue: bool | None = Field(None, description="true: chỉ các phân công quá hạn; false: không quá hạn.")


@router.get("/assignments", response={200: Page[AssignmentOut], **READ_ERRORS}, summary="Phân công nhiệm vụ")
def assignments(
    request: HttpRequest,
    page: Query[PageParams],
    where: Query[UnitParams],
    when: Query[PeriodParams],
    f: Query[AssignmentFilters],
) -> HttpResponse:
    """Task × unit with state, progress, due date and the overdue flag, as the plans pages compute them.

    ``from``/``to``/``period`` and ``due`` select by the task's due date (``deadline_end``)."""
    user = api_user(request)
    on_tasks = Q()  # the task-side filters select task ids (a small table), not joined rows
    if f.plan is not None:
        on_tasks &= Q(plan_id=f.plan)
    start, end = when.window()
    if f.due:
        window = parse_period(f.due)
        start = max(start, window.start) if start else window.start
        end = min(end, window.end) if end else window.end
    if start is not None:
        on_tasks &= Q(deadline_end__gte=start)
    if end is not None:
        on_tasks &= Q(deadline_end__lte=end)
    tasks = Task.objects.filter(on_tasks) if on_tasks else None
    qs = access.assignments_in_visible_plans(user, tasks).filter(unit_q(request, where, "unit"))
    if f.state:
        qs = qs.filter(status=Status(f.state))
    clock = Clock(timezone.localdate())
    if f.overdue is not None:
        # the timing is computed per row (recurring tasks): filter on the light rows, then load the page
        ids = [
            row[0] for row in qs.values_list("pk", *TIMING_FIELDS) if clock.of(row[1:]).overdue == f.overdue
        ]
        qs = qs.filter(pk__in=ids) if ids else qs.none()
    count, chosen, skip = _page_tasks(qs, page)
    rows = (
        qs.filter(task_id__in=chosen).order_by(*ORDER).values_list(*ROW_FIELDS)[skip : skip + page.limit]
        if chosen
        else []
    )
    items = [assignment_out(row, clock) for row in rows]
    set_rows_returned(request, len(items))
    body = {"items": items, "count": count, "next": next_url(request, page, count)}
    # checked against the declared schema and written to JSON by pydantic-core in one pass (pages of 1000 rows:
    # ninja's validation, model dump and json.dumps with a Python hook for every date cost a third of the call)
    return HttpResponse(
        ASSIGNMENT_PAGE.dump_json(ASSIGNMENT_PAGE.validate_python(body)), content_type=JSON_CONTENT_TYPE
    )


ASSIGNMENT_PAGE = TypeAdapter(Page[AssignmentOut])


# The list's order: by task (plan, order in the plan), then by unit (its place in the tree).
ORDER = ("task__plan_id", "task__order", "task_id", "unit__path", "pk")


def _page_tasks(qs: QuerySet[Assignment], page: PageParams) -> tuple[int, list[int], int]:
    """The total, the tasks whose rows the page holds and how many of their rows come before it.

    The order starts with the task, so a page is a run of consecutive tasks: one grouped count over the assignment
    table alone gives the total and each task's share, and the page is then read from its few tasks only (a deep
    ``offset`` costs no more than the first page; no sort of every joined row)."""
    per_task = dict(qs.order_by().values_list("task_id").annotate(n=Count("pk")).values_list("task_id", "n"))
    count = sum(per_task.values())
    if page.offset >= count:
        return count, [], 0
    order = Task.objects.filter(pk__in=list(per_task)).order_by("plan_id", "order", "pk")
    chosen: list[int] = []
    skip = page.offset
    held = 0  # rows of the chosen tasks from the page's first row on
    for task_id in order.values_list("pk", flat=True):
        n = per_task[task_id]
        if not chosen and skip >= n:
            skip -= n
            continue
        chosen.append(task_id)
        held += n - (skip if len(chosen) == 1 else 0)
        if held >= page.limit:
            break
    return count, chosen, skip


# What the timing of an assignment reads (cchc.plans.timing.timing, as selectors.assignment_timings passes it).
TIMING_FIELDS = (
    "status",
    "received_on",
    "last_period",
    "task__deadline_kind",
    "task__deadline_end",
    "task__deadline_text",
    "task__plan__report_period",
)
ROW_FIELDS = (
    *TIMING_FIELDS,
    "pk",
    "task__plan_id",
    "task_id",
    "task__code",
    "task__content",
    "unit__code",
    "role",
    "percent",
    "completed_on",
)


class Clock:
    """Today's timing of assignments, by the plans module's own rule (``cchc.plans.timing.timing`` with the
    reminder window of ``selectors.remind_days``), from light rows instead of loaded models."""

    def __init__(self, today: date):
        self.today = today
        self.until = soon_limit(today, selectors.calendar(), selectors.remind_days())

    def of(self, row: tuple[Any, ...]) -> Timing:
        status, received_on, last_period, kind, end, text, period = row[:7]
        return timing(
            kind=kind,
            end=end,
            status=status,
            today=self.today,
            soon_until=self.until,
            text=text,
            received_on=received_on,
            last_period=last_period,
            period=period,
        )


def assignment_out(row: tuple[Any, ...], clock: Clock) -> dict[str, Any]:
    t = clock.of(row)
    status = row[0]
    pk, plan_id, task_id, code, content, unit, role, percent, completed_on = row[7:]
    return {
        "id": pk,
        "plan": plan_id,
        "task": task_id,
        "task_code": code,
        "task_content": content,
        "unit": unit,
        "role": role,
        "status": status,
        "percent": percent,
        "completed_on": completed_on,
        "due": t.due,
        "period": t.period,
        "state": t.state,
        "overdue": t.state == "overdue",
    }
