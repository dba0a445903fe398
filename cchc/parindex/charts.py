"""Server-rendered SVG charts (no JavaScript, no external library): pure functions returning markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

PALETTE = ["#0b57a4", "#9b1c1c", "#1a7f37", "#9a6700", "#6639ba", "#0e7490", "#b35900", "#57606a"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    note: str = ""


def _f(value: Decimal | float | int) -> str:
    return f"{float(value):.1f}"


def _vn(value: Decimal | None) -> str:
    """97.16 → "97,16" (the interface writes decimals with a comma)."""
    if value is None:
        return "—"
    return f"{Decimal(str(value)):.2f}".rstrip("0").rstrip(".").replace(".", ",")


def band_color(value: Decimal | None, bands: Sequence[tuple[str, Decimal]]) -> str:
    """Colour by band position: top band green … bottom band red."""
    if value is None:
        return "#afb8c1"
    colors = ["#1a7f37", "#2da44e", "#0b57a4", "#9a6700", "#cf222e"]
    for i, (_name, minimum) in enumerate(bands):
        if value >= minimum:
            return colors[min(i, len(colors) - 1)]
    return colors[-1]


def bar_chart(
    bars: Sequence[Bar], bands: Sequence[tuple[str, Decimal]], *, title: str, max_value: int = 100
) -> str:
    """Horizontal bars (one per unit), with the band thresholds as dashed lines."""
    row, left, right, top = 22, 180, 60, 28
    width = 760
    plot = width - left - right
    height = top + row * len(bars) + 24
    top_value = max([max_value] + [float(b.value) for b in bars if b.value is not None])

    def x(v: float) -> float:
        return left + plot * max(0.0, v) / top_value

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart" preserveAspectRatio="xMinYMin meet">',
        f"<title>{escape(title)}</title>",
    ]
    for name, minimum in bands:
        if minimum <= 0:
            continue
        xv = x(float(minimum))
        parts.append(
            f'<line x1="{_f(xv)}" y1="{top - 6}" x2="{_f(xv)}" y2="{height - 20}" stroke="#8c959f" '
            f'stroke-dasharray="4 3"/><text x="{_f(xv)}" y="{top - 10}" font-size="10" text-anchor="middle" '
            f'fill="#59636e">{escape(name)} ≥{_f(minimum).removesuffix(".0")}</text>'
        )
    for i, bar in enumerate(bars):
        y = top + i * row
        label = bar.label if len(bar.label) <= 28 else bar.label[:27] + "…"
        parts.append(
            f'<text x="{left - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label)}</text>'
        )
        if bar.value is None:
            parts.append(f'<text x="{left + 4}" y="{y + 15}" font-size="12" fill="#59636e">—</text>')
            continue
        w = x(float(bar.value)) - left
        color = band_color(bar.value, bands)
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{_f(w)}" height="{row - 6}" fill="{color}" rx="2">'
            f"<title>{escape(bar.label)}: {_vn(bar.value)}{escape(bar.note)}</title></rect>"
            f'<text x="{_f(left + w + 4)}" y="{y + 15}" font-size="12">{_vn(bar.value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    series: Sequence[tuple[str, Sequence[tuple[int, Decimal | None]]]], *, title: str, years: Sequence[int]
) -> str:
    """Index by year, one line per unit (year over year)."""
    width, height, left, right, top, bottom = 760, 300, 44, 200, 16, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    years = sorted(years)
    if not years:
        return ""

    def x(year: int) -> float:
        if len(years) == 1:
            return left + plot_w / 2
        return left + plot_w * (years.index(year)) / (len(years) - 1)

    def y(v: Decimal) -> float:
        return top + plot_h * (1 - min(float(v), 110.0) / 110.0)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>'
    ]
    for tick in (0, 25, 50, 75, 100):
        yv = y(Decimal(tick))
        parts.append(
            f'<line x1="{left}" y1="{_f(yv)}" x2="{left + plot_w}" y2="{_f(yv)}" stroke="#eaeef2"/>'
            f'<text x="{left - 6}" y="{_f(yv + 4)}" font-size="10" text-anchor="end">{tick}</text>'
        )
    for year in years:
        parts.append(
            f'<text x="{_f(x(year))}" y="{height - 8}" font-size="11" text-anchor="middle">{year}</text>'
        )
    for i, (label, points) in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        pts = [(x(yr), y(v)) for yr, v in points if v is not None and yr in years]
        if len(pts) > 1:
            path = " ".join(f"{_f(px)},{_f(py)}" for px, py in pts)
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{path}"/>')
        for (px, py), (yr, v) in zip(
            pts, [p for p in points if p[1] is not None and p[0] in years], strict=False
        ):
            parts.append(
                f'<circle cx="{_f(px)}" cy="{_f(py)}" r="3.5" fill="{color}">'
                f"<title>{escape(label)} {yr}: {_vn(v)}</title></circle>"
            )
        ly = top + 14 * i + 8
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(
            f'<rect x="{left + plot_w + 12}" y="{ly - 8}" width="10" height="10" fill="{color}"/>'
            f'<text x="{left + plot_w + 26}" y="{ly + 1}" font-size="11">{escape(short)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heat_color(percent: Decimal | None) -> str:
    """Background for a field percentage cell (white → green; red below 50%)."""
    if percent is None:
        return "#f6f8fa"
    p = max(0.0, min(100.0, float(percent)))
    if p < 50:
        return "#ffebe9"
    if p < 70:
        return "#fff8c5"
    if p < 80:
        return "#ddf4ff"
    if p < 95:
        return "#dafbe1"
    return "#aceebb"
