"""Completeness and timeliness as DHIS2 reports them (pure)."""

from datetime import UTC, date, datetime
from decimal import Decimal

from cchc.reports.completeness import LATE, MISSING, ON_TIME, add_up, completeness, rate, timeliness

from .support import at

DUE = date(2026, 9, 10)


def test_on_time_up_to_the_last_second_of_the_due_day_in_viet_nam():
    assert timeliness(at(2026, 9, 10, 23, 59, 59), DUE) == ON_TIME
    assert timeliness(at(2026, 9, 11, 0, 0, 0), DUE) == LATE
    assert timeliness(at(2026, 9, 1), DUE) == ON_TIME


def test_utc_times_are_compared_in_viet_nam_time():
    assert timeliness(datetime(2026, 9, 10, 16, 59, 59, tzinfo=UTC), DUE) == ON_TIME  # 23:59:59 +07
    assert timeliness(datetime(2026, 9, 10, 17, 0, 0, tzinfo=UTC), DUE) == LATE  # 00:00 +07 next day


def test_naive_time_means_viet_nam():
    assert timeliness(datetime(2026, 9, 10, 23, 0), DUE) == ON_TIME
    assert timeliness(datetime(2026, 9, 11, 0, 30), DUE) == LATE


def test_missing_when_not_submitted():
    assert timeliness(None, DUE) == MISSING


def test_counts_and_rates_over_expected_reports():
    c = completeness([at(2026, 9, 9), at(2026, 9, 12), None, at(2026, 9, 10, 23)], DUE)
    assert (c.expected, c.submitted, c.on_time, c.late, c.missing) == (4, 3, 2, 1, 1)
    assert c.completeness_rate == Decimal("75.00")
    assert c.on_time_rate == Decimal("50.00")
    assert c.late_rate == Decimal("25.00")
    assert c.missing_rate == Decimal("25.00")
    assert c.as_json()["on_time_rate"] == 50.0


def test_rates_round_half_up_to_two_places():
    assert rate(1, 3) == Decimal("33.33")
    assert rate(2, 3) == Decimal("66.67")
    assert rate(1, 8) == Decimal("12.50")
    assert rate(1, 200) == Decimal("0.50")
    assert rate(1, 400) == Decimal("0.25")
    assert rate(1, 800) == Decimal("0.13")  # 0.125 → 0.13 (half up)


def test_no_expected_reports_gives_no_rate():
    c = completeness([], DUE)
    assert c.expected == 0 and c.on_time_rate is None and c.completeness_rate is None


def test_add_up_keeps_unfilled_columns_empty():
    rows = [{"a": Decimal(2), "b": None}, {"a": 3, "b": None, "c": Decimal("1.5")}]
    assert add_up(rows, ["a", "b", "c"]) == {"a": Decimal(5), "b": None, "c": Decimal("1.5")}
