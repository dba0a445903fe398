"""Helpers shared by the management commands of the contracts (`../shared/contracts/README.md`).

- ``--json`` prints exactly one JSON document on standard output, UTF-8, not ASCII-escaped.
- Bad input exits with status 2 and one line on standard error: Vietnamese, then " / " and the English text.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NoReturn


class BadInput(Exception):
    """Raised by pure code for input the user must fix; commands turn it into exit status 2."""

    def __init__(self, vi: str, en: str | None = None):
        self.vi = vi
        self.en = en
        super().__init__(f"{vi} / {en}" if en else vi)


def fail(vi: str, en: str | None = None) -> NoReturn:
    """Print one line on standard error and exit with status 2."""
    line = f"{vi} / {en}" if en else vi
    sys.stderr.write(line.replace("\n", " ") + "\n")
    sys.stderr.flush()
    raise SystemExit(2)


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
