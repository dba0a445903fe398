"""The plan matrix as one compact HTML table, built as a string (15,000 cells through the template engine would
dominate the page's time). Every value is escaped."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import Role, Status

SHORT = {
    "not_started": "○",
    "in_progress": "◐",
    "done": "●",
    "done_late": "◉",
    "not_done": "✕",
}


def render_matrix(matrix) -> str:
    labels = {k: escape(str(v)) for k, v in Status.choices}
    head = [
        '<table class="matrix" data-testid="matrix"><thead><tr><th class="code">TT</th><th class="task">',
        escape(_("Nhiệm vụ")),
        "</th>",
    ]
    for u in matrix.units:
        short = u["short_code"] or u["short_name"] or u["code"]
        head.append(f'<th class="unit" title="{escape(u["name"])}"><span>{escape(short)}</span></th>')
    head.append("</tr></thead><tbody>")
    parts = head
    units = [u["pk"] for u in matrix.units]
    cells = matrix.cells
    opening: dict[tuple, tuple[str, str, str]] = {}  # (status, state, role) -> ('<td class=…>', symbol)
    for t in matrix.tasks:
        tid = t["pk"]
        content = t["content"]
        parts.append(
            f'<tr><th class="code"><a href="/ke-hoach/nhiem-vu/{tid}/">{escape(t["code"])}</a></th>'
            f'<td class="task" title="{escape(content)}">{escape(content[:90])}</td>'
        )
        for uid in units:
            c = cells.get((tid, uid))
            if c is None:
                parts.append("<td></td>")
                continue
            pk, status, pct, role, state = c
            key = (status, state, role)
            o = opening.get(key)
            if o is None:
                cls = f"s-{status}"
                if state == "overdue":
                    cls += " overdue"
                elif state == "due_soon":
                    cls += " soon"
                if role == Role.LEAD:
                    cls += " lead"
                o = opening[key] = (f'<td class="{cls}">', labels[status], SHORT[status])
            parts.append(
                f'{o[0]}<a href="/ke-hoach/phan-cong/{pk}/" title="{o[1]} {pct}%">{o[2]}<small>{pct}</small></a></td>'
            )
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return mark_safe("".join(parts))
