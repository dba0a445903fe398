"""Drill-down of the periodic-report synthesis: each total opens the sent reports it adds up (``core:drill``).

The listing is built by :func:`cchc.reports.selectors.synthesis_table` — the same query as the synthesis page's
totals — so its rows are the reports counted and the values listed add up to the total shown.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

KEY = "report_synthesis"


def synthesis_total_url(period: Any, field_key: str) -> str:
    from cchc.core import drill

    return drill.url(
        KEY, period.cycle.office, period.data_from, period.data_to, period=str(period.pk), field=field_key
    )


def synthesis_listing(user: Any, unit: Any, date_from: date, date_to: date, params: Any) -> Any:
    from django.http import Http404
    from django.template.defaultfilters import floatformat
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from cchc.core.drill import Listing, Row

    from .selectors import get_period_for_user, sent_submissions, synthesis_table

    try:
        pk = int(params.get("period", ""))
    except ValueError:
        raise Http404(_("Không tìm thấy kỳ báo cáo.")) from None
    period = get_period_for_user(user, pk, manage=True)  # 404 unseen, 403 when the user may not synthesise
    if period.cycle.office_id != unit.pk:
        raise Http404(_("Không tìm thấy kỳ báo cáo."))
    field = next(
        (f for f in period.cycle.template.outline.number_fields if f.key == params.get("field")), None
    )
    if field is None:
        raise Http404(_("Không có chỉ tiêu này."))
    rows, _totals = synthesis_table(period)
    sub_of_unit = dict(sent_submissions(period).values_list("unit_id", "pk"))
    out = []
    for report_unit, values, notes in rows:
        value: Decimal | None = values.get(field.key)
        shown = _("chưa có dữ liệu") if value is None else str(floatformat(value, "-2g"))
        out.append(
            Row(
                [report_unit.name, shown, notes.get(field.key, "")],
                reverse("reports:submission_detail", args=[sub_of_unit[report_unit.pk]]),
            )
        )
    title = _("%(f)s — các báo cáo đơn vị được cộng vào tổng hợp %(p)s") % {
        "f": field.label,
        "p": period.title,
    }
    return Listing(title, [_("Đơn vị"), _("Số liệu"), _("Ghi chú điều chỉnh")], out)


def register() -> None:
    from cchc.core import drill

    drill.register(KEY, synthesis_listing)
