"""What the write endpoints share: the errors of a refused set of rows, of a stale write, of a service's form-style
``ValidationError``, each as a problem with ``errors: [{row, field, message, message_en}]`` (rows from 1)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cchc.core.errors import DomainError
from cchc.core.versioning import StaleEdit
from cchc.onestop.importing import OUT_OF_SCOPE, ImportRejected, RowError

from ..errors import ApiError

T = TypeVar("T")
logger = logging.getLogger(__name__)


def row_entry(error: RowError) -> dict[str, Any]:
    """An importer's row error as an ``errors`` entry, in Vietnamese and in English (from the catalogue)."""
    message = error.message
    if isinstance(message, DomainError):
        vi, en = message.vi, message.english() or message.vi
    else:
        vi, en = message.render("vi"), message.render("en")
    return {"row": error.row or None, "field": error.field or None, "message": vi, "message_en": en}


def rejected(exc: ImportRejected) -> ApiError:
    """A refused set of rows: 403 when a row names a unit (or touches a record) outside the token user's data
    scope — nothing is written either way — else 400; every bad row listed."""
    entries = [row_entry(e) for e in exc.errors]
    if any(e.code == OUT_OF_SCOPE for e in exc.errors):
        return ApiError(
            403,
            OUT_OF_SCOPE,
            _("Có dòng thuộc đơn vị ngoài phạm vi dữ liệu của khóa API; không có dữ liệu nào được ghi."),
            errors=entries,
        )
    return ApiError(
        400,
        exc.code,
        _("Dữ liệu có %(n)s lỗi; không có dữ liệu nào được ghi."),
        errors=entries,
        n=exc.total,
    )


def stale(exc: StaleEdit) -> ApiError:
    """409: someone else saved the record after the version the caller sent."""
    return ApiError(
        409,
        "stale_write",
        _("%(detail)s Phiên bản hiện tại: %(version)s."),
        detail=exc.messages[0],
        version=exc.version,
    )


def form_errors(run: Callable[[], T], *, field_names: dict[str, str] | None = None) -> T:
    """Run a service that reports bad input as a Django ``ValidationError`` (messages already translated when
    raised); on one, run it once more in English inside a rolled-back transaction to get the English twins (the
    services check everything before writing), and raise a 400 listing each field."""
    try:
        return run()
    except StaleEdit:
        raise
    except ValidationError as exc:
        vi = _by_field(exc)
    en: dict[str, list[str]] = {}
    try:
        with translation.override("en"), transaction.atomic():
            run()
            raise _Rollback
    except ValidationError as again:
        en = _by_field(again)
    except (_Rollback, DomainError, PermissionDenied):  # no English twin: the Vietnamese answer stands
        pass
    except Exception:  # the twin is a courtesy: never turn a 400 into a 500
        logger.warning("api: the English twin of a validation error failed", exc_info=True)
    names = field_names or {}
    entries = []
    for field, messages in vi.items():
        twins = en.get(field, [])
        for i, message in enumerate(messages):
            entries.append(
                {
                    "row": None,
                    "field": names.get(field, field) if field != "__all__" else None,
                    "message": message,
                    "message_en": twins[i] if i < len(twins) else message,
                }
            )
    raise ApiError(
        400,
        "invalid_input",
        _("Dữ liệu gửi lên không hợp lệ."),
        errors=entries,
    )


class _Rollback(Exception):
    pass


def _by_field(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}
