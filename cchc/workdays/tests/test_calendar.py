"""WorkCalendar: holidays package + yearly notices + merged overrides; office hours."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from cchc.workdays.calendar import VN_TZ, OfficeHours, Override, WorkCalendar
from cchc.workdays.notices import default_calendar, load_notice_overrides


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return default_calendar()


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


@pytest.mark.parametrize("day", [16, 17, 18, 19, 20])
def test_tet_2026_is_off(cal, day):
    assert not cal.is_working_day(date(2026, 2, day))


def test_around_tet_2026(cal):
    assert cal.is_working_day(date(2026, 2, 13))
    assert cal.is_working_day(date(2026, 2, 23))
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert cal.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 13)


def test_swapped_saturday_2025(cal):
    assert cal.is_working_day(date(2025, 4, 26))  # Saturday worked (6150/TB-BLĐTBXH)
    assert not cal.is_working_day(date(2025, 5, 2))  # Friday off in exchange
    info = cal.describe(date(2025, 4, 26))
    assert info.reason == "override-work" and info.source == "6150/TB-BLĐTBXH"
    # Thu 24/4 → next working day is Fri 25/4, then the worked Saturday 26/4
    assert cal.add_working_days(date(2025, 4, 24), 2) == date(2025, 4, 26)
    # 30/4, 1/5, 2/5 off, 3–4/5 weekend → Mon 5/5
    assert cal.next_working_day(date(2025, 4, 29)) == date(2025, 5, 5)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 27),
        date(2025, 1, 31),
        date(2025, 9, 1),
        date(2025, 9, 2),
        date(2024, 2, 14),
        date(2024, 4, 29),
        date(2024, 9, 3),
        date(2026, 4, 27),  # make-up for Giỗ Tổ on Sunday 26/4
        date(2026, 9, 1),
        date(2026, 11, 24),
    ],
)
def test_notice_days_off(cal, day):
    assert not cal.is_working_day(day)


def test_worked_saturdays(cal):
    assert cal.is_working_day(date(2024, 5, 4))
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 29))


def test_package_alone_knows_the_swap():
    bare = WorkCalendar()  # no notices: the package's own table still gives the 2025 swap
    assert bare.is_working_day(date(2025, 4, 26))
    assert bare.describe(date(2025, 4, 26)).reason == "package-work"
    assert not bare.is_working_day(date(2025, 5, 2))


def test_no_package_only_weekends():
    plain = WorkCalendar(use_package=False)
    assert plain.is_working_day(date(2026, 2, 17))
    assert not plain.is_working_day(date(2026, 2, 21))


def test_later_override_wins(cal):
    extra = [
        Override(date(2026, 3, 2), "off", "Nghỉ đột xuất", "DB"),
        Override(date(2026, 3, 2), "work", "Hủy nghỉ", "DB"),
        Override(date(2026, 2, 16), "work", "Trực Tết", "DB"),
        Override(date(2026, 3, 7), "work", "Làm thứ Bảy", "DB"),
    ]
    merged = cal.with_overrides(extra)
    assert merged.is_working_day(date(2026, 3, 2))
    assert merged.is_working_day(date(2026, 2, 16))
    assert merged.is_working_day(date(2026, 3, 7))
    assert not cal.is_working_day(date(2026, 2, 16))  # the original is unchanged
    assert not merged.with_overrides([Override(date(2026, 3, 2), "off")]).is_working_day(date(2026, 3, 2))


def test_override_kind_checked():
    with pytest.raises(ValueError):
        Override(date(2026, 1, 1), "holiday")


def test_notices_loader():
    records = load_notice_overrides()
    years = {r.day.year for r in records}
    assert {2024, 2025, 2026} <= years
    by_day = {r.day: r for r in records}
    assert by_day[date(2026, 11, 24)].verify
    assert by_day[date(2025, 4, 26)].kind == "work"
    assert all(r.source for r in records)


def test_notices_loader_bad_file(tmp_path):
    from cchc.core.errors import DomainError

    bad = tmp_path / "n.json"
    bad.write_text('{"notices": [{"days": [{"date": "2026-02-30", "kind": "off"}]}]}', encoding="utf-8")
    with pytest.raises(DomainError, match="date"):
        load_notice_overrides(bad)
    bad.write_text('{"notices": [{"days": [{"date": "2026-02-03", "kind": "nghỉ"}]}]}', encoding="utf-8")
    with pytest.raises(DomainError, match="kind"):
        load_notice_overrides(bad)


def test_add_working_days_and_between(cal):
    a = date(2026, 2, 13)
    assert cal.add_working_days(a, 5) == date(2026, 2, 27)
    assert cal.add_working_days(a, 0) == a
    assert cal.add_working_days(date(2026, 2, 27), -5) == a
    assert cal.working_days_between(a, date(2026, 2, 27)) == 5
    assert cal.working_days_between(date(2026, 2, 27), a) == -5
    assert cal.working_days_between(a, a) == 0
    for n in range(0, 60, 7):
        assert cal.working_days_between(a, cal.add_working_days(a, n)) == n
    assert len(cal.working_days_in(date(2026, 2, 1), date(2026, 2, 28))) == 15


def test_office_time_across_lunch(cal):
    start = vn(2026, 3, 2, 11, 0)  # Monday
    assert cal.add_office_time(start, timedelta(hours=2)) == vn(2026, 3, 2, 14, 0)
    assert cal.add_office_time(start, timedelta(hours=1)) == vn(2026, 3, 2, 12, 0)
    assert cal.office_time_between(start, vn(2026, 3, 2, 14, 0)) == timedelta(hours=2)


def test_office_time_overnight_and_weekend(cal):
    assert cal.add_office_time(vn(2026, 3, 2, 16, 0), timedelta(hours=3)) == vn(2026, 3, 3, 10, 0)
    # Friday 16:00 + 3h → Monday 10:00
    assert cal.add_office_time(vn(2026, 3, 6, 16, 0), timedelta(hours=3)) == vn(2026, 3, 9, 10, 0)
    # received at lunch or at night: counting starts at the next opening
    assert cal.next_opening(vn(2026, 3, 2, 12, 30)) == vn(2026, 3, 2, 13, 0)
    assert cal.next_opening(vn(2026, 3, 2, 20, 0)) == vn(2026, 3, 3, 8, 0)
    assert cal.next_opening(vn(2026, 2, 13, 17, 0)) == vn(2026, 2, 23, 8, 0)
    assert cal.office_time_between(vn(2026, 3, 6, 16, 0), vn(2026, 3, 9, 10, 0)) == timedelta(hours=3)


def test_office_time_other_unit_and_utc_input(cal):
    early = cal.with_hours(OfficeHours(((time(7, 30), time(11, 30)), (time(13, 30), time(16, 30)))))
    assert early.hours.per_day() == timedelta(hours=7)
    assert early.add_office_time(vn(2026, 3, 2, 11, 0), timedelta(hours=1)) == vn(2026, 3, 2, 14, 0)
    assert early.closing_time(date(2026, 3, 2)) == vn(2026, 3, 2, 16, 30)
    assert cal.is_office_time(datetime(2026, 3, 2, 2, 0, tzinfo=UTC))  # 09:00 in Hà Nội
    assert not cal.is_office_time(datetime(2026, 3, 2, 5, 30, tzinfo=UTC))  # 12:30, lunch
    assert not cal.is_office_time(datetime(2026, 3, 2, 0, 30, tzinfo=UTC))  # 07:30


def test_naive_datetime_refused(cal):
    with pytest.raises(ValueError):
        cal.is_office_time(datetime(2026, 3, 2, 9, 0))


def test_office_hours_validated():
    with pytest.raises(ValueError):
        OfficeHours(((time(13), time(12)),))
    with pytest.raises(ValueError):
        OfficeHours(((time(8), time(12)), (time(11), time(17))))


def test_describe_agrees_with_is_working_day(cal):
    day = date(2023, 12, 1)
    for _ in range(4 * 366):
        assert cal.describe(day).working == cal.is_working_day(day)
        day += timedelta(days=1)


def test_datetime_is_not_a_date(cal):
    with pytest.raises(TypeError):
        cal.is_working_day(datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ))
