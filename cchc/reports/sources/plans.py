"""``plan_tasks`` figures from the plans module: for each unit, its assignments whose task falls due in the data
window — due, done on time, done late, overdue.

Registered only when ``cchc.plans.models`` has an ``Assignment`` with a ``status`` (and ``completed_on``) and its
``Task`` a ``deadline_end`` (checked at start-up, without importing anything that is missing). Rules:

* due: assignments of issued (or closed) plans whose task's ``deadline_end`` lies in the window;
* done on time: status ``done`` and completed on or before the deadline (or no completion date recorded);
* done late: status ``done_late``, or ``done`` with a completion date after the deadline;
* overdue: not done (including ``not_done``) and the deadline is before today.
Recurring and event-relative tasks have no ``deadline_end`` and are not counted.
"""

from __future__ import annotations

import logging
from datetime import date

log = logging.getLogger(__name__)
KEY = "plan_tasks"


def _plans_ready() -> bool:
    try:
        from cchc.plans import models as plan_models
    except Exception:  # the plans module is not there (or not importable yet)
        log.exception("report figures: the plans module cannot be imported")
        return False
    assignment = getattr(plan_models, "Assignment", None)
    if assignment is None:
        return False
    names = {f.name for f in assignment._meta.get_fields()}
    if not {"status", "completed_on", "task", "unit"} <= names:
        return False
    task_fields = {f.name for f in assignment._meta.get_field("task").related_model._meta.get_fields()}
    return "deadline_end" in task_fields


def plan_task_figures(units, date_from: date, date_to: date) -> dict[int, dict[str, int]]:
    from django.db.models import Count, F, Q
    from django.utils import timezone

    from cchc.plans.models import Assignment

    today = timezone.localdate()
    done_on_time = Q(status="done") & (
        Q(completed_on__isnull=True) | Q(completed_on__lte=F("task__deadline_end"))
    )
    done_late = Q(status="done_late") | (Q(status="done") & Q(completed_on__gt=F("task__deadline_end")))
    overdue = ~Q(status__in=["done", "done_late"]) & Q(task__deadline_end__lt=today)
    rows = (
        Assignment.objects.filter(
            unit__in=units,
            task__deadline_end__gte=date_from,
            task__deadline_end__lte=date_to,
        )
        .exclude(task__plan__status="draft")
        .values("unit_id")
        .annotate(
            due=Count("pk"),
            done_on_time=Count("pk", filter=done_on_time),
            done_late=Count("pk", filter=done_late),
            overdue=Count("pk", filter=overdue),
        )
    )
    out: dict[int, dict[str, int]] = {}
    for r in rows:
        out[r["unit_id"]] = {k: r[k] for k in ("due", "done_on_time", "done_late", "overdue")}
    for u in units:
        out.setdefault(u.pk, {"due": 0, "done_on_time": 0, "done_late": 0, "overdue": 0})
    return out


def register() -> None:
    from cchc.reports.figures import SOURCES, register_figure_source

    if KEY in SOURCES:  # the plans module registered its own
        return
    if _plans_ready():
        register_figure_source(KEY, plan_task_figures)
    else:
        log.info("plans module without assignments: %s figures not available", KEY)
