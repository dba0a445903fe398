"""Threshold rules and rule sources (cchc.parindex.rules)."""

from __future__ import annotations

from decimal import Decimal

from cchc.parindex import rules


def test_threshold_steps_and_linear_rule():
    steps = [{"min": 100, "points": 3}, {"min": 80, "points": 2.25}, {"min": 50, "points": 1.5}]
    assert rules.points_for(Decimal(100), steps, Decimal(3)) == Decimal(3)
    assert rules.points_for(Decimal("99.99"), steps, Decimal(3)) == Decimal("2.25")
    assert rules.points_for(Decimal(50), steps, Decimal(3)) == Decimal("1.5")
    assert rules.points_for(Decimal(49), steps, Decimal(3)) == Decimal(0)
    assert rules.points_for(Decimal(100), [{"min": 0, "points": 9}], Decimal(3)) == Decimal(
        3
    )  # capped at max
    assert rules.points_for(Decimal(50), None, Decimal(3)) == Decimal("1.50")
    assert rules.points_for(Decimal(150), None, Decimal(3)) == Decimal("3.00")


def test_unknown_rule_and_source_returning_nothing():
    assert not rules.evaluate_rule("magic", None, None, None, None, Decimal(1)).has_data
    previous = rules.SOURCES.get("index766")
    rules.register_source("index766", lambda unit, start, end: None)
    try:
        result = rules.evaluate_rule("index766", None, None, None, None, Decimal(1))
    finally:
        if previous is None:
            rules.unregister_source("index766")
        else:
            rules.SOURCES["index766"] = previous
    assert not result.has_data and "Chưa có dữ liệu" in result.detail
