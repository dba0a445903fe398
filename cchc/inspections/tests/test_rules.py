"""The pure rules: finding deadlines on the working-day calendar, overdue, the coverage percentage."""

from datetime import date, datetime

from cchc.inspections.rules import coverage_percent, end_of_day, finding_clock, finding_due
from cchc.workdays.calendar import VN_TZ
from cchc.workdays.notices import default_calendar

CAL = default_calendar()


def at(y: int, m: int, d: int, h: int = 12, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, s, tzinfo=VN_TZ)


def test_a_date_deadline_is_1700_that_day_or_the_next_working_day() -> None:
    assert finding_due(deadline=date(2026, 6, 30), deadline_days=None, concluded_at=None, calendar=CAL) == at(
        2026, 6, 30, 17
    )
    # Saturday 27/06/2026 -> Monday 29/06
    assert finding_due(deadline=date(2026, 6, 27), deadline_days=None, concluded_at=None, calendar=CAL) == at(
        2026, 6, 29, 17
    )
    # 30/04 and 01/05 are holidays (then the weekend): Monday 04/05
    assert finding_due(deadline=date(2026, 4, 30), deadline_days=None, concluded_at=None, calendar=CAL) == at(
        2026, 5, 4, 17
    )


def test_working_days_count_from_the_conclusion_as_d_t_n() -> None:
    # Friday 20/03/2026 noon + 5 working days = Friday 27/03 at 17:00
    assert finding_due(deadline=None, deadline_days=5, concluded_at=at(2026, 3, 20), calendar=CAL) == at(
        2026, 3, 27, 17
    )
    # across the 30/04 - 01/05 holidays and a weekend: 28/04 + 3 = 29/04, 04/05, 05/05
    assert finding_due(deadline=None, deadline_days=3, concluded_at=at(2026, 4, 28), calendar=CAL) == at(
        2026, 5, 5, 17
    )
    # a conclusion after 17:00 counts from the next working day
    assert finding_due(deadline=None, deadline_days=1, concluded_at=at(2026, 3, 20, 18), calendar=CAL) == at(
        2026, 3, 24, 17
    )
    # working days without a conclusion yet: no due instant
    assert finding_due(deadline=None, deadline_days=5, concluded_at=None, calendar=CAL) is None


def test_overdue_after_1700_of_the_due_day_in_working_days() -> None:
    due = at(2026, 6, 30, 17)
    assert finding_clock(due=due, closed_at=None, as_of=at(2026, 6, 30, 17), calendar=CAL).state == "open"
    late = finding_clock(due=due, closed_at=None, as_of=at(2026, 6, 30, 17, 0, 1), calendar=CAL)
    assert late.state == "overdue" and late.days_overdue == 1
    # Friday 03/07 after the due Tuesday 30/06: 3 working days late; the weekend adds none
    assert (
        finding_clock(due=due, closed_at=None, as_of=end_of_day(date(2026, 7, 5)), calendar=CAL).days_overdue
        == 3
    )
    assert (
        finding_clock(due=due, closed_at=at(2026, 7, 1), as_of=at(2026, 7, 10), calendar=CAL).state
        == "closed"
    )
    # closed after the as-of moment: not yet closed then
    assert (
        finding_clock(due=due, closed_at=at(2026, 7, 20), as_of=at(2026, 7, 10), calendar=CAL).state
        == "overdue"
    )
    assert finding_clock(due=None, closed_at=None, as_of=at(2027, 1, 1), calendar=CAL).state == "open"


def test_coverage_percent() -> None:
    assert coverage_percent(19, 27) == 70.37
    assert coverage_percent(0, 0) == 0.0
    assert coverage_percent(1, 3) == 33.33
    assert coverage_percent(2, 3) == 66.67
