"""Due-date rules of contracts/onestop.md."""

from datetime import date, datetime

import pytest

from cchc.core.errors import DomainError
from cchc.workdays.calendar import VN_TZ
from cchc.workdays.due import add_months, due_date, parse_received, receipt_day
from cchc.workdays.notices import default_calendar


@pytest.fixture(scope="module")
def cal():
    return default_calendar()


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


def test_contract_example_tet_2026(cal):
    due = due_date(vn(2026, 2, 13, 10, 0), 5, "working_days", cal)
    assert due.isoformat() == "2026-02-27T17:00:00+07:00"


def test_working_days_after_closing_and_on_weekend(cal):
    # Monday 2/3/2026 after 17:00 counts as Tuesday: +1 working day → Wednesday
    assert due_date(vn(2026, 3, 2, 17, 30), 1, "working_days", cal) == vn(2026, 3, 4, 17, 0)
    # exactly 17:00 is still that day
    assert due_date(vn(2026, 3, 2, 17, 0), 1, "working_days", cal) == vn(2026, 3, 3, 17, 0)
    # Saturday counts as Monday: +1 → Tuesday
    assert due_date(vn(2026, 3, 7, 9, 0), 1, "working_days", cal) == vn(2026, 3, 10, 17, 0)
    # before opening on a working day counts as that day
    assert due_date(vn(2026, 3, 2, 6, 0), 1, "working_days", cal) == vn(2026, 3, 3, 17, 0)
    # Friday 13/2/2026 evening counts as Monday 23/2 (after Tết)
    assert receipt_day(vn(2026, 2, 13, 18, 0), cal) == date(2026, 2, 23)
    assert due_date(vn(2026, 2, 13, 18, 0), 0, "working_days", cal) == vn(2026, 2, 23, 17, 0)


def test_working_days_swapped_saturday_2025(cal):
    # Thu 24/4/2025 + 2 working days: Fri 25/4, Sat 26/4 (worked)
    assert due_date(vn(2025, 4, 24, 9, 0), 2, "working_days", cal) == vn(2025, 4, 26, 17, 0)
    # received on the worked Saturday: that day counts
    assert receipt_day(vn(2025, 4, 26, 9, 0), cal) == date(2025, 4, 26)
    assert due_date(vn(2025, 4, 26, 9, 0), 1, "working_days", cal) == vn(2025, 4, 28, 17, 0)
    assert due_date(vn(2025, 4, 29, 9, 0), 1, "working_days", cal) == vn(2025, 5, 5, 17, 0)


def test_days(cal):
    assert due_date(vn(2026, 3, 2, 10, 0), 3, "days", cal) == vn(2026, 3, 5, 17, 0)
    # lands on Saturday 7/3 → Monday 9/3
    assert due_date(vn(2026, 3, 2, 10, 0), 5, "days", cal) == vn(2026, 3, 9, 17, 0)
    # lands in Tết → Monday 23/2
    assert due_date(vn(2026, 2, 10, 10, 0), 7, "days", cal) == vn(2026, 2, 23, 17, 0)


def test_hours(cal):
    assert due_date(vn(2026, 3, 2, 10, 0), 4, "hours", cal) == vn(2026, 3, 2, 15, 0)
    assert due_date(vn(2026, 3, 2, 16, 0), 8, "hours", cal) == vn(2026, 3, 3, 16, 0)
    # received at night: counting starts at the next opening
    assert due_date(vn(2026, 3, 2, 19, 0), 2, "hours", cal) == vn(2026, 3, 3, 10, 0)
    # received before Tết: Friday 13/2 16:00 + 2h → Monday 23/2 09:00
    assert due_date(vn(2026, 2, 13, 16, 0), 2, "hours", cal) == vn(2026, 2, 23, 9, 0)
    assert due_date(vn(2026, 3, 2, 12, 15), 0, "hours", cal) == vn(2026, 3, 2, 13, 0)


def test_months(cal):
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 5, 15), 12) == date(2027, 5, 15)
    # 31/1/2026 + 1 month = Saturday 28/2/2026 → Monday 2/3/2026
    assert due_date(vn(2026, 1, 31, 9, 0), 1, "months", cal) == vn(2026, 3, 2, 17, 0)
    # 30/9/2025 + 1 month = Thursday 30/10/2025
    assert due_date(vn(2025, 9, 30, 9, 0), 1, "months", cal) == vn(2025, 10, 30, 17, 0)
    # 17/1/2026 + 1 month = 17/2/2026 (Tết) → 23/2/2026
    assert due_date(vn(2026, 1, 17, 9, 0), 1, "months", cal) == vn(2026, 2, 23, 17, 0)


def test_other_timezone_input(cal):
    utc = datetime.fromisoformat("2026-02-13T03:00:00+00:00")  # 10:00 in Hà Nội
    assert due_date(utc, 5, "working_days", cal).isoformat() == "2026-02-27T17:00:00+07:00"
    late_utc = datetime.fromisoformat("2026-03-02T10:30:00+00:00")  # 17:30 in Hà Nội
    assert due_date(late_utc, 1, "working_days", cal) == vn(2026, 3, 4, 17, 0)


def test_bad_input(cal):
    with pytest.raises(DomainError):
        due_date(vn(2026, 3, 2, 9), -1, "days", cal)
    with pytest.raises(DomainError):
        due_date(vn(2026, 3, 2, 9), 1, "weeks", cal)
    with pytest.raises(ValueError):
        due_date(datetime(2026, 3, 2, 9), 1, "days", cal)


def test_parse_received():
    assert parse_received("2026-02-13T10:00") == vn(2026, 2, 13, 10, 0)
    assert parse_received("2026-02-13T10:00:00+07:00") == vn(2026, 2, 13, 10, 0)
    assert parse_received("2026-02-13T03:00:00Z") == vn(2026, 2, 13, 10, 0)
    assert parse_received("2026-02-13") == vn(2026, 2, 13, 0, 0)
    with pytest.raises(DomainError):
        parse_received("13/02/2026")
