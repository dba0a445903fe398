"""Structured logs: one ``key=value`` line per record, with the request's path and user where there is one.

    time=2026-03-02T10:15:04 level=ERROR logger=cchc.plans.views path=/ke-hoach/nhap/ user=ward.a msg="…"

``settings.LOGGING`` wires :class:`RequestContextFilter` and :class:`KeyValueFormatter` to the console handler
(standard error); ``LOG_LEVEL`` sets the level. :class:`RequestLogMiddleware` remembers the current request for the
filter. A traceback (``logger.exception``) follows its line, indented. Nothing here imports Django models: the logging
configuration loads this module while settings are being set up.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

from django.utils.functional import empty

_request: ContextVar[Any] = ContextVar("cchc_log_request", default=None)

FIELDS = ("path", "user")


def _username(request: Any) -> str:
    user = getattr(request, "user", None)
    if user is None:
        return "-"
    wrapped = getattr(user, "_wrapped", user)  # a SimpleLazyObject not yet evaluated: do not query for it
    if wrapped is None or wrapped is empty:
        return "-"
    if not getattr(wrapped, "is_authenticated", False):
        return "anonymous"
    return wrapped.get_username()


class RequestContextFilter(logging.Filter):
    """Add ``path`` and ``user`` to every record: from ``record.request`` (Django's own request logs) or the
    request :class:`RequestLogMiddleware` is serving, else ``-``."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None) or _request.get()
        if not hasattr(record, "path"):
            record.path = getattr(request, "path", "-") if request is not None else "-"
        if not hasattr(record, "user"):
            record.user = _username(request) if request is not None else "-"
        return True


def _value(value: Any) -> str:
    text = str(value)
    if text and not any(c in text for c in ' "=\n\t'):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class KeyValueFormatter(logging.Formatter):
    """``time= level= logger= path= user= msg=`` on one line; a traceback after it, indented."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("datefmt", "%Y-%m-%dT%H:%M:%S")
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        parts = [
            f"time={self.formatTime(record, self.datefmt)}",
            f"level={record.levelname}",
            f"logger={record.name}",
        ]
        parts += [f"{name}={_value(getattr(record, name, '-'))}" for name in FIELDS]
        parts.append(f"msg={_value(record.getMessage())}")
        line = " ".join(parts)
        if record.exc_info:
            record.exc_text = record.exc_text or self.formatException(record.exc_info)
        if record.exc_text:
            line += "\n" + "\n".join("    " + row for row in record.exc_text.splitlines())
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


class RequestLogMiddleware:
    """Remember the request being served so that log records name its path and user (after authentication)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
