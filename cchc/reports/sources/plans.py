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


def _conditions() -> dict:
    from django.db.models import F, Q
    from django.utils import timezone

    today = timezone.localdate()
    return {
        "done_on_time": Q(status="done")
        & (Q(completed_on__isnull=True) | Q(completed_on__lte=F("task__deadline_end"))),
        "done_late": Q(status="done_late") | (Q(status="done") & Q(completed_on__gt=F("task__deadline_end"))),
        "overdue": ~Q(status__in=["done", "done_late"]) & Q(task__deadline_end__lt=today),
    }


def _assignments(units, date_from: date, date_to: date):
    from cchc.plans.models import Assignment

    return Assignment.objects.filter(
        unit__in=units, task__deadline_end__gte=date_from, task__deadline_end__lte=date_to
    ).exclude(task__plan__status="draft")


def plan_task_figures(units, date_from: date, date_to: date) -> dict[int, dict[str, int]]:
    from django.db.models import Count

    c = _conditions()
    done_on_time, done_late, overdue = c["done_on_time"], c["done_late"], c["overdue"]
    rows = (
        _assignments(units, date_from, date_to)
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


def plan_task_records_url(unit, date_from: date, date_to: date, field: str) -> str:
    from cchc.core import drill

    if field not in ("due", "done_on_time", "done_late", "overdue"):
        return ""
    return drill.url("plan_tasks", unit, date_from, date_to, field=field)


def plan_task_listing(user, unit, date_from: date, date_to: date, params):
    """The assignments behind a ``plan_tasks`` figure (the same query), for the drill-down page."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from cchc.core.drill import Listing, Row
    from cchc.orgs.scope import filter_by_unit_scope

    field = params.get("field", "due")
    qs = filter_by_unit_scope(_assignments([unit], date_from, date_to), user)
    if field != "due":
        qs = qs.filter(_conditions()[field])
    qs = qs.select_related("task__plan").order_by("task__deadline_end", "task__plan_id", "task__order")
    titles = {
        "due": _("Nhiệm vụ đến hạn trong kỳ"),
        "done_on_time": _("Nhiệm vụ hoàn thành đúng hạn"),
        "done_late": _("Nhiệm vụ hoàn thành quá hạn"),
        "overdue": _("Nhiệm vụ quá hạn chưa hoàn thành"),
    }
    rows = [
        Row(
            [
                a.task.plan.doc_number or a.task.plan.title[:60],
                f"{a.task.code} {a.task.content[:160]}",
                a.task.deadline_end.strftime("%d/%m/%Y") if a.task.deadline_end else "",
                a.get_status_display(),
            ],
            reverse("plans:assignment_detail", args=[a.pk]),
        )
        for a in qs
    ]
    headers = [_("Kế hoạch"), _("Nhiệm vụ"), _("Hạn"), _("Tình trạng")]
    return Listing(str(titles.get(field, titles["due"])), headers, rows)


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from cchc.core import drill
    from cchc.reports.figures import SOURCES, Figure, register_figure_source

    if KEY in SOURCES:  # the plans module registered its own
        return
    if _plans_ready():
        figures = (
            Figure("due", _("Nhiệm vụ đến hạn trong kỳ")),
            Figure("done_on_time", _("Nhiệm vụ hoàn thành đúng hạn")),
            Figure("done_late", _("Nhiệm vụ hoàn thành quá hạn")),
            Figure("overdue", _("Nhiệm vụ quá hạn chưa hoàn thành")),
        )
        register_figure_source(
            KEY, plan_task_figures, module="plans", figures=figures, records=plan_task_records_url
        )
        drill.register("plan_tasks", plan_task_listing)
    else:
        log.info("plans module without assignments: %s figures not available", KEY)
