"""The rules of inspections as pure functions (no Django): finding deadlines on the working-day calendar, when a
finding is overdue, and the coverage percentage (``../shared/contracts/inspections.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from cchc.workdays.calendar import VN_TZ, WorkCalendar
from cchc.workdays.due import due_date


def finding_due(
    *, deadline: date | None, deadline_days: int | None, concluded_at: datetime | None, calendar: WorkCalendar
) -> datetime | None:
    """The instant a finding is due (aware, Asia/Ho_Chi_Minh).

    - given in working days: ``D(t, n)`` of ``onestop.md`` from the conclusion (the n-th working day after the day
      the conclusion counts on, at closing time);
    - given as a date: closing time (17:00) of that day, or of the next working day when it is a day off;
    - neither (or working days before the conclusion): no due instant.
    """
    if deadline_days is not None and concluded_at is not None:
        return due_date(concluded_at, deadline_days, "working_days", calendar)
    if deadline is not None:
        return calendar.closing_time(calendar.on_or_after(deadline))
    return None


def end_of_day(day: date) -> datetime:
    """``as_of`` given as a date means the end of that day (as the other contracts read it)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=VN_TZ)


@dataclass(frozen=True)
class FindingClock:
    state: str  # "closed" | "open" | "overdue"
    due: datetime | None
    days_overdue: int  # working days past the due day (0 unless overdue)


def finding_clock(
    *, due: datetime | None, closed_at: datetime | None, as_of: datetime, calendar: WorkCalendar
) -> FindingClock:
    """A finding closed at or before ``as_of`` is closed; an open one is overdue when ``as_of`` is after its due
    instant; ``days_overdue`` counts the working days from the due day to the ``as_of`` day."""
    if closed_at is not None and closed_at <= as_of:
        return FindingClock("closed", due, 0)
    if due is not None and as_of > due:
        late = calendar.working_days_between(due.astimezone(VN_TZ).date(), as_of.astimezone(VN_TZ).date())
        return FindingClock("overdue", due, max(late, 1))
    return FindingClock("open", due, 0)


def coverage_percent(inspected: int, units: int) -> float:
    """Percent of units inspected, two decimals (half up); 0 when there are no units."""
    if units <= 0:
        return 0.0
    value = (Decimal(inspected) * 100 / Decimal(units)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return float(value)
