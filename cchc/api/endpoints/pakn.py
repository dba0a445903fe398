"""GET /pakn — petition records (phản ánh, kiến nghị) the user may see, through the PAKN module's own list
(``cchc.pakn.selectors.record_list``), senders masked outside the user's personal-data reach (NĐ 13/2023) exactly
as on the pages. POST /pakn (another system submits one) belongs in this module too (one path, one router)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from cchc.pakn import selectors
from cchc.pakn.models import Record

from ..auth import api_user
from ..filters import PeriodParams, UnitParams, unit_q
from ..main_errors import READ_ERRORS
from ..pagination import Page, PageParams, paginate

router = Router(tags=["pakn"])

State = Literal["refused", "published", "handled", "waiting", "in_progress"]


class Sender(Schema):
    name: str
    phone: str
    address: str
    masked: bool = Field(description="true: che một phần (người dùng không được xem dữ liệu cá nhân).")


class RecordOut(Schema):
    code: str
    unit: str
    received_at: datetime
    channel: str
    kind: str
    category: str
    content_type: str
    procedure_code: str
    dossier_code: str
    title: str
    content: str
    sender_type: str
    sender: Sender
    state: State
    overdue: bool
    refused_at: datetime | None
    handled_at: datetime | None
    published_at: datetime | None


def record_out(r: Record) -> dict[str, Any]:
    sender = r.sender  # type: ignore[attr-defined]  # set by selectors.with_senders
    return {
        "code": r.code,
        "unit": r.unit.code,
        "received_at": r.received_at,
        "channel": r.channel,
        "kind": r.kind,
        "category": r.category,
        "content_type": r.content_type,
        "procedure_code": r.procedure_code,
        "dossier_code": r.dossier_code,
        "title": r.title,
        "content": r.content,
        "sender_type": r.sender_type,
        "sender": {
            "name": sender.name,
            "phone": sender.phone,
            "address": sender.address,
            "masked": sender.masked,
        },
        "state": selectors.state_name(r),
        "overdue": r.clock.overdue,  # type: ignore[attr-defined]  # set by selectors.with_clocks
        "refused_at": r.refused_at,
        "handled_at": r.handled_at,
        "published_at": r.published_at,
    }


class RecordFilters(Schema):
    state: State | None = None
    channel: str | None = Field(None, max_length=12)
    category: Literal["regulation", "conduct"] | None = None
    q: str | None = Field(None, max_length=200, description="Tìm theo mã, tiêu đề, nội dung.")


@router.get("/pakn", response={200: Page[RecordOut], **READ_ERRORS}, summary="Phản ánh, kiến nghị")
def records(
    request: HttpRequest,
    page: Query[PageParams],
    where: Query[UnitParams],
    when: Query[PeriodParams],
    f: Query[RecordFilters],
) -> dict[str, Any]:
    """Records of the units the user sees, newest first; ``from``/``to`` select by the reception date."""
    user = api_user(request)
    start, end = when.window()
    filters = selectors.Filters(
        q=f.q or "",
        state=f.state or "",
        channel=f.channel or "",
        category=f.category or "",
        date_from=start,
        date_to=end,
    )
    qs = selectors.record_list(user, filters).filter(unit_q(request, where, "unit"))
    result = paginate(request, qs, page)
    rows = selectors.with_clocks(selectors.with_senders(user, result["items"]))
    result["items"] = [record_out(r) for r in rows]
    return result
