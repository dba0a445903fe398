"""The plans measure of the target register: ``plans.TASKS_ON_TIME`` — the unit's lead assignments of issued plans
whose task falls due in the period (and is already due, or done): the share completed by the deadline ("Hoàn
thành"; "Hoàn thành quá hạn" counts against). The same count and drill-down list as the PAR-index rule
``plan_tasks_on_time`` (``cchc.parindex.sources``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, link, register


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    from cchc.parindex.sources import _percent, plan_tasks_on_time_by_unit

    counts = plan_tasks_on_time_by_unit([u.pk for u in units], start, end)
    out: dict[int, Value] = {}
    base = reverse("drill")  # the links drill.url gives, built once for many units
    span = {"from": start.isoformat(), "to": end.isoformat()}
    for u in units:
        url = link(base, ds="parindex_plan_tasks", unit=u.code, **span)
        on_time, total = counts.get(u.pk, (0, 0))
        out[u.pk] = Value(_percent(on_time, total) if total else None, on_time, total, url)
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
