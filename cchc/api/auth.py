"""Bearer-token authentication for ninja, and the helpers an endpoint uses to know who is calling.

:class:`ApiMiddleware` (``cchc/api/middleware.py``) checks the ``Authorization`` header once per request and
leaves the result on the request; :data:`token_auth` (ninja's ``auth=``) lets a call through when the token was
valid and answers 401 otherwise. :func:`require_write` is the 403 of a read-only token on a write endpoint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from .errors import ApiError, problem
from .tokens import Checked, Refusal

if TYPE_CHECKING:
    from cchc.accounts.models import User

    from .models import ApiToken

REFUSAL_MESSAGES: dict[Refusal, tuple[Any, str]] = {
    Refusal.MISSING: (
        _("Thiếu khóa API: gửi tiêu đề Authorization: Bearer <khóa>."),
        "No API token: send the header Authorization: Bearer <token>.",
    ),
    Refusal.MALFORMED: (_("Khóa API không hợp lệ."), "The API token is not valid."),
    Refusal.UNKNOWN: (_("Khóa API không hợp lệ."), "The API token is not valid."),
    Refusal.EXPIRED: (_("Khóa API đã hết hạn."), "The API token has expired."),
    Refusal.REVOKED: (_("Khóa API đã bị thu hồi."), "The API token was revoked."),
    Refusal.INACTIVE_USER: (_("Tài khoản của khóa API đã bị khóa."), "The API token's account is disabled."),
}


def checked(request: HttpRequest) -> Checked:
    """The middleware's verdict on the request's token."""
    result = getattr(request, "api_checked", None)
    if result is None:  # called outside the middleware (should not happen): check now
        from .tokens import check_token

        result = check_token(request.headers.get("Authorization"))
        request.api_checked = result  # type: ignore[attr-defined]
    return result


def refusal_problem(request: HttpRequest) -> HttpResponse:
    refusal = checked(request).refusal or Refusal.MISSING
    message, _english = REFUSAL_MESSAGES[refusal]  # the English twin is the catalogue's entry
    return problem(401, refusal.value, message, headers={"WWW-Authenticate": 'Bearer realm="cchc"'})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cchc_…``: the token's user becomes ``request.user`` (done by the middleware)."""

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        token = checked(request).token
        if token is None or checked(request).refusal is not None:
            raise AuthenticationError()
        return token

    def authenticate(
        self, request: HttpRequest, token: str
    ) -> ApiToken | None:  # pragma: no cover - see __call__
        return None


token_auth = TokenAuth()


def api_token(request: HttpRequest) -> ApiToken:
    """The valid token of the call (endpoints run only when there is one)."""
    token = checked(request).token
    if token is None:
        raise AuthenticationError()
    return token


def api_user(request: HttpRequest) -> User:
    """The token's user: pass it to the module's selectors/getters exactly as a view passes ``request.user``."""
    return api_token(request).user


def require_write(request: HttpRequest) -> User:
    """403 for a read-only token; returns the user for the write (data scope is then checked by the getters)."""
    token = api_token(request)
    if not token.can_write:
        raise ApiError(
            403,
            "token_read_only",
            _("Khóa API này chỉ được đọc; cần khóa có quyền ghi."),
        )
    return token.user
