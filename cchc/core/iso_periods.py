"""ISO 8601 periods (ADX / DHIS2 style), read the same way by the API's ``period=`` filters and the reports'
period codes (``cchc.reports.period_codes``, the data values' ``period``). Pure.

Accepted, every result an inclusive ``(start, end)`` pair of dates:

- ``2025-12-15/P3M`` — a start and a duration (``PnYnMnWnD``; no time part): the end is the day before
  ``start + duration`` (``2025-12-15/P3M`` → 15/12/2025–14/03/2026, the CCHC quý I window);
- ``2025-12-15/2026-03-14`` — a start and an end (inclusive);
- ``2026`` (a year), ``2026Q1``…``2026Q4`` (calendar quarters unless a ``quarter`` function is given),
  ``2026S1``/``2026S2`` (half-years), ``202603`` or ``2026-03`` (a month), ``2026-03-05`` (a day).

Bad text raises ``DomainError("bad_period", …)`` with a Vietnamese message naming the accepted forms.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from cchc.core.errors import DomainError, gettext_noop

MIN_YEAR, MAX_YEAR = 1900, 2200

_DURATION = re.compile(r"^P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive

    def iso(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


QuarterFn = Callable[[int, int], tuple[date, date]]


def _bad(text: str) -> DomainError:
    return DomainError(
        "bad_period",
        gettext_noop(
            "Kỳ “%(text)s” không hợp lệ: dùng YYYY-MM-DD/PnYnMnD (ví dụ 2025-12-15/P3M), YYYY-MM-DD/YYYY-MM-DD, "
            "YYYY, YYYYQn, YYYYSn, YYYYMM hoặc YYYY-MM-DD."
        ),
        field="period",
        text=text[:60],
    )


def _year(y: int, text: str) -> int:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise _bad(text)
    return y


def parse_day(text: str, whole: str | None = None) -> date:
    m = _DAY.match(text)
    if not m:
        raise _bad(whole or text)
    try:
        return date(_year(int(m[1]), whole or text), int(m[2]), int(m[3]))
    except ValueError:
        raise _bad(whole or text) from None


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` months, the day of month clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def _month_range(year: int, month: int) -> DateRange:
    return DateRange(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def calendar_quarter(year: int, quarter: int) -> tuple[date, date]:
    first = 3 * (quarter - 1) + 1
    return date(year, first, 1), _month_range(year, first + 2).end


def parse_period(text: str, *, quarter: QuarterFn | None = None) -> DateRange:
    """The inclusive date range ``text`` names (see the module docstring)."""
    raw = (text or "").strip()
    if not raw or len(raw) > 60:
        raise _bad(raw)
    if "/" in raw:
        left, _, right = raw.partition("/")
        start = parse_day(left, raw)
        if right.startswith("P"):
            m = _DURATION.match(right)
            if not m or not any(m.groups()):
                raise _bad(raw)
            years, months, weeks, days = (int(g) if g else 0 for g in m.groups())
            try:
                after = add_months(start, 12 * years + months) + timedelta(weeks=weeks, days=days)
            except (ValueError, OverflowError):
                raise _bad(raw) from None
            _year(after.year, raw)
            end = after - timedelta(days=1)
        else:
            end = parse_day(right, raw)
        if end < start:
            raise _bad(raw)
        return DateRange(start, end)
    if re.fullmatch(r"\d{4}", raw):
        y = _year(int(raw), raw)
        return DateRange(date(y, 1, 1), date(y, 12, 31))
    m = re.fullmatch(r"(\d{4})Q([1-4])", raw)
    if m:
        y = _year(int(m[1]), raw)
        start, end = (quarter or calendar_quarter)(y, int(m[2]))
        return DateRange(start, end)
    m = re.fullmatch(r"(\d{4})S([12])", raw)
    if m:
        y = _year(int(m[1]), raw)
        return (
            DateRange(date(y, 1, 1), date(y, 6, 30))
            if m[2] == "1"
            else DateRange(date(y, 7, 1), date(y, 12, 31))
        )
    m = re.fullmatch(r"(\d{4})-?(\d{2})", raw)
    if m:
        y, mo = _year(int(m[1]), raw), int(m[2])
        if not 1 <= mo <= 12:
            raise _bad(raw)
        return _month_range(y, mo)
    day = parse_day(raw)
    return DateRange(day, day)


def resolve_window(
    *, period: str | None, date_from: date | None, date_to: date | None
) -> tuple[date | None, date | None]:
    """``from``/``to`` and ``period`` together: the period gives both ends, an explicit ``from``/``to`` narrows it."""
    start, end = date_from, date_to
    if period:
        window = parse_period(period)
        start = max(window.start, date_from) if date_from else window.start
        end = min(window.end, date_to) if date_to else window.end
    if start is not None and end is not None and end < start:
        raise DomainError(
            "bad_window",
            gettext_noop("Ngày kết thúc (to) trước ngày bắt đầu (from)."),
            field="to",
        )
    return start, end
