"""The administrators' override table and units' office hours merged into the pure calendar."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from cchc.workdays.calendar import VN_TZ
from cchc.workdays.due import due_date
from cchc.workdays.models import CalendarOverride, UnitOfficeHours
from cchc.workdays.services import calendar_for, calendars_by_unit

pytestmark = pytest.mark.django_db


def test_table_overrides_win_over_package_and_notices():
    cal = calendar_for()
    assert not cal.is_working_day(date(2026, 2, 17))  # Tết
    assert not cal.is_working_day(date(2026, 3, 7))  # a Saturday
    CalendarOverride.objects.create(day=date(2026, 3, 7), kind="work", note="Làm bù", source="TB thử")
    CalendarOverride.objects.create(day=date(2026, 3, 9), kind="off", note="Nghỉ thay")
    CalendarOverride.objects.create(day=date(2026, 2, 17), kind="work", note="Trực")
    cal = calendar_for()
    assert cal.is_working_day(date(2026, 3, 7))
    assert not cal.is_working_day(date(2026, 3, 9))
    assert cal.is_working_day(date(2026, 2, 17))
    assert cal.describe(date(2026, 3, 7)).source == "TB thử"
    # A due date moves with the swapped days: Fri 06/03 + 1 working day = Sat 07/03 (worked).
    received = datetime(2026, 3, 6, 10, tzinfo=VN_TZ)
    assert due_date(received, 1, "working_days", cal) == datetime(2026, 3, 7, 17, tzinfo=VN_TZ)
    assert due_date(received, 2, "working_days", cal) == datetime(2026, 3, 10, 17, tzinfo=VN_TZ)


def test_unit_office_hours(org):
    UnitOfficeHours.objects.create(unit=org.ward, periods="07:30-11:30, 13:30-17:30")
    assert UnitOfficeHours.objects.get().periods == "07:30-11:30,13:30-17:30"
    cal = calendar_for(org.ward)
    received = datetime(2026, 3, 4, 11, 0, tzinfo=VN_TZ)  # Wednesday
    # 2 office hours: 11:00–11:30, then 13:30–15:00.
    assert due_date(received, 2, "hours", cal) == datetime(2026, 3, 4, 15, 0, tzinfo=VN_TZ)
    assert due_date(received, 2, "hours", calendar_for(org.sibling)) == datetime(
        2026, 3, 4, 14, 0, tzinfo=VN_TZ
    )
    # A receipt after the unit's closing (17:30) counts from the next working day.
    late = datetime(2026, 3, 4, 17, 45, tzinfo=VN_TZ)
    assert due_date(late, 1, "working_days", cal) == datetime(2026, 3, 6, 17, 30, tzinfo=VN_TZ)
    cals = calendars_by_unit([org.ward.pk, org.sibling.pk])
    assert cals[org.ward.pk].hours.closing.hour == 17 and cals[org.ward.pk].hours.closing.minute == 30
    assert org.sibling.pk not in cals


def test_bad_office_hours_rejected(org):
    row = UnitOfficeHours(unit=org.ward, periods="8h-12h")
    with pytest.raises(ValidationError):
        row.full_clean()
