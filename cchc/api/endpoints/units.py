"""GET /units: the org units in the token user's view scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from cchc.orgs.models import OrgUnit

from ..filters import UnitParams, in_scope
from ..main_errors import READ_ERRORS
from ..pagination import Page, PageParams, paginate

router = Router(tags=["units"])


class UnitOut(Schema):
    code: str
    name: str
    short_code: str
    short_name: str
    kind: str
    parent: str | None = Field(None, description="Mã đơn vị cấp trên.")
    valid_from: date | None
    valid_to: date | None


def unit_out(unit: OrgUnit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_code": unit.short_code,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent.code if unit.parent is not None else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }


@router.get("/units", response={200: Page[UnitOut], **READ_ERRORS}, summary="Đơn vị trong phạm vi của khóa")
def units(
    request: HttpRequest, page: Query[PageParams], where: Query[UnitParams], on: date | None = None
) -> dict[str, Any]:
    """Org units the token's user may see; ``unit``/``under`` narrow it; ``on`` keeps those valid that day."""
    qs = in_scope(request, OrgUnit.objects.select_related("parent"), where, unit_field="")
    if on is not None:
        from cchc.orgs.scope import valid_on_q

        qs = qs.filter(valid_on_q(on))
    return paginate(request, qs.order_by("path", "pk"), page, unit_out)
