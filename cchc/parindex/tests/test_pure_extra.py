"""Pure pieces beside the scoring core: exact percentage, non-finite input, threshold rules, SVG charts."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cchc.core.errors import DomainError
from cchc.parindex import charts, rules
from cchc.parindex.parsing import parse_input
from cchc.parindex.scoring import evaluate, ratio_percent

from .factories import CONTRACT_INPUT


def _reference(num: Decimal, den: Decimal) -> Decimal:
    value = Fraction(num) * 100 / Fraction(den)
    cents = int(abs(value) * 100 + Fraction(1, 2))
    return Decimal(-cents if value < 0 else cents).scaleb(-2)


@pytest.mark.parametrize(
    ("num", "den"),
    [("1", "3"), ("2", "3"), ("-1", "3"), ("0.125", "1"), ("-0.125", "1"), ("5.005", "10"), ("0", "7"),
     ("123.45", "97"), ("-0.00005", "1"), ("99.995", "100"), ("1", "0.03")],
)  # fmt: skip
def test_ratio_percent_is_exact_half_up(num, den):
    assert ratio_percent(Decimal(num), Decimal(den)) == _reference(Decimal(num), Decimal(den))
    assert ratio_percent(Decimal(num), Decimal(0)) is None


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "NaN", "Infinity"])
def test_non_finite_scores_are_bad_input(bad):
    doc = {**CONTRACT_INPUT, "units": [{**CONTRACT_INPUT["units"][0], "scores": {"1.1": {"round1": bad}}}]}
    with pytest.raises(DomainError):
        data = parse_input(doc)
        evaluate(data.framework, data.units, data.stage)


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


def test_charts_escape_labels_and_mark_bands():
    bands = [("Xuất sắc", Decimal(95)), ("Tốt", Decimal(80)), ("Yếu", Decimal(0))]
    svg = charts.bar_chart(
        [charts.Bar("<script>x</script>", Decimal("97.5")), charts.Bar("B", None)], bands, title="T & U"
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert (
        "97,5" in svg and "Xuất sắc ≥95" in svg and "Yếu" not in svg.split("</title>", 1)[1].split("<rect")[0]
    )
    line = charts.line_chart([("A", [(2023, Decimal(80)), (2024, None)])], title="Y", years=[2023, 2024])
    assert line.count("<circle") == 1 and "2024" in line
    assert charts.heat_color(None) != charts.heat_color(Decimal(99))
