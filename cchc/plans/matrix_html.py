"""The plan matrix as one compact HTML table, built as a string (15,000 cells through the template engine would
dominate the page's time). Every value is escaped."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import Status

SHORT = {
    "not_started": "○",
    "in_progress": "◐",
    "done": "●",
    "done_late": "◉",
    "not_done": "✕",
}


def render_matrix(matrix) -> str:
    labels = dict(Status.choices)
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
            cls = f"s-{status}"
            if state == "overdue":
                cls += " overdue"
            elif state == "due_soon":
                cls += " soon"
            if role == "lead":
                cls += " lead"
            parts.append(
                f'<td class="{cls}"><a href="/ke-hoach/phan-cong/{pk}/" title="{labels[status]} {pct}%">'
                f"{SHORT[status]}<small>{pct}</small></a></td>"
            )
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return mark_safe("".join(parts))
