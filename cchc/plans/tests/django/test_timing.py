"""Due dates and due-soon / overdue states (pure)."""

from datetime import date

import pytest

from cchc.plans.timing import period_bounds, period_key, period_label, relative_days, soon_limit, timing
from cchc.workdays.notices import default_calendar

CAL = default_calendar()


def state(kind, end, status="in_progress", today=date(2026, 6, 10), **kw):
    return timing(kind=kind, end=end, status=status, today=today, soon_until=soon_limit(today, CAL, 5), **kw)


def test_concrete_deadline_states():
    assert state("quarter", date(2026, 3, 31)).state == "overdue"
    assert state("month", date(2026, 6, 15)).state == "due_soon"
    assert state("year", date(2026, 12, 31)).state == "open"
    assert state("year", date(2026, 3, 31), status="done").state == "done"
    assert state("year", date(2026, 3, 31), status="not_done").state == "closed"
    assert state("by_direction", None).state == "none"


def test_due_soon_counts_working_days_not_calendar_days():
    # Friday 2026-06-12 + 5 working days = Friday 2026-06-19; Monday 22 is not "soon".
    today = date(2026, 6, 12)
    assert state("date", date(2026, 6, 19), today=today).state == "due_soon"
    assert state("date", date(2026, 6, 22), today=today).state == "open"


def test_relative_deadline_counts_from_reception():
    assert relative_days("Trong vòng 7 ngày kể từ ngày nhận được Kế hoạch này") == 7
    t = state(
        "relative",
        None,
        text="Trong vòng 7 ngày kể từ ngày nhận",
        received_on=date(2026, 1, 19),
        today=date(2026, 1, 27),
    )
    assert t.state == "overdue" and t.due == date(2026, 1, 26)


def test_recurring_is_due_each_period():
    # Quarter II: Q1 not reported -> overdue; Q1 reported -> open for Q2 (due 30/6, soon? 10/6 + 5 wd = 17/6: no)
    t = state("recurring", date(2026, 12, 31), received_on=date(2026, 1, 19))
    assert t.state == "overdue" and t.period == "2026-Q1"
    t = state("recurring", date(2026, 12, 31), received_on=date(2026, 1, 19), last_period="2026-Q1")
    assert t.state == "open" and t.due == date(2026, 6, 30) and t.period == "2026-Q2"
    t = state("recurring", date(2026, 12, 31), received_on=date(2026, 4, 2))
    assert t.state == "open"  # received after Q1 ended: nothing owed for Q1


@pytest.mark.parametrize(
    ("day", "period", "key", "label"),
    [
        (date(2026, 5, 1), "quarter", "2026-Q2", "Quý II/2026"),
        (date(2026, 8, 1), "half_year", "2026-H2", "6 tháng cuối năm 2026"),
        (date(2026, 2, 3), "month", "2026-02", "Tháng 02/2026"),
    ],
)
def test_periods(day, period, key, label):
    assert period_key(day, period) == key
    first, last = period_bounds(key)
    assert first <= day <= last
    assert period_label(key) == label
