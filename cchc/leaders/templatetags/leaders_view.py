"""Tags of the leaders' view: the targets table's rows rendered in one pass (a province has hundreds of them — the
same markup as a ``{% for %}`` loop, each value rendered as ``{{ value }}`` renders it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from cchc.leaders.targets_section import TargetRow

register = template.Library()

_ROW = (
    '<tr>\n      <td><span class="light {light}" aria-hidden="true"></span> {status_label}</td>\n'
    "      <td>{title}</td><td>{unit}</td><td>{comparison} {value}</td>\n"
    "      <td>{open}{actual}{close}</td>\n    </tr>"
)


@register.simple_tag(takes_context=True)
def target_rows(context: template.Context, rows: Iterable[TargetRow]) -> SafeString:
    """The ``<tr>`` of each target row (``leaders/index.html``'s targets table)."""

    def show(value: Any) -> str:
        return str(render_value_in_context(value, context))

    no_data = show(gettext("chưa có dữ liệu"))
    out = []
    for t in rows:
        out.append(
            _ROW.format(
                light=show(t.light),
                status_label=show(t.status_label),
                title=show(t.title),
                unit=show(t.unit),
                comparison=show(t.comparison),
                value=show(t.value),
                open=f'<a href="{show(t.url)}">' if t.url else "",
                actual=show(t.actual) if t.actual is not None else no_data,
                close="</a>" if t.url else "",
            )
        )
    return mark_safe("".join(out))  # every value escaped by render_value_in_context
