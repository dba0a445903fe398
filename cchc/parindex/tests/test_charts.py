"""SVG charts (cchc.parindex.charts): labels escaped, bands marked."""

from __future__ import annotations

from decimal import Decimal

from cchc.parindex import charts


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
