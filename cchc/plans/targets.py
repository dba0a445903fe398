"""The plans measure of the target register: ``plans.TASKS_ON_TIME`` — the unit's lead assignments of issued plans
whose task falls due in the period (and is already due, or done): the share completed by the deadline ("Hoàn
thành"; "Hoàn thành quá hạn" counts against). The same count and drill-down list as the PAR-index rule
``plan_tasks_on_time`` (``cchc.parindex.sources``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, register


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    from cchc.core import drill
    from cchc.parindex.sources import plan_tasks_on_time

    out: dict[int, Value] = {}
    for u in units:
        m = plan_tasks_on_time(u, start, end)
        if m is None:
            out[u.pk] = Value(None, 0, 0, drill.url("parindex_plan_tasks", u, start, end))
        else:
            out[u.pk] = Value(m.percent, m.numerator, m.denominator, m.records_url)
    return out


register(
    MeasureSource(
        "plans",
        compute,
        codes=lambda: [("TASKS_ON_TIME", str(_("Tỷ lệ nhiệm vụ hoàn thành đúng hạn")))],
        module="plans",
        final_failures={"TASKS_ON_TIME"},
    )
)
