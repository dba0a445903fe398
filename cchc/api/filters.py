"""The common query parameters and the token user's scope.

Every list filters through the same org scope as the web (``cchc/orgs/scope.py``): :func:`in_scope` applies the
user's view reach (``kind="data"`` for writes) and the optional ``unit=CODE`` / ``under=CODE``; a code the user may
not see is a 404, exactly as ``get_unit_for_user`` answers a page.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import ConfigDict, Field

from cchc.core.iso_periods import resolve_window
from cchc.orgs.scope import UserScope, filter_by_unit_scope, get_unit_for_user, scope_for

from .auth import api_user

if TYPE_CHECKING:
    from cchc.orgs.models import OrgUnit

M = TypeVar("M", bound=Model)


class UnitParams(Schema):
    unit: str | None = Field(None, max_length=64, description="Mã một đơn vị (chỉ đơn vị đó).")
    under: str | None = Field(
        None, max_length=64, description="Mã một đơn vị (đơn vị đó và các đơn vị cấp dưới)."
    )


class PeriodParams(Schema):
    model_config = ConfigDict(populate_by_name=True)

    date_from: date | None = Field(None, alias="from", description="Từ ngày (YYYY-MM-DD).")
    date_to: date | None = Field(None, alias="to", description="Đến hết ngày (YYYY-MM-DD).")
    period: str | None = Field(
        None,
        max_length=60,
        description="Kỳ ISO 8601 start/duration, ví dụ 2025-12-15/P3M (hoặc 2026Q1, 2026-03).",
    )

    def window(self) -> tuple[date | None, date | None]:
        """The inclusive ``(from, to)`` (either may be None); a bad period is a 400."""
        return resolve_window(period=self.period, date_from=self.date_from, date_to=self.date_to)


def api_scope(request: HttpRequest) -> UserScope:
    """The token user's scope (``.view`` for reads, ``.data`` for writes), as ``scope_for(request.user)`` on the web."""
    return scope_for(api_user(request))


def unit_for(request: HttpRequest, code: str, *, write: bool = False) -> OrgUnit:
    """The unit named by ``code`` if the token's user may see it (404), and enter data for it when ``write`` (403)."""
    return get_unit_for_user(api_user(request), code.strip(), write=write)


def unit_q(request: HttpRequest, params: UnitParams, unit_field: str = "unit") -> Q:
    """The ``unit=``/``under=`` filter as a ``Q`` over ``unit_field`` (each code checked through the scope)."""
    q = Q()
    prefix = f"{unit_field}__" if unit_field else ""
    if params.unit:
        q &= Q(**{f"{prefix}pk": unit_for(request, params.unit).pk})
    if params.under:
        q &= Q(**{f"{prefix}path__startswith": unit_for(request, params.under).path})
    return q


def in_scope(
    request: HttpRequest,
    qs: QuerySet[M],
    params: UnitParams | None = None,
    *,
    unit_field: str = "unit",
    kind: str = "view",
) -> QuerySet[M]:
    """``qs`` restricted to the token user's reach (``kind``) and the ``unit``/``under`` filter."""
    if unit_field:
        qs = filter_by_unit_scope(qs, api_user(request), unit_field=unit_field, kind=kind)
    else:  # a queryset of units itself
        qs = qs.filter(getattr(api_scope(request), kind).q())
    if params is not None:
        qs = qs.filter(unit_q(request, params, unit_field))
    return qs


def selected_units(request: HttpRequest, params: UnitParams) -> QuerySet[OrgUnit]:
    """The units in view scope matching ``unit``/``under`` (for endpoints computing figures per unit)."""
    from cchc.orgs.models import OrgUnit

    return in_scope(request, OrgUnit.objects.all(), params, unit_field="")
