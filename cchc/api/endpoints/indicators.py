"""Computed figures, each by the function its module's command calls:

- GET /surveys/results — ``survey_results`` (``cchc.surveys.selectors.unit_results(...).as_contract()``);
- GET /onestop/indicators — ``onestop_indicators`` (``cchc.onestop.indicators.indicators_document``);
- GET /onestop/766 — the 766 board of the one-stop pages (``cchc.onestop.unitscore.board``, scored by
  ``index766.results_to_json``);
- GET /pakn/indicators — ``pakn_indicators`` (``cchc.pakn.figures.report``).

``unit=CODE`` is the command's ``--unit`` (checked through the scope: 404 when the user may not see it); ``under``
keeps the rows of a subtree. Rows of units outside the user's view scope are left out. The period (``from`` and
``to``, or ``period``) is required; ``items`` are the document's ``units``, paginated.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from cchc.core.errors import DomainError
from cchc.orgs.models import OrgUnit

from ..filters import PeriodParams, UnitParams, api_scope, unit_for
from ..main_errors import READ_ERRORS
from ..pagination import PageParams, paginate

router = Router(tags=["indicators"])


class Loose(Schema):
    model_config = ConfigDict(extra="allow")


class Indicator(Loose):
    code: str
    numerator: float | None = None
    denominator: float | None = None
    ratio: float | None = None
    score: float | None = None
    max: float | None = None


class Dimension(Loose):
    code: str
    title: str
    answers: int
    satisfied: int
    percent: float | None
    mean: float | None


class SurveyUnit(Loose):
    code: str
    name: str
    responses: int
    flagged: int
    index: float | None
    dimensions: list[Dimension]


class DossierUnit(Loose):
    code: str
    name: str
    in_process: int
    received: int
    on_time: int
    overdue: int
    indicators: list[Indicator]


class PaknUnit(Loose):
    code: str
    name: str
    received: int
    refused: int
    handled: int
    published: int
    waiting: int
    in_progress: int
    on_time: int
    overdue: int
    indicators: list[Indicator]


class Unit766(Loose):
    code: str
    name: str
    group: str | None
    indicators: list[Indicator]
    groups: dict[str, float | None]
    total: float | None
    band: str
    rank: int
    group_rank: int


class PagedDoc(Loose):
    count: int
    next: str | None
    from_: date = Field(alias="from")
    to: date


class SurveyResults(PagedDoc):
    items: list[SurveyUnit]


class OnestopIndicators(PagedDoc):
    as_of: datetime
    definitions: str | None
    items: list[DossierUnit]


class PaknIndicators(PagedDoc):
    as_of: datetime
    items: list[PaknUnit]


class Score766(PagedDoc):
    unit: str = Field(description="Đơn vị được chọn (dòng đầu), rồi các đơn vị trực thuộc theo thứ hạng.")
    version: str
    effective_from: date
    bands_confirmed: bool
    items: list[Unit766]


class AsOf(Schema):
    as_of: datetime | None = Field(None, description="Thời điểm tính (mặc định: cuối ngày `to`).")


def _window(when: PeriodParams) -> tuple[date, date]:
    start, end = when.window()
    if start is None or end is None:
        raise DomainError(
            "period_required",
            _("Cần kỳ số liệu: from và to (YYYY-MM-DD) hoặc period (ví dụ 2025-12-15/P3M)."),
            field="from",
        )
    return start, end


def _visible_codes(request: HttpRequest, codes: list[str], under: UnitParams) -> set[str]:
    """Of ``codes``, those in the user's view scope (and under ``under`` when given)."""
    qs: QuerySet[OrgUnit] = OrgUnit.objects.filter(code__in=codes).filter(api_scope(request).view.q())
    if under.under:
        qs = qs.filter(path__startswith=unit_for(request, under.under).path)
    return set(qs.values_list("code", flat=True))


def _unit(request: HttpRequest, where: UnitParams) -> OrgUnit | None:
    """The command's ``--unit``: the ``unit=`` code, checked through the scope (404 when not visible)."""
    return unit_for(request, where.unit) if where.unit else None


