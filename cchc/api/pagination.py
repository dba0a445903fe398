"""Paginated lists: ``{"items": […], "count": N, "next": "<url>" | null}`` with ``?limit=`` (1–1000, default 100)
and ``?offset=``, in a stable order (the endpoint orders the queryset; ``pk`` last breaks ties).

    @router.get("/plans", response=Page[PlanOut])
    def plans(request, page: Query[PageParams], ...):
        return paginate(request, qs.order_by("-year", "pk"), page, plan_out)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import BaseModel, Field

from .calllog import set_rows_returned

T = TypeVar("T")
M = TypeVar("M")

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Số bản ghi mỗi trang (1–1000).")
    offset: int = Field(0, ge=0, le=10_000_000, description="Bỏ qua bấy nhiêu bản ghi đầu.")


class Page(BaseModel, Generic[T]):  # plain pydantic: ninja's Schema root validator costs ~0.2 ms an item
    items: list[T]
    count: int
    next: str | None = Field(None, description="Địa chỉ trang sau, hoặc null ở trang cuối.")


def next_url(request: HttpRequest, page: PageParams, count: int) -> str | None:
    after = page.offset + page.limit
    if after >= count:
        return None
    query = request.GET.copy()
    query["offset"] = str(after)
    query["limit"] = str(page.limit)
    base = (
        settings.API_BASE_URL.rstrip("/")
        if settings.API_BASE_URL
        else f"{request.scheme}://{request.get_host()}"
    )
    return f"{base}{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[M],
    page: PageParams,
    serialize: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """One page of ``rows`` (a queryset — counted and sliced in the database — or an already computed list)."""
    if isinstance(rows, QuerySet):
        count = rows.count()
        chunk: Sequence[Any] = (
            list(rows[page.offset : page.offset + page.limit]) if page.offset < count else []
        )
    else:
        count = len(rows)
        chunk = rows[page.offset : page.offset + page.limit]
    items = [serialize(row) for row in chunk] if serialize is not None else list(chunk)
    set_rows_returned(request, len(items))
    return {"items": items, "count": count, "next": next_url(request, page, count)}


__all__ = ["MAX_LIMIT", "Model", "Page", "PageParams", "paginate"]
