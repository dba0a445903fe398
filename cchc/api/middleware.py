"""Everything under /api/v1/ passes here (placed after the audit middleware, before the upload limit):

1. the ``Authorization`` header is checked once (``request.api_checked``); a valid token's user becomes
   ``request.user`` and the audit actor (``api:<token name>``), so writes are attributed like a web user's;
2. the per-token rate limit (429 problem with ``Retry-After``) and the body size cap (413 problem);
3. any error answer that is not yet a problem (Django's 404 for an unknown path, 405, …) becomes one;
4. the call is logged (:mod:`cchc.api.calllog`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from cchc.audit.context import clear_actor, set_actor
from cchc.core.errors import gettext_noop
from cchc.core.http import PROBLEM_CONTENT_TYPE

from . import ratelimit
from .calllog import record_call
from .errors import problem
from .tokens import check_token

logger = logging.getLogger(__name__)

# Readable without a token, not rate-limited (the description and the interactive docs).
OPEN_PATHS = ("openapi.json", "docs")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def api_prefix() -> str:
    return settings.API_PREFIX


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        prefix = api_prefix()
        if not request.path.startswith(prefix):
            return self.get_response(request)
        try:
            return self._serve(request, prefix)
        except Exception:  # never an HTML error page under /api/v1/
            logger.exception("api: unexpected error in the middleware")
            return problem(500)

    def _serve(self, request: HttpRequest, prefix: str) -> HttpResponse:
        started = time.monotonic()
        translation.activate("vi")
        request.LANGUAGE_CODE = "vi"
        rest = request.path[len(prefix) :].strip("/")
        is_open = rest in OPEN_PATHS
        checked = None if is_open else check_token(request.headers.get("Authorization"))
        request.api_checked = checked  # type: ignore[attr-defined]
        token = checked.token if checked is not None and checked.refusal is None else None
        response: HttpResponse | None = None
        try:
            if token is not None:
                request.user = token.user
                retry = ratelimit.hit(token.pk)
                if retry is not None:
                    response = problem(
                        429,
                        "rate_limited",
                        gettext_noop(
                            "Quá %(n)s yêu cầu một phút cho mỗi khóa API; hãy thử lại sau %(s)s giây."
                        ),
                        headers={"Retry-After": str(retry)},
                        n=settings.API_RATE_LIMIT_PER_MINUTE,
                        s=retry,
                    )
                elif request.method not in SAFE_METHODS:  # reads write nothing: no round trip for them
                    set_actor(token.user.pk, f"api:{token.name}"[:100])
                    request.api_actor_set = True  # type: ignore[attr-defined]
            if response is None:
                response = (
                    self._size_check(request) or self._text_check(request) or self.get_response(request)
                )
            response = self._as_problem(response)
        finally:
            if (
                getattr(request, "api_actor_set", False)
                and connection.connection is not None
                and not connection.needs_rollback
            ):
                clear_actor()
        if not is_open:
            record_call(request, response.status_code, checked, int((time.monotonic() - started) * 1000))
        return response

    def _size_check(self, request: HttpRequest) -> HttpResponse | None:
        limit = settings.API_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return problem(
                413,
                "body_too_large",
                gettext_noop("Dữ liệu gửi lên quá lớn (tối đa %(n)s byte)."),
                n=limit,
            )
        return None

    def _text_check(self, request: HttpRequest) -> HttpResponse | None:
        """A NUL character cannot be stored or searched in PostgreSQL text: refuse it in the path and parameters."""
        if (
            "\x00" in request.path
            or any("\x00" in k or "\x00" in v for k, values in request.GET.lists() for v in values)
            or (request.content_type == "application/json" and _json_has_nul(request.body))
        ):
            return problem(
                400,
                "nul_character",
                gettext_noop("Đường dẫn hoặc tham số chứa ký tự NUL (\\0)."),
            )
        return None

    def _as_problem(self, response: HttpResponse) -> HttpResponse:
        if response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        if response.status_code >= 500:
            logger.error("api: non-problem %s answer", response.status_code)
        allowed = response.get("Allow")
        converted = problem(response.status_code)
        if allowed:
            converted["Allow"] = allowed
        return converted


def _json_has_nul(body: bytes) -> bool:
    """A JSON body holding a NUL character, raw or escaped (``\\u0000``): PostgreSQL text cannot store it."""
    return b"\x00" in body or b"\\u0000" in body.lower()