def _page(request: HttpRequest, doc: dict[str, Any], where: UnitParams, page: PageParams) -> dict[str, Any]:
    """The document with its ``units`` as the paginated ``items``: the rows of units in the user's view scope (and
    under ``under`` when given), counted after that filter."""
    rows = doc["units"]
    keep = _visible_codes(request, [r["code"] for r in rows], where)
    out = {k: v for k, v in doc.items() if k != "units"}
    out.update(paginate(request, [r for r in rows if r["code"] in keep], page))
    return out


@router.get(
    "/surveys/results",
    response={200: SurveyResults, **READ_ERRORS},
    summary="Kết quả khảo sát sự hài lòng (như survey_results)",
    by_alias=True,
)
def survey_results(
    request: HttpRequest,
    page: Query[PageParams],
    where: Query[UnitParams],
    when: Query[PeriodParams],
    kind: str = "citizen",
) -> dict[str, Any]:
    from cchc.surveys import selectors
    from cchc.surveys.models import Kind

    date_from, date_to = _window(when)
    if kind not in Kind.values:
        raise DomainError("bad_kind", _("Loại khảo sát không hợp lệ."), field="kind")
    doc = selectors.unit_results(
        date_from=date_from, date_to=date_to, root=_unit(request, where), kind=kind
    ).as_contract()
    return _page(request, doc, where, page)


@router.get(
    "/onestop/indicators",
    response={200: OnestopIndicators, **READ_ERRORS},
    summary="Chỉ số một cửa từ hồ sơ (như onestop_indicators)",
    by_alias=True,
)
def onestop_indicators(
    request: HttpRequest,
    page: Query[PageParams],
    where: Query[UnitParams],
    when: Query[PeriodParams],
    at: Query[AsOf],
) -> dict[str, Any]:
    from cchc.onestop.indicators import indicators_document

    date_from, date_to = _window(when)
    doc = indicators_document(date_from, date_to, at.as_of, _unit(request, where))
    return _page(request, doc, where, page)


@router.get(
    "/onestop/766",
    response={200: Score766, **READ_ERRORS},
    summary="Điểm Bộ chỉ số 766 theo đơn vị",
    by_alias=True,
)
def score_766(
    request: HttpRequest,
    page: Query[PageParams],
    where: Query[UnitParams],
    when: Query[PeriodParams],
    at: Query[AsOf],
) -> dict[str, Any]:
    """The unit (``unit``, else the highest unit the user sees) rolled up over its subtree, then its direct
    sub-units ranked — the one-stop 766 page's figures."""
    from cchc.onestop.index766 import results_to_json
    from cchc.onestop.ontime import period
    from cchc.onestop.selectors import default_unit
    from cchc.onestop.unitscore import board
    from cchc.workdays.services import calendar_for

    from ..auth import api_user

    date_from, date_to = _window(when)
    code = where.unit or where.under
    unit = unit_for(request, code) if code else default_unit(api_user(request))
    if unit is None:
        from django.http import Http404

        raise Http404(_("Không tìm thấy đơn vị."))
    b = board(unit, period(date_from, date_to, at.as_of), date_from, date_to, calendar_for(unit))
    doc = results_to_json(b.defs, [b.own, *(r for _u, _c, r in b.children)])
    doc.update({"from": date_from.isoformat(), "to": date_to.isoformat(), "unit": unit.code})
    return _page(request, doc, UnitParams(unit=None, under=None), page)  # the board is already the unit's


@router.get(
    "/pakn/indicators",
    response={200: PaknIndicators, **READ_ERRORS},
    summary="Chỉ số phản ánh, kiến nghị (như pakn_indicators)",
    by_alias=True,
)
def pakn_indicators(
    request: HttpRequest,
    page: Query[PageParams],
    where: Query[UnitParams],
    when: Query[PeriodParams],
    at: Query[AsOf],
) -> dict[str, Any]:
    from cchc.onestop.ontime import period
    from cchc.pakn.figures import report

    date_from, date_to = _window(when)
    doc = report(period(date_from, date_to, at.as_of), date_from, date_to, _unit(request, where))
    return _page(request, doc, where, page)
