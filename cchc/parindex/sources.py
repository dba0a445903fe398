"""Data sources plugged into the PAR-index rules (see :mod:`cchc.parindex.rules`), each the owning module's own figure
over the round's evidence window, and each naming the records it counted (drill-down, the same query):

* ``plan_tasks_on_time`` (plans): the unit's lead assignments of issued or closed plans whose task falls due in the
  window — and is already due (deadline ≤ today) or already done: a task not yet due is not a failure. The share
  completed with status "Hoàn thành". ``rule_params`` may select the tasks: ``{"section": "…"}`` (the task's group
  heading or the one above it contains the text), ``{"content": "…"}`` (the task's content), ``{"text": "…"}``
  (either) — so 7.2 counts the Đề án 06 tasks only. No such task → no data.
* ``index766`` (onestop): the ratio of a 766 indicator computed from the unit's own dossiers, exactly as
  ``onestop_indicators --unit`` gives it; ``rule_params`` ``{"indicator": "SO_HOA_GIAY_TO_GIAI_QUYET"}`` (default
  ``DOSSIER_ON_TIME``). A zero denominator → no data.
* ``reports_sent`` and ``report_timeliness`` (reports): the unit's periodic reports due in the window (and already
  due): the share sent at all (1.2.1) and the share sent on time (1.2.2).
* ``apology_letters`` (onestop): the unit's overdue dossiers of the window (the ``overdue`` set of the indicators):
  the share with an apology letter (3.5). No overdue dossier → 100 %; no dossier at all → no data.

The surveys module registers ``survey_index`` and ``organisation_survey_index`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .rules import Measure, register_source


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------- plan tasks


def plan_task_assignments(unit: Any, start: date, end: date, params: Mapping[str, Any] | None = None) -> Any:
    """The assignments the ``plan_tasks_on_time`` rule counts (its drill-down lists the same queryset)."""
    return _plan_task_assignments(start, end, params).filter(unit=unit)


def plan_tasks_on_time_by_unit(unit_ids: list[int], start: date, end: date) -> dict[int, tuple[int, int]]:
    """unit id → (completed on time, counted) of :func:`plan_task_assignments` for many units in one query (the
    target register's ``plans.TASKS_ON_TIME``); units with none are absent."""
    from django.db.models import Count, Q

    from cchc.plans.models import Status

    rows = (
        _plan_task_assignments(start, end, None)
        .filter(unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(total=Count("pk"), on_time=Count("pk", filter=Q(status=Status.DONE)))
        .values_list("unit_id", "on_time", "total")
    )
    return {unit_id: (on_time, total) for unit_id, on_time, total in rows}


def _plan_task_assignments(start: date, end: date, params: Mapping[str, Any] | None) -> Any:
    from django.db.models import Q
    from django.utils import timezone

    from cchc.plans.models import DONE_STATUSES, Assignment, Plan, Role

    today = timezone.localdate()
    qs = Assignment.objects.filter(
        role=Role.LEAD,
        task__plan__status__in=[Plan.Status.ISSUED, Plan.Status.CLOSED],
        task__deadline_end__gte=start,
        task__deadline_end__lte=end,
    ).filter(Q(task__deadline_end__lte=today) | Q(status__in=DONE_STATUSES))
    params = params or {}
    section_q = Q(task__section__title__unaccent__icontains=params.get("section", "")) | Q(
        task__section__parent__title__unaccent__icontains=params.get("section", "")
    )
    if params.get("section"):
        qs = qs.filter(section_q)
    if params.get("content"):
        qs = qs.filter(task__content__unaccent__icontains=params["content"])
    if params.get("text"):
        text = params["text"]
        qs = qs.filter(
            Q(task__content__unaccent__icontains=text)
            | Q(task__section__title__unaccent__icontains=text)
            | Q(task__section__parent__title__unaccent__icontains=text)
        )
    return qs


def _selector_query(params: Mapping[str, Any] | None) -> dict[str, str]:
    return {k: str(v) for k, v in (params or {}).items() if k in ("section", "content", "text") and v}


def plan_tasks_on_time(
    unit: Any, start: date, end: date, params: Mapping[str, Any] | None = None
) -> Measure | None:
    from cchc.core import drill
    from cchc.plans.models import Status

    qs = plan_task_assignments(unit, start, end, params)
    total = qs.count()
    if not total:
        return None
    on_time = qs.filter(status=Status.DONE).count()
    percent = _percent(on_time, total)
    return Measure(
        percent,
        f"{on_time}/{total} nhiệm vụ chủ trì đã đến hạn hoàn thành đúng hạn ({percent}%)",
        drill.url("parindex_plan_tasks", unit, start, end, **_selector_query(params)),
        on_time,
        total,
    )


def plan_tasks_listing(user: Any, unit: Any, start: date, end: date, params: Mapping[str, str]) -> Any:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from cchc.core.drill import Listing, Row
    from cchc.orgs.scope import filter_by_unit_scope

    qs = filter_by_unit_scope(plan_task_assignments(unit, start, end, params), user)
    qs = qs.select_related("task__plan", "task__section").order_by("task__deadline_end", "task__order")
    rows = [
        Row(
            [
                f"{a.task.code} {a.task.content[:160]}",
                a.task.plan.doc_number or a.task.plan.title[:60],
                a.task.section.title[:80] if a.task.section else "",
                a.task.deadline_end.strftime("%d/%m/%Y") if a.task.deadline_end else "",
                a.get_status_display(),
            ],
            reverse("plans:assignment_detail", args=[a.pk]),
        )
        for a in qs
    ]
    headers = [_("Nhiệm vụ"), _("Kế hoạch"), _("Nhóm"), _("Hạn"), _("Tình trạng")]
    return Listing(_("Nhiệm vụ chủ trì đã đến hạn được tính điểm"), headers, rows)


# ---------------------------------------------------------------------------------------------- 766 (one-stop)


def _dossier_link(unit: Any, start: date, end: date, drill_set: str) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    query = {"unit": unit.code, "own": "1", "set": drill_set, "from": start, "to": end}
    return f"{reverse('onestop:dossier_list')}?{urlencode(query)}"


def index_766(unit: Any, start: date, end: date, params: Mapping[str, Any] | None = None) -> Measure | None:
    from cchc.onestop.definitions766 import load_definitions
    from cchc.onestop.indicators import unit_counts
    from cchc.onestop.ontime import period
    from cchc.onestop.scoring import round2
    from cchc.onestop.selectors import INDICATOR_SETS

    code = str((params or {}).get("indicator") or "DOSSIER_ON_TIME")
    counts = unit_counts(period(start, end), [unit.pk]).get(unit.pk)
    if counts is None:
        return None
    result = counts.indicators(load_definitions(on=end))
    indicator = next((i for i in result.indicators if i.code == code), None)
    if indicator is None or indicator.ratio is None:
        return None
    percent = Decimal(str(round2(indicator.ratio)))  # as onestop_indicators prints it
    _num_set, den_set = INDICATOR_SETS.get(code, (None, "s"))
    return Measure(
        percent,
        f"{code}: {indicator.numerator}/{indicator.denominator} hồ sơ ({percent}%) — {start:%d/%m/%Y} – {end:%d/%m/%Y}",
        _dossier_link(unit, start, end, den_set or "r"),
        indicator.numerator,
        indicator.denominator,
    )


def apology_letters(unit: Any, start: date, end: date) -> Measure | None:
    from cchc.onestop.models import Dossier
    from cchc.onestop.ontime import period
    from cchc.onestop.selectors import in_set

    p = period(start, end)
    own = Dossier.objects.filter(unit=unit)
    if not in_set(own, "s", p).exists():
        return None
    overdue = in_set(own, "overdue", p)
    total = overdue.count()
    url = _dossier_link(unit, start, end, "overdue")
    if not total:
        return Measure(Decimal(100), "Không có hồ sơ quá hạn trong kỳ", url, 0, 0)
    with_letter = overdue.filter(apology__isnull=False).count()
    percent = _percent(with_letter, total)
    return Measure(
        percent, f"{with_letter}/{total} hồ sơ quá hạn có thư xin lỗi ({percent}%)", url, with_letter, total
    )


# ---------------------------------------------------------------------------------------------- reports


def report_submissions(unit: Any, start: date, end: date) -> Any:
    """The unit's periodic reports the ``report_timeliness`` rule counts: due in the window and already due."""
    return _report_submissions(start, end).filter(unit=unit)


def _report_submissions(start: date, end: date) -> Any:
    from django.utils import timezone

    from cchc.reports.models import Submission

    today = timezone.localdate()
    return Submission.objects.filter(period__due__gte=start, period__due__lte=min(end, today)).select_related(
        "period"
    )


def report_timeliness_by_unit(unit_ids: list[int], start: date, end: date) -> dict[int, tuple[int, int]]:
    """unit id → (sent on time, due) of :func:`report_submissions` for many units in one query (the target
    register's ``reports.ON_TIME``); units with none are absent."""
    from cchc.reports.completeness import ON_TIME, timeliness

    out: dict[int, tuple[int, int]] = {}
    subs = (
        _report_submissions(start, end)
        .filter(unit_id__in=unit_ids)
        .only("unit_id", "first_submitted_at", "period__due")
    )
    for s in subs:
        on_time, total = out.get(s.unit_id, (0, 0))
        out[s.unit_id] = (on_time + (timeliness(s.first_submitted_at, s.period.due) == ON_TIME), total + 1)
    return out


def report_timeliness(unit: Any, start: date, end: date) -> Measure | None:
    from cchc.core import drill
    from cchc.reports.completeness import ON_TIME, timeliness

    subs = list(report_submissions(unit, start, end))
    if not subs:
        return None
    on_time = sum(1 for s in subs if timeliness(s.first_submitted_at, s.period.due) == ON_TIME)
    percent = _percent(on_time, len(subs))
    return Measure(
        percent,
        f"{on_time}/{len(subs)} báo cáo CCHC đến hạn gửi đúng hạn ({percent}%)",
        drill.url("parindex_reports", unit, start, end),
        on_time,
        len(subs),
    )


def reports_sent(unit: Any, start: date, end: date) -> Measure | None:
    from cchc.core import drill

    subs = list(report_submissions(unit, start, end))
    if not subs:
        return None
    sent = sum(1 for s in subs if s.first_submitted_at is not None)
    percent = _percent(sent, len(subs))
    return Measure(
        percent,
        f"{sent}/{len(subs)} báo cáo CCHC đến hạn đã gửi ({percent}%)",
        drill.url("parindex_reports", unit, start, end),
        sent,
        len(subs),
    )


def reports_listing(user: Any, unit: Any, start: date, end: date, params: Mapping[str, str]) -> Any:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from cchc.core.drill import Listing, Row
    from cchc.orgs.scope import filter_by_unit_scope
    from cchc.reports.completeness import timeliness
    from cchc.reports.export import TIMELINESS_LABEL

    qs = filter_by_unit_scope(report_submissions(unit, start, end), user).order_by("period__due")
    rows = [
        Row(
            [
                s.period.title,
                s.period.due.strftime("%d/%m/%Y"),
                s.first_submitted_at.strftime("%d/%m/%Y %H:%M") if s.first_submitted_at else "",
                str(TIMELINESS_LABEL[timeliness(s.first_submitted_at, s.period.due)]),
            ],
            reverse("reports:submission_detail", args=[s.pk]),
        )
        for s in qs
    ]
    headers = [_("Kỳ báo cáo"), _("Hạn gửi"), _("Gửi lần đầu"), _("Đúng hạn")]
    return Listing(_("Báo cáo CCHC đến hạn trong kỳ đánh giá"), headers, rows)


def register() -> None:
    from django.apps import apps

    from cchc.core import drill

    if apps.is_installed("cchc.plans"):
        register_source("plan_tasks_on_time", plan_tasks_on_time, params=True)
        drill.register("parindex_plan_tasks", plan_tasks_listing)
    if apps.is_installed("cchc.onestop"):
        register_source("index766", index_766, params=True)
        register_source("apology_letters", apology_letters)
    if apps.is_installed("cchc.reports"):
        register_source("report_timeliness", report_timeliness)
        register_source("reports_sent", reports_sent)
        drill.register("parindex_reports", reports_listing)
