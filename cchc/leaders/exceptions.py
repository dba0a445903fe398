"""The exceptions of the leaders' view and of the digest: what is overdue under a unit, by one rule each.

Every item belongs to the period ``[date_from, date_to]`` — dossiers and PAKN received in it, tasks, findings and
periodic reports due in it — and is overdue today. Each count is taken from the queryset (or id list) its list is
built from: the module's own filtered list where one exists (dossiers: the late list, PAKN: the register's
``which=overdue`` drill-down), else a drill-down listing registered here (``cchc.core.drill``) that calls the very
same function. A constant number of queries whatever the size of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import drill
from cchc.orgs.models import OrgUnit


@dataclass(frozen=True)
class Exception_:
    key: str
    title: str
    count: int
    url: str
    level: str = "danger"  # danger | warning (the home page's levels)
    detail: str = ""


def _span(date_from: date, date_to: date) -> dict[str, str]:
    return {"from": date_from.strftime("%d/%m/%Y"), "to": date_to.strftime("%d/%m/%Y")}


# --- plan tasks ------------------------------------------------------------------------------------------------


def overdue_tasks_qs(user: Any, unit: OrgUnit, date_from: date, date_to: date) -> QuerySet[Any]:
    """Assignments of issued plans under ``unit`` (the user's view), due in the period, not finished, past their
    deadline — ``cchc.plans.attention.overdue_in_scope_q`` (the home page's item) narrowed to the unit and period."""
    from cchc.plans.attention import overdue_in_scope_q

    qs: QuerySet[Any] = overdue_in_scope_q(user)  # type: ignore[no-untyped-call]  # the plans module is not strict
    return qs.filter(
        unit__path__startswith=unit.path,
        task__deadline_end__gte=date_from,
        task__deadline_end__lte=date_to,
    )


def overdue_tasks_listing(
    user: Any, unit: OrgUnit, date_from: date, date_to: date, params: Any
) -> drill.Listing:
    qs = (
        overdue_tasks_qs(user, unit, date_from, date_to)
        .select_related("task__plan", "unit")
        .order_by("task__deadline_end", "unit__path")
    )
    rows = [
        drill.Row(
            [
                f"{a.task.code} {a.task.content[:140]}",
                a.unit.name,
                a.task.plan.doc_number or a.task.plan.title[:60],
                a.task.deadline_end.strftime("%d/%m/%Y") if a.task.deadline_end else "",
                a.get_status_display(),
            ],
            reverse("plans:assignment_detail", args=[a.pk]),
        )
        for a in qs
    ]
    headers = [_("Nhiệm vụ"), _("Đơn vị"), _("Kế hoạch"), _("Hạn"), _("Tình trạng")]
    return drill.Listing(_("Nhiệm vụ quá hạn chưa hoàn thành"), headers, rows)


# --- one-stop dossiers -----------------------------------------------------------------------------------------


def overdue_dossiers_qs(
    user: Any, unit: OrgUnit, date_from: date, date_to: date, now: datetime
) -> QuerySet[Any]:
    """The late list's rule (``cchc.onestop.selectors.late_dossiers``, state "overdue": the on-time rule of the
    indicators) for the unit's subtree, dossiers received in the period — the list ``late_dossiers_url`` opens."""
    from cchc.onestop.ontime import period
    from cchc.onestop.selectors import late_dossiers

    p = period(date_from, date_to)
    return late_dossiers(user, unit=unit, now=now, state="overdue").filter(
        received_at__gte=p.start, received_at__lt=p.stop
    )


def late_dossiers_url(unit: OrgUnit, date_from: date, date_to: date) -> str:
    query = {"unit": unit.code, "state": "overdue", **_span(date_from, date_to)}
    return reverse("onestop:late_list") + "?" + urlencode(query)


# --- PAKN ------------------------------------------------------------------------------------------------------


def overdue_pakn_ids(unit: OrgUnit, date_from: date, date_to: date, subtree_ids: list[int]) -> list[int]:
    """PAKN of the unit's subtree received in the period and not handled on time (``pakn_indicators``' overdue
    count): the ids the register lists for ``which=overdue``, by the same query."""
    from cchc.onestop.ontime import period
    from cchc.pakn.indicators import record_ids
    from cchc.workdays.services import calendar_for

    return record_ids(period(date_from, date_to), calendar_for(None), subtree_ids, "overdue")


def overdue_pakn_count(unit: OrgUnit, date_from: date, date_to: date, subtree_ids: list[int]) -> int:
    """How many :func:`overdue_pakn_ids` lists: the subtree's ``pakn_indicators`` overdue counts added up when the
    page has read them already (the 766 board reads every unit's counts for the same period: ``held_counts``),
    else the ids counted — the same rule either way, one query fewer on the page."""
    from cchc.onestop.ontime import period
    from cchc.pakn.indicators import held_counts, record_ids
    from cchc.workdays.services import calendar_for

    p, cal = period(date_from, date_to), calendar_for(None)
    counts = held_counts(p, cal, subtree_ids)
    if counts is None:  # overdue_pakn_ids, with the calendar read once
        return len(record_ids(p, cal, subtree_ids, "overdue"))
    return sum(c.overdue for c in counts.values())


def pakn_url(unit: OrgUnit, date_from: date, date_to: date, which: str = "overdue") -> str:
    query = {"unit": unit.code, "which": which, "subtree": "1", **_span(date_from, date_to)}
    return reverse("pakn:index") + "?" + urlencode(query)


# --- inspection findings ---------------------------------------------------------------------------------------


def overdue_findings(user: Any, unit: OrgUnit, date_from: date, date_to: date) -> list[Any]:
    """Open findings of the unit's subtree (``cchc.inspections.selectors.open_findings``, the home page's item)
    whose remedy deadline falls in the period and has passed."""
    from cchc.inspections.selectors import open_findings
    from cchc.orgs.scope import Reach

    rows = open_findings(user, units=Reach(paths=frozenset({unit.path})))
    return [
        r
        for r in rows
        if r.clock.state == "overdue"
        and r.clock.due is not None
        and date_from <= timezone.localtime(r.clock.due).date() <= date_to
    ]


def overdue_findings_count(user: Any, unit: OrgUnit, date_from: date, date_to: date) -> int:
    """How many :func:`overdue_findings` lists, without loading the findings: the open findings counted in SQL per
    distinct set of the clock's inputs (deadline, days allowed, closing, the visit's conclusion day), each set's
    clock computed once by the same rule (``clock_of``, as of now)."""
    from types import SimpleNamespace

    from django.db.models import Count

    from cchc.inspections.models import Finding
    from cchc.inspections.selectors import calendar, clock_of, visible_findings
    from cchc.orgs.scope import Reach

    qs = (
        visible_findings(user)
        .filter(state=Finding.State.OPEN)
        .filter(Reach(paths=frozenset({unit.path})).q("visit__unit__"))
        .values_list("deadline", "deadline_days", "closed_at", "visit__conclusion_date")
        .annotate(n=Count("pk"))
        .order_by()
    )
    moment = timezone.now()
    cal = calendar()
    n = 0
    for deadline, days, closed_at, concluded, count in qs:
        clock = clock_of(
            SimpleNamespace(deadline=deadline, deadline_days=days, closed_at=closed_at),  # type: ignore[arg-type]
            SimpleNamespace(conclusion_date=concluded),  # type: ignore[arg-type]
            as_of=moment,
            cal=cal,
        )
        if (
            clock.state == "overdue"
            and clock.due is not None
            and date_from <= timezone.localtime(clock.due).date() <= date_to
        ):
            n += count
    return n


def overdue_findings_listing(
    user: Any, unit: OrgUnit, date_from: date, date_to: date, params: Any
) -> drill.Listing:
    rows = [
        drill.Row(
            [
                r.finding.visit.unit.name,
                f"{r.finding.number}. {r.finding.text[:140]}",
                r.finding.request[:140],
                timezone.localtime(r.clock.due).strftime("%d/%m/%Y") if r.clock.due else "",
                str(r.clock.days_overdue),
            ],
            reverse("inspections:finding_detail", args=[r.finding.pk]),
        )
        for r in overdue_findings(user, unit, date_from, date_to)
    ]
    headers = [_("Đơn vị"), _("Tồn tại, hạn chế"), _("Kiến nghị"), _("Hạn"), _("Quá hạn (ngày làm việc)")]
    return drill.Listing(_("Kiến nghị sau kiểm tra quá hạn khắc phục"), headers, rows)


# --- periodic reports ------------------------------------------------------------------------------------------


def late_reports_qs(user: Any, unit: OrgUnit, date_from: date, date_to: date, today: date) -> QuerySet[Any]:
    """Periodic reports of units under ``unit`` due in the period, past their due date and never sent."""
    from cchc.reports.selectors import submissions_visible_to

    return submissions_visible_to(user).filter(
        unit__path__startswith=unit.path,
        period__due__gte=date_from,
        period__due__lte=min(date_to, today),
        period__due__lt=today,
        first_submitted_at__isnull=True,
    )


def late_reports_listing(
    user: Any, unit: OrgUnit, date_from: date, date_to: date, params: Any
) -> drill.Listing:
    today = timezone.localdate()
    qs = late_reports_qs(user, unit, date_from, date_to, today).order_by("period__due", "unit__path")
    rows = [
        drill.Row(
            [s.period.title, s.unit.name, s.period.due.strftime("%d/%m/%Y"), s.get_status_display()],
            reverse("reports:submission_detail", args=[s.pk]),
        )
        for s in qs
    ]
    headers = [_("Báo cáo"), _("Đơn vị"), _("Hạn gửi"), _("Tình trạng")]
    return drill.Listing(_("Báo cáo định kỳ quá hạn chưa gửi"), headers, rows)


def register_listings() -> None:
    drill.register("leaders_overdue_tasks", overdue_tasks_listing)
    drill.register("leaders_overdue_findings", overdue_findings_listing)
    drill.register("leaders_late_reports", late_reports_listing)


# --- all of them -----------------------------------------------------------------------------------------------


def exceptions_for(
    user: Any,
    unit: OrgUnit,
    date_from: date,
    date_to: date,
    subtree_ids: list[int],
    *,
    now: datetime | None = None,
) -> list[Exception_]:
    """The overdue items under ``unit`` for the period, biggest first (an empty kind is left out)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    out: list[Exception_] = []
    n = overdue_tasks_qs(user, unit, date_from, date_to).count()
    out.append(
        Exception_(
            "tasks",
            _("Nhiệm vụ kế hoạch CCHC quá hạn chưa hoàn thành"),
            n,
            drill.url("leaders_overdue_tasks", unit, date_from, date_to),
        )
    )
    n = overdue_dossiers_qs(user, unit, date_from, date_to, now).count()
    out.append(
        Exception_(
            "dossiers",
            _("Hồ sơ một cửa quá hạn chưa giải quyết"),
            n,
            late_dossiers_url(unit, date_from, date_to),
        )
    )
    n = overdue_pakn_count(unit, date_from, date_to, subtree_ids)
    out.append(
        Exception_(
            "pakn", _("Phản ánh, kiến nghị xử lý không đúng hạn"), n, pakn_url(unit, date_from, date_to)
        )
    )
    n = overdue_findings_count(user, unit, date_from, date_to)
    out.append(
        Exception_(
            "findings",
            _("Kiến nghị sau kiểm tra quá hạn khắc phục"),
            n,
            drill.url("leaders_overdue_findings", unit, date_from, date_to),
        )
    )
    n = late_reports_qs(user, unit, date_from, date_to, today).count()
    out.append(
        Exception_(
            "reports",
            _("Báo cáo định kỳ quá hạn chưa gửi"),
            n,
            drill.url("leaders_late_reports", unit, date_from, date_to),
        )
    )
    return [e for e in out if e.count]
