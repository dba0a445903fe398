"""Problem details (RFC 9457) for every error answer under /api/v1/.

Body: ``{"type", "title", "status", "code", "detail", "detail_en"}`` plus ``errors: [{"row", "field", "message",
"message_en"}]`` for validation. ``detail`` is Vietnamese, ``detail_en`` English, whatever language is active.

Endpoints raise what the rest of the code raises and the handlers installed by :func:`install` answer:

- ``DomainError`` → 400 (``code`` = the error's code; ``row``/``field`` go into ``errors``);
- ``Http404`` → 404, ``PermissionDenied`` → 403 (the getters of ``cchc/orgs/scope.py`` and the modules);
- ``ApiError(status, code, msgid, **params)`` for anything else (409 stale write, 413, 429, …);
- ninja's validation error → 400 with one entry per wrong field (rows counted from 1 in a list body);
- anything unexpected → logged, 500 problem (never a traceback).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cchc.core.errors import DomainError
from cchc.core.http import PROBLEM_CONTENT_TYPE

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)


# The default message of each status (when the raiser gave none).
STATUS_MESSAGES: dict[int, tuple[str, Any, str]] = {
    400: ("bad_request", _("Yêu cầu không hợp lệ."), "The request is not valid."),
    401: (
        "unauthorized",
        _("Cần khóa API hợp lệ (Authorization: Bearer …)."),
        "A valid API token is needed.",
    ),
    403: ("forbidden", _("Khóa API không được phép làm việc này."), "The API token may not do this."),
    404: ("not_found", _("Không tìm thấy."), "Not found."),
    405: (
        "method_not_allowed",
        _("Phương thức không được hỗ trợ ở đường dẫn này."),
        "This method is not supported at this path.",
    ),
    406: (
        "not_acceptable",
        _("Không trả về được định dạng yêu cầu."),
        "The requested format cannot be returned.",
    ),
    409: (
        "conflict",
        _("Dữ liệu đã bị thay đổi bởi người khác; hãy đọc lại rồi gửi lại."),
        "The data was changed by someone else; read it again and resend.",
    ),
    413: ("body_too_large", _("Dữ liệu gửi lên quá lớn."), "The request body is too large."),
    415: (
        "unsupported_media_type",
        _("Định dạng dữ liệu gửi lên không được hỗ trợ."),
        "The request body's format is not supported.",
    ),
    429: ("rate_limited", _("Quá nhiều yêu cầu; hãy thử lại sau."), "Too many requests; try again later."),
    500: (
        "server_error",
        _("Lỗi hệ thống; sự cố đã được ghi lại."),
        "Server error; the incident was logged.",
    ),
}


class ApiError(Exception):
    """An error answer with its status, a stable code and a Vietnamese msgid (``%(name)s`` from ``params``)."""

    def __init__(
        self,
        status: int,
        code: str | None = None,
        message: Any = None,
        *,
        headers: Mapping[str, str] | None = None,
        errors: list[dict[str, Any]] | None = None,
        **params: Any,
    ):
        default_code, default_message, _english = STATUS_MESSAGES.get(status, ("error", _("Lỗi."), "Error."))
        self.status = status
        if message is None:
            message = default_message
        self.error = DomainError(code or default_code, message, **params)
        self.headers = dict(headers or {})
        self.errors = errors
        super().__init__(self.error.code)


def _both(error: DomainError) -> tuple[str, str]:
    """The Vietnamese and the English text of an error."""
    vi = error.vi
    return vi, error.english() or vi


def _text(message: Any, lang: str) -> str:
    """``message`` (a msgid, lazy or not) in ``lang`` (English from the catalogue)."""
    vi, english = _both(DomainError("", message))
    return vi if lang == "vi" else english


def problem(
    status: int,
    code: str | None = None,
    message: Any = None,
    *,
    errors: Iterable[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    **params: Any,
) -> HttpResponse:
    """An ``application/problem+json`` answer (the one way an error leaves the API)."""
    return problem_from(ApiError(status, code, message, headers=headers, **params), errors=errors)


def problem_from(exc: ApiError, *, errors: Iterable[Mapping[str, Any]] | None = None) -> HttpResponse:
    vi, en = _both(exc.error)
    try:
        title = HTTPStatus(exc.status).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": exc.status,
        "code": exc.error.code,
        "detail": vi,
        "detail_en": en,
    }
    listed = list(errors if errors is not None else (exc.errors or []))
    if listed:
        body["errors"] = listed
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=exc.status, content_type=PROBLEM_CONTENT_TYPE
    )
    for key, value in exc.headers.items():
        response[key] = value
    return response


def domain_problem(error: DomainError, status: int = 400) -> HttpResponse:
    """A ``DomainError`` as a problem; its ``row``/``field`` become the one entry of ``errors``."""
    vi, en = _both(error)
    entry = {"row": error.row, "field": error.field, "message": vi, "message_en": en}
    exc = ApiError(status, error.code, error.template, **error.params)
    exc.error.where = error.where
    return problem_from(exc, errors=[entry])


def error_entry(error: DomainError) -> dict[str, Any]:
    """One ``errors`` entry for a ``DomainError`` (write endpoints collecting several rows' errors)."""
    vi, en = _both(error)
    return {"row": error.row, "field": error.field, "message": vi, "message_en": en}


# --- ninja validation errors → 400 with errors[] --------------------------------------------------------------

_PYDANTIC_MESSAGES: dict[str, tuple[Any, str]] = {
    "missing": (_("Thiếu giá trị bắt buộc."), "A required value is missing."),
    "int_parsing": (_("Phải là số nguyên."), "Must be an integer."),
    "int_type": (_("Phải là số nguyên."), "Must be an integer."),
    "float_parsing": (_("Phải là số."), "Must be a number."),
    "decimal_parsing": (_("Phải là số."), "Must be a number."),
    "bool_parsing": (_("Phải là true hoặc false."), "Must be true or false."),
    "date_parsing": (_("Ngày không hợp lệ (YYYY-MM-DD)."), "Not a valid date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": (_("Ngày không hợp lệ (YYYY-MM-DD)."), "Not a valid date (YYYY-MM-DD)."),
    "datetime_parsing": (_("Thời điểm không hợp lệ (ISO 8601)."), "Not a valid date-time (ISO 8601)."),
    "datetime_from_date_parsing": (
        _("Thời điểm không hợp lệ (ISO 8601)."),
        "Not a valid date-time (ISO 8601).",
    ),
    "string_too_long": (_("Giá trị quá dài."), "The value is too long."),
    "string_type": (_("Phải là chuỗi ký tự."), "Must be a string."),
    "less_than_equal": (_("Giá trị quá lớn."), "The value is too large."),
    "greater_than_equal": (_("Giá trị quá nhỏ."), "The value is too small."),
    "greater_than": (_("Giá trị quá nhỏ."), "The value is too small."),
    "enum": (_("Giá trị không nằm trong danh sách cho phép."), "The value is not one of those allowed."),
    "literal_error": (
        _("Giá trị không nằm trong danh sách cho phép."),
        "The value is not one of those allowed.",
    ),
    "json_invalid": (_("Nội dung JSON không hợp lệ."), "The JSON is not valid."),
    "list_type": (_("Phải là một danh sách."), "Must be a list."),
    "model_attributes_type": (_("Phải là một đối tượng JSON."), "Must be a JSON object."),
    "dict_type": (_("Phải là một đối tượng JSON."), "Must be a JSON object."),
}
_DEFAULT_FIELD_MESSAGE = (_("Giá trị không hợp lệ."), "The value is not valid.")


def validation_entries(raw: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's errors as ``{row, field, message, message_en}``: a list index in the location is the row (from 1)."""
    entries = []
    for err in raw:
        loc = [part for part in err.get("loc", ()) if part not in ("body", "query", "path", "header", "form")]
        row = None
        names: list[str] = []
        for part in loc:
            if isinstance(part, int) and row is None:
                row = part + 1
            elif isinstance(part, str):
                names.append(part)
        if names and names[0] == "payload" and len(names) > 1:  # ninja's body parameter name
            names = names[1:]
        message, _english = _PYDANTIC_MESSAGES.get(str(err.get("type", "")), _DEFAULT_FIELD_MESSAGE)
        entries.append(
            {
                "row": row,
                "field": ".".join(names) or None,
                "message": _text(message, "vi"),
                "message_en": _text(message, "en"),
            }
        )
    return entries


def exception_problem(request: HttpRequest, exc: Any) -> HttpResponse:
    """The problem answer for any exception an endpoint lets out."""
    if isinstance(exc, ApiError):
        return problem_from(exc)
    if isinstance(exc, DomainError):
        return domain_problem(exc)
    if isinstance(exc, ValidationError):
        return problem(
            400,
            "invalid_input",
            _("Dữ liệu gửi lên không hợp lệ."),
            errors=validation_entries(exc.errors),
        )
    if isinstance(exc, AuthenticationError):
        from .auth import refusal_problem

        return refusal_problem(request)
    if isinstance(exc, HttpError):
        return problem(exc.status_code if 400 <= exc.status_code < 600 else 400)
    if isinstance(exc, Http404):
        return problem(404, "not_found", exc.args[0] if exc.args and exc.args[0] else None)
    if isinstance(exc, PermissionDenied):
        return problem(403, "forbidden", exc.args[0] if exc.args and exc.args[0] else None)
    logger.exception("api: unexpected error", exc_info=exc)
    return problem(500)


def install(api: NinjaAPI) -> None:
    """Make every exception the API can meet answer a problem (ninja looks handlers up by class)."""
    for exc_class in (
        DomainError,
        ApiError,
        ValidationError,
        AuthenticationError,
        HttpError,
        Http404,
        PermissionDenied,
        Exception,
    ):
        api.add_exception_handler(exc_class, exception_problem)
