"""Data sources this module plugs into its own rules (see :mod:`cchc.parindex.rules`).

``plan_tasks_on_time`` reads the plans module: among the unit's assignments (as lead unit) of issued or closed
plans whose task deadline falls inside the evidence window, the share completed with status "Hoàn thành"
(on time; "Hoàn thành quá hạn" and everything else count as not on time). No such assignment → no data.
The surveys (``survey_index``) and onestop (``index766``) modules register their own sources when they are ready.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .rules import Measure, register_source


def plan_tasks_on_time(unit, start: date, end: date) -> Measure | None:
    from cchc.plans.models import Assignment, Plan, Role, Status

    qs = Assignment.objects.filter(
        unit=unit,
        role=Role.LEAD,
        task__plan__status__in=[Plan.Status.ISSUED, Plan.Status.CLOSED],
        task__deadline_end__gte=start,
        task__deadline_end__lte=end,
    )
    total = qs.count()
    if not total:
        return None
    on_time = qs.filter(status=Status.DONE).count()
    percent = (Decimal(on_time) * 100 / Decimal(total)).quantize(Decimal("0.01"))
    return Measure(percent, f"{on_time}/{total} nhiệm vụ chủ trì hoàn thành đúng hạn ({percent}%)")


def register() -> None:
    from django.apps import apps

    if apps.is_installed("cchc.plans"):
        register_source("plan_tasks_on_time", plan_tasks_on_time)
