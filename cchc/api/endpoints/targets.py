"""GET /targets: the year's targets with their actual values and status, as ``manage.py targets --json``
(contracts/targets.md), through the targets module's selectors (``targets_for_subtree``, ``evaluate``).

Without ``unit``/``under``: every target of the year set at a unit the token's user may see. ``under=CODE``: the
targets in force at that unit and every unit below it (those set above with "áp dụng cho cấp dưới" measured at each
unit, the nearest winning) — the command's ``--unit``; ``unit=CODE``: the same, at that unit only. The page's
targets are evaluated, not the whole list.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from pydantic import Field

from ..calllog import set_rows_returned
from ..errors import ApiError
from ..filters import UnitParams, api_scope, unit_for
from ..pagination import PageParams, next_url
from ..schemas import Problem

router = Router(tags=["targets"])
ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 404: Problem, 429: Problem}


class TargetOut(Schema):
    unit: str
    code: str
    title: str
    comparison: str
    value: int | float | None
    actual: int | float | None
    numerator: int | float | None
    denominator: int | float | None
    period: dict[str, str]
    status: str = Field(description="met | at_risk | missed | no_data")
    source: str
    url: str = Field(description="Trang các bản ghi đứng sau số liệu thực tế.")


class TargetsOut(Schema):
    year: int
    as_of: date
    items: list[TargetOut]
    count: int
    next: str | None


@router.get("/targets", response={200: TargetsOut, **ERRORS}, summary="Chỉ tiêu và mức đạt")
def targets(
    request: HttpRequest,
    page: Query[PageParams],
    where: Query[UnitParams],
    year: int | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """As ``manage.py targets --year YEAR [--unit UNIT] [--as-of DATE] --json``, paginated."""
    from cchc.targets import selectors
    from cchc.targets.models import Target

    year = year or (as_of.year if as_of else timezone.localdate().year)
    if not 2000 <= year <= 2100:
        raise ApiError(400, "bad_year", _("Năm %(y)s không hợp lệ."), y=year)
    if as_of is not None and as_of.year != year:
        raise ApiError(
            400,
            "bad_as_of",
            _("as_of phải thuộc năm %(y)s."),
            y=year,
        )
    reach = api_scope(request).view
    items: list[Any]
    code = where.under or where.unit
    if code:
        unit = unit_for(request, code)  # 404 when not visible
        items = [a for a in selectors.targets_for_subtree(unit, year) if reach.contains(a.unit)]
        if where.unit and not where.under:
            items = [a for a in items if a.unit.pk == unit.pk]
        count = len(items)
        chunk = items[page.offset : page.offset + page.limit]
    else:
        qs = (
            Target.objects.filter(year=year)
            .filter(reach.q("unit__"))
            .select_related("unit", "manual_by")
            .order_by("unit__path", "code", "pk")
        )
        count = qs.count()
        chunk = list(qs[page.offset : page.offset + page.limit])
    statuses = selectors.evaluate(chunk, as_of)
    set_rows_returned(request, len(statuses))
    return {
        "year": year,
        "as_of": as_of or selectors.default_as_of(year),
        "items": [s.as_json() for s in statuses],
        "count": count,
        "next": next_url(request, page, count),
    }
