"""Period codes an integrating system names a report period by (contracts/api.md ``/data-values``). Pure.

DHIS2-style codes name a *kind* of CCHC report in a year — ``2026Q1`` (quý I), ``2026S1`` (6 tháng đầu năm),
``2026`` (năm), ``2026-03`` or ``202603`` (tháng 3) — and are matched to the report period of that kind in that year
(whose data window the preset gives: quý I of 2026 is 15/12/2025–14/3/2026). ADX-style ISO 8601 ``start/duration``
(``2025-12-15/P3M``) names the data window itself: ``[start, start + duration)``, matched to the period with exactly
that window (``data_from`` = start, ``data_to`` = the day before start + duration).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cchc.core.errors import DomainError, gettext_noop
from cchc.core.iso_periods import parse_period

MIN_YEAR, MAX_YEAR = 1900, 2200

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_HALF = re.compile(r"^(\d{4})S([12])$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-?(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class PeriodCode:
    """A parsed period: either a report kind in a year (``kind``, ``year``) or a data window (``start``, ``end``,
    both inclusive)."""

    text: str
    kind: str = ""
    year: int | None = None
    start: date | None = None
    end: date | None = None

    @property
    def is_window(self) -> bool:
        return self.start is not None


def _bad(text: str) -> DomainError:
    return DomainError(
        "invalid_period",
        gettext_noop(
            "Kỳ “%(period)s” không hợp lệ: dùng 2026Q1, 2026S1, 2026, 2026-03 hoặc ngày bắt đầu/độ dài ISO 8601 "
            "như 2025-12-15/P3M"
        ),
        field="period",
        period=text[:64],
    )


def _year(text: str, value: str) -> int:
    year = int(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _bad(text)
    return year


def parse_iso_window(text: str) -> tuple[date, date]:
    """``YYYY-MM-DD/PnYnMnWnD`` (or ``start/end``) → (first day, last day): the shared ISO 8601 parser
    (:func:`cchc.core.iso_periods.parse_period`, pure), so that the API's ``period=`` filters and the data values
    read a window the same way."""
    window = parse_period(text)
    return window.start, window.end


def parse_period_code(text: object) -> PeriodCode:
    """Parse a period code (see the module docstring); a bad one raises ``DomainError("invalid_period")``."""
    if not isinstance(text, str) or not text.strip():
        raise _bad(str(text or ""))
    t = text.strip().upper()
    if "/" in t:
        try:
            start, end = parse_iso_window(text.strip())
        except DomainError:
            raise _bad(text) from None
        return PeriodCode(text, start=start, end=end)
    if m := _QUARTER.match(t):
        return PeriodCode(text, kind=f"q{m.group(2)}", year=_year(text, m.group(1)))
    if m := _HALF.match(t):
        return PeriodCode(text, kind=f"h{m.group(2)}", year=_year(text, m.group(1)))
    if m := _YEAR.match(t):
        return PeriodCode(text, kind="year", year=_year(text, m.group(1)))
    if m := _MONTH.match(t):
        return PeriodCode(text, kind=f"m{m.group(2)}", year=_year(text, m.group(1)))
    raise _bad(text)
