"""The sharing log (NĐ 47/2020 Điều 45): one ``ApiCallLog`` row per call, written by the middleware.

Endpoints say how many rows they returned or wrote: :func:`paginate` sets ``rows_returned`` itself; a write endpoint
calls ``set_rows_written(request, n)`` (a single-object GET: ``set_rows_returned(request, 1)``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.http import HttpRequest

from .models import ApiCallLog

if TYPE_CHECKING:
    from .tokens import Checked

logger = logging.getLogger(__name__)


def set_rows_returned(request: HttpRequest, n: int) -> None:
    request.api_rows_returned = n  # type: ignore[attr-defined]


def set_rows_written(request: HttpRequest, n: int) -> None:
    request.api_rows_written = n  # type: ignore[attr-defined]


def record_call(request: HttpRequest, status: int, checked: Checked | None, duration_ms: int) -> None:
    """Write the log row; a failure to log is logged, never turned into an error answer."""
    token = checked.token if checked is not None else None
    try:
        ApiCallLog.objects.create(
            token=token,
            token_name=token.name if token is not None else "",
            user_id=token.user_id if token is not None else None,
            method=(request.method or "")[:10],
            path=request.path.replace("\x00", "")[:500],
            query=request.META.get("QUERY_STRING", "").replace("\x00", "")[:1000],
            status=status,
            rows_returned=getattr(request, "api_rows_returned", None),
            rows_written=getattr(request, "api_rows_written", None),
            duration_ms=max(0, duration_ms),
            remote_addr=(request.META.get("REMOTE_ADDR") or "")[:64],
        )
    except Exception:
        logger.exception("api: the call could not be logged")
