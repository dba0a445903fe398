"""Due dates of one-stop dossiers (``../shared/contracts/onestop.md``, "Working days and due dates"). Pure.

Units (DVCQG ``DonViTinh``): ``working_days`` (ngày làm việc), ``days`` (ngày), ``hours`` (giờ), ``months`` (tháng).
"17:00" below is the closing time of the calendar's office hours (17:00 unless a unit sets its own).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, datetime, time, timedelta
from typing import Literal, get_args

from cchc.core.errors import DomainError, gettext_noop

from .calendar import VN_TZ, WorkCalendar, to_local

Unit = Literal["working_days", "days", "hours", "months", "same_day", "half_days"]
# A dossier "giải quyết trong ngày" received before this time is due the same day; from it on, the next working day.
SAME_DAY_CUTOFF = time(15, 0)
UNITS: tuple[str, ...] = get_args(Unit)


def parse_received(text: str) -> datetime:
    """An ISO 8601 date or datetime; without an offset it means Asia/Ho_Chi_Minh. Result is aware."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DomainError(
            "invalid_datetime",
            gettext_noop(
                "Thời điểm tiếp nhận không hợp lệ: %(text_r)s (cần ISO 8601, ví dụ 2026-02-13T10:00)"
            ),
            text_r=f"{text!r}",
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return value.astimezone(VN_TZ)


def add_months(d: date, n: int) -> date:
    """The same day n months later; the month's last day when that month is shorter (31/01 + 1 → 28 or 29/02)."""
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def receipt_day(received: datetime, calendar: WorkCalendar) -> date:
    """The working day a receipt counts on: after closing time or on a non-working day, the next working day."""
    local = to_local(received)
    day = local.date()
    if not calendar.is_working_day(day):
        return calendar.next_working_day(day)
    if local.time() > calendar.hours.closing:
        return calendar.next_working_day(day)
    return day


def half_days_due(received: datetime, amount: int, calendar: WorkCalendar) -> datetime:
    """``amount`` half-days (buổi làm việc — the office periods: morning, afternoon): the end of the ``amount``-th
    period after the one the receipt falls in (received in the morning, 1 half-day: this afternoon's close; in the
    afternoon: tomorrow noon). Received outside office hours, the next period is the first one counted."""
    local = to_local(received)
    left = max(amount, 1)
    inside = False
    for start, end in calendar._open_periods(local.date()):
        if local >= end:
            continue
        if start <= local < end and not inside:
            inside = True  # the receipt's own period does not count
            continue
        left -= 1
        if left == 0:
            return end
    raise AssertionError("unreachable")  # pragma: no cover


def due_date(received: datetime, amount: int, unit: Unit | str, calendar: WorkCalendar) -> datetime:
    """The due instant (aware, Asia/Ho_Chi_Minh) for a dossier received at ``received`` with ``amount`` ``unit``.

    - working_days: the amount-th working day after the receipt day (``receipt_day``), at closing time;
    - days: receipt date + amount calendar days at closing time, moved to the next working day when needed;
    - hours: amount office hours from the receipt, or from the next opening when received outside office hours;
    - months: same day amount months later (or the month's last day) at closing time, moved to the next working day;
    - same_day (trong ngày): received on a working day before 15:00, that day's closing; else the next working day's;
    - half_days (buổi): see :func:`half_days_due`.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise DomainError(
            "invalid_amount",
            gettext_noop("Thời hạn phải là số nguyên không âm, không phải %(amount_r)s"),
            amount_r=f"{amount!r}",
        )
    local = to_local(received)
    if unit == "working_days":
        day = calendar.add_working_days(receipt_day(local, calendar), amount)
        return calendar.closing_time(day)
    if unit == "days":
        return calendar.closing_time(calendar.on_or_after(local.date() + timedelta(days=amount)))
    if unit == "hours":
        return calendar.add_office_time(local, timedelta(hours=amount))
    if unit == "months":
        return calendar.closing_time(calendar.on_or_after(add_months(local.date(), amount)))
    if unit == "same_day":
        day = local.date()
        if not calendar.is_working_day(day) or local.time() >= SAME_DAY_CUTOFF:
            day = (
                calendar.next_working_day(day) if calendar.is_working_day(day) else calendar.on_or_after(day)
            )
        return calendar.closing_time(day)
    if unit == "half_days":
        return half_days_due(local, amount, calendar)
    raise DomainError(
        "unknown_time_unit",
        gettext_noop("Đơn vị thời hạn không hợp lệ: %(unit_r)s (một trong: %(units)s)"),
        unit_r=f"{unit!r}",
        units=", ".join(UNITS),
    )
