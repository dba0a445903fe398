"""Display helpers: points with a decimal comma, dict lookups, safe SVG."""

from decimal import Decimal

from django import template
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
