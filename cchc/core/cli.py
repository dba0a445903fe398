"""Helpers shared by the management commands of the contracts (`../shared/contracts/README.md`).

- ``--json`` prints exactly one JSON document on standard output, UTF-8, not ASCII-escaped.
- Bad input exits with status 2 and one line on standard error: Vietnamese, then " / " and the English text.

Services, loaders and pure cores raise :class:`cchc.core.errors.DomainError`; ``BadInput`` is for the commands'
own argument checks only (it is a ``DomainError`` with the code ``bad_input``).
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NoReturn

from cchc.core.errors import DomainError


class BadInput(DomainError):
    """A management command's bad argument (commands only; everything else raises ``DomainError``): a msgid marked
    with ``gettext_noop`` and its parameters, like every ``DomainError``; the code is ``bad_input``."""

    def __init__(self, message: Any, **params: Any):
        super().__init__("bad_input", message, **params)


def fail(line: str) -> NoReturn:
    """Print one line on standard error and exit with status 2."""
    sys.stderr.write(line.replace("\n", " ") + "\n")
    sys.stderr.flush()
    raise SystemExit(2)


def fail_error(exc: DomainError) -> NoReturn:
    """Exit 2 with the error's one line: the Vietnamese message, then " / " and the English one (from the
    catalogue) when there is one."""
    english = exc.english()
    fail(f"{exc.vi} / {english}" if english else exc.vi)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        q = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return int(q) if q == q.to_integral_value() and "." not in str(value) else float(q)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_default)


def print_json(obj: Any, stream=None) -> None:
    """Print one JSON document (Decimals rounded half-up to 2 places) and a newline."""
    stream = stream or sys.stdout
    stream.write(dumps(obj) + "\n")
    stream.flush()
