"""GET /reports/periods and /reports/submissions — the reports module's own visibility (``cchc.reports.selectors``:
``periods_visible_to``, ``submissions_visible_to``, ``with_overdue``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from cchc.reports import selectors
from cchc.reports.models import ReportPeriod, Status, Submission

from ..auth import api_user
from ..filters import PeriodParams, UnitParams, unit_q
from ..main_errors import READ_ERRORS
from ..pagination import Page, PageParams, paginate

router = Router(tags=["reports"])

SubmissionStatus = Literal["not_started", "draft", "submitted", "approved", "accepted", "returned"]


class PeriodOut(Schema):
    id: int
    cycle: int
    cycle_name: str
    year: int
    office: str = Field(description="Mã cơ quan tổng hợp.")
    kind: str
    title: str
    data_from: date
    data_to: date
    due: date
    last_safe_day: date


class SubmissionOut(Schema):
    id: int
    period: int
    period_title: str
    unit: str = Field(description="Mã đơn vị báo cáo.")
    status: SubmissionStatus
    due: date
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    approved_at: datetime | None
    reviewed_at: datetime | None
    counted: bool = Field(description="Đã được thủ trưởng duyệt (được tính vào tổng hợp).")
    overdue_days: int = Field(description="Số ngày làm việc quá hạn khi chưa được duyệt.")


def period_out(p: ReportPeriod) -> dict[str, Any]:
    return {
        "id": p.pk,
        "cycle": p.cycle_id,
        "cycle_name": p.cycle.name,
        "year": p.cycle.year,
        "office": p.cycle.office.code,
        "kind": p.kind,
        "title": p.title,
        "data_from": p.data_from,
        "data_to": p.data_to,
        "due": p.due,
        "last_safe_day": p.last_safe_day,
    }


class PeriodFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2200)
    kind: str | None = Field(None, max_length=16)


@router.get("/reports/periods", response={200: Page[PeriodOut], **READ_ERRORS}, summary="Kỳ báo cáo định kỳ")
def periods(
    request: HttpRequest,
    page: Query[PageParams],
    where: Query[UnitParams],
    when: Query[PeriodParams],
    f: Query[PeriodFilters],
) -> dict[str, Any]:
    """Reporting periods whose collecting office the user sees; ``unit``/``under`` select the office; ``from``/``to``
    keep the periods whose data window overlaps them."""
    qs = selectors.periods_visible_to(api_user(request)).select_related("cycle")
    qs = qs.filter(unit_q(request, where, "cycle__office"))
    start, end = when.window()
    if start is not None:
        qs = qs.filter(data_to__gte=start)
    if end is not None:
        qs = qs.filter(data_from__lte=end)
    if f.year is not None:
        qs = qs.filter(cycle__year=f.year)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    return paginate(request, qs.order_by("due", "cycle_id", "pk"), page, period_out)


def submission_out(s: Submission) -> dict[str, Any]:
    return {
        "id": s.pk,
        "period": s.period_id,
        "period_title": s.period.title,
        "unit": s.unit.code,
        "status": s.status,
        "due": s.period.due,
        "first_submitted_at": s.first_submitted_at,
        "submitted_at": s.submitted_at,
        "approved_at": s.approved_at,
        "reviewed_at": s.reviewed_at,
        "counted": s.counted,
        "overdue_days": getattr(s, "overdue_days", 0) or 0,
    }


class SubmissionFilters(Schema):
    period_id: int | None = Field(
        None, alias="report_period", ge=1, le=2**31 - 1, description="Mã (id) kỳ báo cáo."
    )
    status: SubmissionStatus | None = None


@router.get(
    "/reports/submissions",
    response={200: Page[SubmissionOut], **READ_ERRORS},
    summary="Báo cáo của các đơn vị",
)
def submissions(
    request: HttpRequest,
    page: Query[PageParams],
    where: Query[UnitParams],
    when: Query[PeriodParams],
    f: Query[SubmissionFilters],
) -> dict[str, Any]:
    """Units' reports and their state, as the reports pages show them (a unit's own, and those the collecting
    office receives); ``from``/``to`` select by the period's due date."""
    qs = selectors.submissions_visible_to(api_user(request)).filter(unit_q(request, where, "unit"))
    if f.period_id is not None:
        qs = qs.filter(period_id=f.period_id)
    if f.status:
        qs = qs.filter(status=Status(f.status))
    start, end = when.window()
    if start is not None:
        qs = qs.filter(period__due__gte=start)
    if end is not None:
        qs = qs.filter(period__due__lte=end)
    result = paginate(request, qs.order_by("period__due", "period_id", "unit__path", "pk"), page)
    result["items"] = [submission_out(s) for s in selectors.with_overdue(result["items"])]
    return result
