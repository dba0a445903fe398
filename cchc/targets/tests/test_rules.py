"""The status rule (pure): met / at_risk / missed / no_data, and the period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from cchc.targets import rules


def st(actual, comparison=">=", value=100, num=None, den=None, *, over=False, final=False, percent=True):
    return rules.status(
        actual=None if actual is None else D(str(actual)),
        comparison=comparison,
        value=D(str(value)),
        numerator=num,
        denominator=den,
        year_over=over,
        final_failures=final,
        percent=percent,
    )


def test_met_when_the_comparison_holds():
    assert st(100, ">=", 100, 10, 10) == rules.MET
    assert st(81, ">", 80) == rules.MET
    assert st(4, "<=", 5) == rules.MET
    assert st(4, "<", 5) == rules.MET
    assert st(5, "=", 5) == rules.MET


def test_boundaries_of_strict_comparisons():
    assert st(80, ">", 80) == rules.AT_RISK
    assert st(5, "<", 5) == rules.AT_RISK
    assert st(D("79.99"), ">=", 80) == rules.AT_RISK


def test_no_data_without_a_figure_or_with_an_empty_denominator():
    assert st(None) == rules.NO_DATA
    assert st(None, over=True) == rules.NO_DATA
    assert st(0, ">=", 100, 0, 0) == rules.NO_DATA


def test_missed_once_the_year_is_over():
    assert st(90, ">=", 95, 90, 100, over=True) == rules.MISSED
    assert st(96, ">=", 95, 96, 100, over=True) == rules.MET


def test_a_hundred_percent_on_time_target_is_missed_after_one_late_case():
    assert st(D("98.92"), ">=", 100, 1187, 1200, final=True) == rules.MISSED
    # the same share of a measure whose failures can still be made good (a finding closed late) is at risk
    assert st(D("98.92"), ">=", 100, 1187, 1200, final=False) == rules.AT_RISK
    # below 100 % a late case can still be outweighed
    assert st(90, ">=", 95, 90, 100, final=True) == rules.AT_RISK


def test_a_share_above_a_hundred_percent_cannot_be_reached():
    assert st(100, ">", 100, 10, 10) == rules.MISSED
    assert st(90, ">", 100, percent=False) == rules.AT_RISK  # a score, not a share


@pytest.mark.parametrize(
    ("year", "as_of", "today", "expected"),
    [
        (2026, None, date(2026, 12, 6), (date(2026, 1, 1), date(2026, 12, 6))),
        (2025, None, date(2026, 12, 6), (date(2025, 1, 1), date(2025, 12, 31))),
        (2027, None, date(2026, 12, 6), (date(2027, 1, 1), date(2027, 1, 1))),
        (2026, date(2026, 6, 30), date(2026, 12, 6), (date(2026, 1, 1), date(2026, 6, 30))),
    ],
)
def test_period_runs_from_the_first_of_january_to_as_of(year, as_of, today, expected):
    assert rules.period_of(year, as_of, today) == expected


def test_year_over_on_the_last_day():
    assert rules.year_over(2026, date(2026, 12, 31))
    assert not rules.year_over(2026, date(2026, 12, 30))


def test_unknown_comparison_is_refused():
    with pytest.raises(ValueError):
        rules.holds(D(1), "~", D(1))
