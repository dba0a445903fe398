"""When an assignment is due, and whether it is due soon or overdue. Pure: no Django.

- A task with a concrete deadline (date, month, quarter, half year, year) is due on its last day.
- A recurring task ("Thường xuyên", "Định kỳ") is reported on every reporting period (month, quarter or half
  year): it is due at the end of the current period, and overdue when the last finished period was not reported.
- A relative task ("Trong vòng 7 ngày kể từ ngày nhận được Kế hoạch") is due N days after the unit received it.
- "By direction" and unknown deadlines have no due date.

Due soon means within ``soon`` working days of the due date on the shared working-day calendar.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from cchc.core.text import fold

CONCRETE = ("date", "month", "quarter", "half_year", "year")
DONE = ("done", "done_late")
CLOSED = ("done", "done_late", "not_done")

_WITHIN_DAYS = re.compile(r"trong (?:vong|thoi han)\s*(\d{1,3})\s*ngay")


def relative_days(text: str | None) -> int | None:
    """ "Trong vòng 7 ngày kể từ ngày nhận được Kế hoạch" → 7."""
    m = _WITHIN_DAYS.search(fold(text or ""))
    return int(m.group(1)) if m else None


def period_key(day: date, period: str) -> str:
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "half_year":
        return f"{day.year}-H{1 if day.month <= 6 else 2}"
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_bounds(key: str) -> tuple[date, date]:
    year_s, part = key.split("-")
    year = int(year_s)
    if part.startswith("Q"):
        q = int(part[1:])
        first, last = 3 * q - 2, 3 * q
    elif part.startswith("H"):
        h = int(part[1:])
        first, last = (1, 6) if h == 1 else (7, 12)
    else:
        first = last = int(part)
    return date(year, first, 1), date(year, last, _calendar.monthrange(year, last)[1])


def period_label(key: str) -> str:
    year, part = key.split("-")
    if part.startswith("Q"):
        return f"Quý {['I', 'II', 'III', 'IV'][int(part[1:]) - 1]}/{year}"
    if part.startswith("H"):
        return f"6 tháng {'đầu' if part == 'H1' else 'cuối'} năm {year}"
    return f"Tháng {part}/{year}"


def previous_period(key: str, period: str) -> str:
    first, _last = period_bounds(key)
    return period_key(first - timedelta(days=1), period)


def soon_limit(today: date, calendar, days: int) -> date:
    """The last day that counts as "due soon": ``days`` working days after today."""
    return calendar.add_working_days(today, days)


@dataclass(frozen=True)
class Timing:
    due: date | None
    state: str  # "done", "closed", "overdue", "due_soon", "open", "none"
    period: str = ""  # the reporting period a recurring task is due for

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def due_soon(self) -> bool:
        return self.state == "due_soon"


def due_date(
    *,
    kind: str,
    end: date | None,
    text: str = "",
    received_on: date | None = None,
    today: date,
    period: str = "quarter",
) -> tuple[date | None, str]:
    """The due date of a task for a unit today, and (recurring tasks) the period it is due for."""
    if kind in CONCRETE:
        return end, ""
    if kind == "recurring":
        key = period_key(today, period)
        _first, last = period_bounds(key)
        if end is not None and end < last:
            last = end
        return last, key
    if kind == "relative":
        days = relative_days(text)
        if days is not None and received_on is not None:
            return received_on + timedelta(days=days), ""
    return None, ""


def timing(
    *,
    kind: str,
    end: date | None,
    status: str,
    today: date,
    soon_until: date,
    text: str = "",
    received_on: date | None = None,
    last_period: str = "",
    period: str = "quarter",
) -> Timing:
    """The state of one assignment today; ``soon_until`` is ``soon_limit(today, calendar, n)``."""
    due, key = due_date(kind=kind, end=end, text=text, received_on=received_on, today=today, period=period)
    if status in DONE:
        return Timing(due, "done", key)
    if status in CLOSED:
        return Timing(due, "closed", key)
    if kind == "recurring":
        prev = previous_period(key, period)
        _pf, prev_end = period_bounds(prev)
        started = received_on is None or prev_end >= received_on
        if started and prev_end.year == today.year and (last_period or "") < prev:
            return Timing(prev_end, "overdue", prev)
        if (last_period or "") >= key:
            return Timing(due, "open", key)
    if due is None:
        return Timing(None, "none", key)
    if today > due:
        return Timing(due, "overdue", key)
    if due <= soon_until:
        return Timing(due, "due_soon", key)
    return Timing(due, "open", key)
