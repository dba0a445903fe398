"""Due dates of one-stop dossiers (``../shared/contracts/onestop.md``, "Working days and due dates"). Pure.

Units (DVCQG ``DonViTinh``): ``working_days`` (ngày làm việc), ``days`` (ngày), ``hours`` (giờ), ``months`` (tháng).
"17:00" below is the closing time of the calendar's office hours (17:00 unless a unit sets its own).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, datetime, timedelta
from typing import Literal, get_args

from cchc.core.errors import DomainError

from .calendar import VN_TZ, WorkCalendar, to_local

Unit = Literal["working_days", "days", "hours", "months"]
UNITS: tuple[str, ...] = get_args(Unit)


def parse_received(text: str) -> datetime:
    """An ISO 8601 date or datetime; without an offset it means Asia/Ho_Chi_Minh. Result is aware."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DomainError(
            "invalid_datetime",
            f"Thời điểm tiếp nhận không hợp lệ: {text!r} (cần ISO 8601, ví dụ 2026-02-13T10:00)",
            en=f"invalid receipt datetime {text!r} (expected ISO 8601, e.g. 2026-02-13T10:00)",
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


def due_date(received: datetime, amount: int, unit: Unit | str, calendar: WorkCalendar) -> datetime:
    """The due instant (aware, Asia/Ho_Chi_Minh) for a dossier received at ``received`` with ``amount`` ``unit``.

    - working_days: the amount-th working day after the receipt day (``receipt_day``), at closing time;
    - days: receipt date + amount calendar days at closing time, moved to the next working day when needed;
    - hours: amount office hours from the receipt, or from the next opening when received outside office hours;
    - months: same day amount months later (or the month's last day) at closing time, moved to the next working day.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise DomainError(
            "invalid_amount",
            f"Thời hạn phải là số nguyên không âm, không phải {amount!r}",
            en=f"the amount must be a non-negative integer, not {amount!r}",
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
    raise DomainError(
        "unknown_time_unit",
        f"Đơn vị thời hạn không hợp lệ: {unit!r} (một trong: {', '.join(UNITS)})",
        en=f"unknown unit {unit!r} (one of: {', '.join(UNITS)})",
    )
