"""The reports measure of the target register: ``reports.ON_TIME`` — the unit's periodic CCHC reports due in the
period (and already due): the share sent by the due date. The same count and drill-down list as the PAR-index
rule ``report_timeliness`` (``cchc.parindex.sources``) and the completeness page's timeliness."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, link, register


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    from cchc.parindex.sources import _percent, report_timeliness_by_unit

    counts = report_timeliness_by_unit([u.pk for u in units], start, end)
    out: dict[int, Value] = {}
    base = reverse("drill")  # the links drill.url gives, built once for many units
    span = {"from": start.isoformat(), "to": end.isoformat()}
    for u in units:
        url = link(base, ds="parindex_reports", unit=u.code, **span)
        on_time, total = counts.get(u.pk, (0, 0))
        out[u.pk] = Value(_percent(on_time, total) if total else None, on_time, total, url)
    return out


register(
    MeasureSource(
        "reports",
        compute,
        codes=lambda: [("ON_TIME", str(_("Tỷ lệ báo cáo CCHC gửi đúng hạn")))],
        module="reports",
        final_failures={"ON_TIME"},
    )
)
