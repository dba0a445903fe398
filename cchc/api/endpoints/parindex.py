"""GET /parindex/results — published PAR-index results by round and unit, as far as the user may see them
(``cchc.parindex.selectors.rounds_for_user`` and ``published_results``: every unit's row for whoever sees the whole
round, else their own units')."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from cchc.parindex import selectors

from ..auth import api_user
from ..filters import UnitParams, unit_for
from ..main_errors import READ_ERRORS
from ..pagination import Page, PageParams, paginate

router = Router(tags=["parindex"])


class FieldResult(Schema):
    model_config = ConfigDict(extra="allow")

    code: str
    title: str | None = None
    achieved: float | None = None
    max: float | None = None
    percent: float | None = None


class ResultOut(Schema):
    model_config = ConfigDict(extra="allow")

    round: int
    round_name: str
    year: int
    owner_unit: str = Field(description="Mã đơn vị tổ chức đánh giá.")
    code: str = Field(description="Mã đơn vị được đánh giá.")
    name: str | None = None
    achieved: float | None = None
    max: float | None = None
    bonus: float | None = None
    penalty: float | None = None
    index: float | None = None
    band: str | None = None
    rank: int | None = None
    fields: list[FieldResult] = []


class ResultFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2200)
    round: int | None = Field(None, ge=1, le=2**31 - 1, description="Mã (id) đợt đánh giá.")


@router.get(
    "/parindex/results",
    response={200: Page[ResultOut], **READ_ERRORS},
    summary="Kết quả Chỉ số CCHC đã công bố",
)
def results(
    request: HttpRequest, page: Query[PageParams], where: Query[UnitParams], f: Query[ResultFilters]
) -> dict[str, Any]:
    """One row per (round, unit) of the latest published result of each round the user may open."""
    user = api_user(request)
    rounds = selectors.rounds_for_user(user).order_by("-framework__year", "pk")
    if f.year is not None:
        rounds = rounds.filter(framework__year=f.year)
    if f.round is not None:
        rounds = rounds.filter(pk=f.round)
    codes: set[str] | None = None
    under_path = None
    if where.unit:
        unit = unit_for(request, where.unit)
        codes = {unit.code, unit.short_code} - {""}
    if where.under:
        under_path = unit_for(request, where.under).path
    rows: list[dict[str, Any]] = []
    for rnd in rounds:
        for published in selectors.published_results(user, [rnd]):
            for entry in published.units:
                rows.append(
                    {
                        **entry,
                        "round": rnd.pk,
                        "round_name": rnd.name,
                        "year": published.year,
                        "owner_unit": rnd.owner_unit.code,
                    }
                )
    if codes is not None:
        rows = [r for r in rows if r.get("code") in codes]
    if under_path is not None:
        from cchc.orgs.models import OrgUnit

        inside = OrgUnit.objects.filter(path__startswith=under_path)
        known = (
            set(inside.values_list("code", flat=True)) | set(inside.values_list("short_code", flat=True))
        ) - {""}
        rows = [r for r in rows if r.get("code") in known]
    return paginate(request, rows, page)
