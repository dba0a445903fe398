"""Display helpers: points with a decimal comma, dict lookups, safe SVG, the ranking's table bodies."""

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def pts(value):
    """2.50 → "2,5"; 3 → "3"; None → "—"."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@register.filter
def raw(value):
    """A Decimal for an <input value>, written as users type it: "2,25" (a dot is accepted too); "" when None."""
    if value is None:
        return ""
    return f"{Decimal(str(value)):.2f}".rstrip("0").rstrip(".").replace(".", ",")


@register.filter
def get(mapping, key):
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def svg(markup):
    """Charts are built by cchc.parindex.charts, which escapes every label."""
    return mark_safe(markup)


POINT_ATTRS = ("self_score", "round1", "round2")


@register.filter
def typed(score, attr):
    """A grid input's value: what the user typed when the page is shown again after an error, else the saved one."""
    posted = getattr(score, "posted", None)
    if posted is not None and attr in posted:
        return posted[attr]
    value = getattr(score, attr)
    return raw(value) if attr in POINT_ATTRS else value


# The ranking's two table bodies are written here with format_html rather than with template loops: a round has
# 150+ units, and the page must render in well under 300 ms (bench/bench_parindex_ranking.py).


@register.simple_tag
def ranking_table_rows(rows):
    """<tr>s of the ranking table from ``cchc.parindex.result_tables.RankingRow``s (every value escaped)."""

    def cells(row):
        u = row.unit
        name = u["name"]
        if row.scorecard is not None:
            name = format_html(
                '<a href="{}">{}</a>', reverse("parindex:scorecard", args=[row.scorecard]), name
            )
        return (
            mark_safe(' class="mine"') if row.mine else "",
            u["rank"], name, u["code"], pts(u["achieved"]), pts(u["max"]), pts(u["bonus"]), pts(u["penalty"]),
            pts(u["index"]), u["band"] or "—",
        )  # fmt: skip

    return format_html_join(
        "",
        '<tr{}><td class="num">{}</td><td>{} <code class="hide-sm">{}</code></td><td class="num hide-sm">{}</td>'
        '<td class="num hide-sm">{}</td><td class="num hide-sm">{}</td><td class="num hide-sm">{}</td>'
        '<td class="num"><b>{}</b></td><td>{}</td></tr>',
        (cells(row) for row in rows),
    )


@register.simple_tag
def heat_table_rows(heat):
    """<tr>s of the lĩnh vực heat map from ``cchc.parindex.result_tables.heat_cells``."""
    return format_html_join(
        "",
        "<tr><td>{}</td>{}</tr>",
        (
            (
                u["name"],
                format_html_join(
                    "",
                    '<td class="p" style="background: {}">{}</td>',
                    ((c, pts(f["percent"])) for f, c in cells),
                ),
            )
            for u, cells in heat
        ),
    )
