"""Monthly trend charts as server-rendered SVG: pure (no Django), no JavaScript, no external library.

The chart carries ``<title>`` and ``<desc>`` (read by screen readers through ``aria-labelledby``); the page prints
the same figures in a table beside it, so the chart is never the only way to read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 34


@dataclass(frozen=True)
class Point:
    label: str  # "01/2026"
    value: float | None  # None: no figure that month (a gap in the line)


def _nice_max(values: Sequence[float], floor: float) -> float:
    top = max([floor, *values])
    if top <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top <= step * 5:
            return float(step * 5)
    return float(top)


def _fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def line_chart(points: Sequence[Point], *, chart_id: str, title: str, desc: str, percent: bool = False,
               color: str = "#0b57a4") -> str:  # fmt: skip
    """A line of monthly values with its axis; months without a figure leave a gap. ``percent`` fixes the scale
    at 0–100."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [p.value for p in points if p.value is not None]
    top = 100.0 if percent else _nice_max(values, 1.0)
    n = max(len(points), 1)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(v, top)) / top)

    tid, did = f"{chart_id}-t", f"{chart_id}-d"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="trend" '
        f'id="{escape(chart_id)}" aria-labelledby="{tid} {did}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{tid}">{escape(title)}</title>',
        f'<desc id="{did}">{escape(desc)}</desc>',
    ]
    for k in range(5):
        v = top * k / 4
        yy = y(v)
        out.append(
            f'<line x1="{LEFT}" y1="{yy:.1f}" x2="{WIDTH - RIGHT}" y2="{yy:.1f}" stroke="#d0d7de" stroke-width="1"/>'
            f'<text x="{LEFT - 4}" y="{yy + 4:.1f}" font-size="11" text-anchor="end" fill="#59636e">'
            f"{_fmt(v)}{'%' if percent else ''}</text>"
        )
    for i, p in enumerate(points):
        out.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="10" text-anchor="middle" '
            f'fill="#59636e">{escape(p.label[:2] if n > 6 else p.label)}</text>'
        )
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, p in enumerate(points):
        if p.value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(p.value):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2.5" points="{" ".join(seg)}"/>')
    for i, p in enumerate(points):
        if p.value is not None:
            label = f"{p.label}: {_fmt(p.value)}{'%' if percent else ''}"
            out.append(
                f'<circle cx="{x(i):.1f}" cy="{y(p.value):.1f}" r="3.5" fill="{color}">'
                f"<title>{escape(label)}</title></circle>"
            )
    out.append("</svg>")
    return "".join(out)
