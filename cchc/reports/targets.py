"""The reports measure of the target register: ``reports.ON_TIME`` — the unit's periodic CCHC reports due in the
period (and already due): the share sent by the due date. The same count and drill-down list as the PAR-index
rule ``report_timeliness`` (``cchc.parindex.sources``) and the completeness page's timeliness."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, register


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    from cchc.core import drill
    from cchc.parindex.sources import report_timeliness

    out: dict[int, Value] = {}
    for u in units:
        m = report_timeliness(u, start, end)
        if m is None:
            out[u.pk] = Value(None, 0, 0, drill.url("parindex_reports", u, start, end))
        else:
            out[u.pk] = Value(m.percent, m.numerator, m.denominator, m.records_url)
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
