"""Reads of the plans module, always through the org scope (:mod:`cchc.plans.access`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, overload

from django.conf import settings
from django.db.models import Avg, Q, QuerySet
from django.utils import timezone

from cchc.accounts.models import User
from cchc.core.text import fold
from cchc.orgs.models import OrgUnit
from cchc.orgs.models import Role as OrgRole
from cchc.orgs.scope import scope_for
from cchc.workdays.calendar import WorkCalendar
from cchc.workdays.notices import default_calendar

from . import access
from .models import Assignment, Plan, ProgressUpdate, Task
from .timing import Timing, soon_limit, timing

_CALENDAR: WorkCalendar | None = None


def calendar() -> WorkCalendar:
    global _CALENDAR
    if _CALENDAR is None:
        _CALENDAR = default_calendar()
    return _CALENDAR


def remind_days() -> int:
    return settings.PLANS_REMIND_DAYS


def assignment_timings(
    assignments: Iterable[Assignment], *, today: date | None = None, days: int | None = None
) -> Iterator[tuple[Assignment, Timing]]:
    """(assignment, Timing) pairs; assignments need ``task`` and ``task.plan`` loaded."""
    today = today or timezone.localdate()
    until = soon_limit(today, calendar(), remind_days() if days is None else days)
    for a in assignments:
        t = a.task
        yield (
            a,
            timing(
                kind=t.deadline_kind,
                end=t.deadline_end,
                status=a.status,
                today=today,
                soon_until=until,
                text=t.deadline_text,
                received_on=a.received_on,
                last_period=a.last_period,
                period=t.plan.report_period,
            ),
        )


_UPDATE_RELATED = ("assignment__unit", "assignment__task", "assignment__task__plan")


def updates_to_confirm(user: User, *, limit: int = 200) -> list[ProgressUpdate]:
    """Submitted progress reports the user may confirm: as a head of the reporting unit (or of a unit above it
    holding it in their data scope), or as the coordinator standing in for a unit without a head account —
    never a report they wrote (:func:`cchc.plans.access.can_confirm_update`). The ``limit`` newest are looked at."""
    candidates = (
        ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED)
        .filter(scope_for(user).data.q("assignment__unit__"))
        .select_related(*_UPDATE_RELATED)[:limit]
    )
    return [u for u in candidates if access.can_confirm_update(user, u)]


def updates_to_accept(user: User) -> QuerySet[ProgressUpdate]:
    """Confirmed progress reports waiting for the user as the coordinator over the plan's issuer; not those of a
    unit they belong to (any role), nor those they wrote (conflict of interest)."""
    scope = scope_for(user)
    if scope.manage.empty:
        return ProgressUpdate.objects.none()
    return (
        ProgressUpdate.objects.filter(state=ProgressUpdate.State.CONFIRMED)
        .filter(scope.manage.q("assignment__task__plan__issuer__"))
        .exclude(assignment__unit_id__in=sorted(scope.units_with(*OrgRole).unit_ids))
        .exclude(author=user)
        .select_related(*_UPDATE_RELATED, "author")
    )


def plan_list(user: User, *, text: str = "", status: str = "", year: str = "") -> QuerySet[Plan]:
    qs = access.visible_plans(user).select_related("issuer")
    if status:
        qs = qs.filter(status=status)
    if year and year.isdigit():
        qs = qs.filter(year=int(year))
    for word in fold(text).split():
        qs = qs.filter(Q(title__unaccent__icontains=word) | Q(doc_number__icontains=word))
    return qs.order_by("-year", "-issue_date", "-pk")


def plan_tasks_for_user(user: User, plan: Plan) -> QuerySet[Task]:
    """The tasks of a plan the user may read: all of them for whoever sees the issuer, else only those assigned to
    a unit in the user's view (the plan page and the API)."""
    tasks = plan.tasks.all()
    if not access.can_see_plan_in_full(user, plan):
        mine = Assignment.objects.filter(task__plan=plan).filter(scope_for(user).view.q("unit__"))
        tasks = tasks.filter(pk__in=mine.values("task_id"))
    return tasks.order_by("order", "pk")


def task_percent(task: Task) -> int:
    """A task's progress: set by hand, else the average of its lead assignments (all if none leads)."""
    if task.manual_percent is not None:
        return task.manual_percent
    qs = task.assignments.all()
    lead = qs.filter(role="lead")
    value = (lead if lead.exists() else qs).aggregate(v=Avg("percent"))["v"]
    return round(value or 0)


def task_percents(plan: Plan) -> dict[int, int]:
    """Every task's rolled-up progress in one query."""
    rows = Assignment.objects.filter(task__plan=plan).values_list("task_id", "role", "percent")
    lead: dict[int, list[int]] = {}
    every: dict[int, list[int]] = {}
    for task_id, role, pct in rows:
        every.setdefault(task_id, []).append(pct)
        if role == "lead":
            lead.setdefault(task_id, []).append(pct)
    out: dict[int, int] = {}
    for task_id, values in every.items():
        chosen = lead.get(task_id) or values
        out[task_id] = round(sum(chosen) / len(chosen))
    for task_id, manual in plan.tasks.filter(manual_percent__isnull=False).values_list(
        "pk", "manual_percent"
    ):
        out[task_id] = manual or 0  # not None: filtered above
    return out


@dataclass
class MyFilters:
    status: str = ""
    window: str = ""  # "", overdue, soon, attention, done
    section: str = ""
    plan: str = ""
    text: str = ""
    unit: str = ""  # a unit code: that unit and the units under it
    group: str = ""  # a unit group's code: its member units


def overdue_working_days(t: Timing, today: date | None = None) -> int | None:
    """How many working days an overdue assignment is past its due date ("quá hạn N ngày làm việc")."""
    if t.state != "overdue" or t.due is None:
        return None
    return calendar().working_days_between(t.due, today or timezone.localdate())


def tracking_title(user: User, window: str = "") -> str:
    """The list's title as the user's role reads it: a unit's own tasks, or the units a coordinator follows."""
    from django.utils.translation import gettext as _

    scope = scope_for(user)
    follows = scope.is_admin or not scope.manage.empty or not scope.units_with(OrgRole.LEADER).empty
    if window == "overdue":
        return _("Nhiệm vụ quá hạn của các đơn vị") if follows else _("Nhiệm vụ quá hạn của đơn vị tôi")
    return _("Theo dõi nhiệm vụ của các đơn vị") if follows else _("Nhiệm vụ của đơn vị tôi")


def visible_groups(user: User) -> QuerySet[Any]:
    """Unit groups rooted in what the user sees (filters of the tracking lists)."""
    from cchc.orgs.models import UnitGroup

    scope = scope_for(user)
    qs = UnitGroup.objects.select_related("root").order_by("name")
    return qs if scope.is_admin else qs.filter(scope.view.q("root__"))


class MyRows(Sequence[tuple[Assignment, Timing]]):
    """(assignment, Timing) pairs of :func:`my_assignments`, in order. Timing and filters come from one light
    query; whole assignments (task, plan, section, unit) are loaded only for the rows actually read — a page,
    or every row for an export — so a coordinator with thousands of assignments gets a page quickly."""

    def __init__(self, ids: list[int], timings: list[Timing], plan_ids: set[int], sections: list[str]):
        self.ids = ids
        self.timings = timings
        self.plan_ids = plan_ids
        self.sections = sections

    def __len__(self) -> int:
        return len(self.ids)

    def _load(self, ids: list[int]) -> dict[int, Assignment]:
        qs = Assignment.objects.filter(pk__in=ids).select_related(
            "task", "task__plan", "task__section", "unit"
        )
        return {a.pk: a for a in qs}

    @overload
    def __getitem__(self, index: int) -> tuple[Assignment, Timing]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[Assignment, Timing]]: ...

    def __getitem__(self, index: int | slice) -> tuple[Assignment, Timing] | list[tuple[Assignment, Timing]]:
        if isinstance(index, slice):
            ids = self.ids[index]
            timings = self.timings[index]
            loaded = self._load(ids)
            return [(loaded[i], t) for i, t in zip(ids, timings, strict=True)]
        i = self.ids[index]
        return (self._load([i])[i], self.timings[index])

    def __iter__(self) -> Iterator[tuple[Assignment, Timing]]:
        for start in range(0, len(self.ids), 500):
            yield from self[start : start + 500]


def my_assignments(user: User, f: MyFilters, *, today: date | None = None) -> MyRows:
    """The assignments of the units the user enters data for (or sees), with timing, filtered."""
    from cchc.orgs.scope import scope_for

    scope = scope_for(user)
    reach = scope.data if not scope.data.empty else scope.view
    qs = (
        Assignment.objects.filter(reach.q("unit__"))
        .filter(task__plan__status__in=[Plan.Status.ISSUED, Plan.Status.CLOSED])
        .order_by("task__plan__pk", "task__order", "unit__path")
    )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.plan.isdigit():
        qs = qs.filter(task__plan_id=int(f.plan))
    if f.section:
        qs = qs.filter(task__section__title=f.section)
    if f.unit:
        unit = OrgUnit.objects.filter(code=f.unit).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if f.group:
        from cchc.orgs.selectors import group_members

        group = visible_groups(user).filter(code=f.group).first()
        qs = qs.filter(unit__in=group_members(group).values("pk")) if group else qs.none()
    for word in fold(f.text).split():
        qs = qs.filter(Q(task__content__unaccent__icontains=word) | Q(task__code__startswith=word))
    today = today or timezone.localdate()
    until = soon_limit(today, calendar(), remind_days())
    wanted = {
        "overdue": ("overdue",),
        "soon": ("due_soon",),
        "attention": ("overdue", "due_soon"),
        "done": ("done",),
    }.get(f.window)
    ids: list[int] = []
    timings: list[Timing] = []
    plan_ids: set[int] = set()
    sections: set[str] = set()
    cache: dict[tuple[Any, ...], Timing] = {}
    rows = qs.values_list(
        "pk",
        "status",
        "received_on",
        "last_period",
        "task_id",
        "task__deadline_kind",
        "task__deadline_end",
        "task__deadline_text",
        "task__plan_id",
        "task__plan__report_period",
        "task__section__title",
    )
    for pk, status, received, last_period, task_id, kind, end, text, plan_id, period, section in rows:
        key = (task_id, status, received, last_period)
        tm = cache.get(key)
        if tm is None:
            tm = cache[key] = timing(
                kind=kind,
                end=end,
                status=status,
                today=today,
                soon_until=until,
                text=text,
                received_on=received,
                last_period=last_period,
                period=period,
            )
        if wanted is not None and tm.state not in wanted:
            continue
        ids.append(pk)
        timings.append(tm)
        plan_ids.add(plan_id)
        if section:
            sections.add(section)
    return MyRows(ids, timings, plan_ids, sorted(sections))


# --- the matrix -----------------------------------------------------------------------------------------------------


@dataclass
class Matrix:
    plan: Plan
    tasks: Sequence[Mapping[str, Any]]
    units: Sequence[Mapping[str, Any]]
    cells: dict[tuple[int, int], tuple[Any, ...]] = field(
        default_factory=dict
    )  # (task, unit) -> (id, status, pct, role, state)
    counts: dict[str, int] = field(default_factory=dict)


def plan_matrix(plan: Plan, user: User, *, today: date | None = None) -> Matrix:
    """Tasks × units: one query for tasks, one for assignments (values only), one for units; pivot in Python."""
    today = today or timezone.localdate()
    until = soon_limit(today, calendar(), remind_days())
    tasks = list(
        Task.objects.filter(plan=plan)
        .order_by("order")
        .values("pk", "code", "content", "deadline_kind", "deadline_end", "deadline_text", "section_id")
    )
    qs = Assignment.objects.filter(task__plan=plan)
    if not access.can_see_plan_in_full(user, plan):
        qs = access.visible_assignments(user, qs)
    rows = qs.values_list(
        "pk", "task_id", "unit_id", "status", "percent", "role", "received_on", "last_period"
    )
    by_task = {t["pk"]: t for t in tasks}
    cells: dict[tuple[int, int], tuple[Any, ...]] = {}
    unit_ids: set[int] = set()
    counts: dict[str, int] = {}
    cache: dict[tuple[Any, ...], Timing] = {}
    for pk, task_id, unit_id, status, pct, role, received, last_period in rows:
        t = by_task[task_id]
        key = (task_id, status, received, last_period)
        tm = cache.get(key)
        if tm is None:
            tm = timing(
                kind=t["deadline_kind"],
                end=t["deadline_end"],
                status=status,
                today=today,
                soon_until=until,
                text=t["deadline_text"],
                received_on=received,
                last_period=last_period,
                period=plan.report_period,
            )
            cache[key] = tm
        cells[(task_id, unit_id)] = (pk, status, pct, role, tm.state)
        unit_ids.add(unit_id)
        counts[status] = counts.get(status, 0) + 1
        if tm.state in ("overdue", "due_soon"):
            counts[tm.state] = counts.get(tm.state, 0) + 1
    units = list(
        OrgUnit.objects.filter(pk__in=unit_ids)
        .order_by("path")
        .values("pk", "code", "short_code", "short_name", "name")
    )
    if not access.can_see_plan_in_full(user, plan):
        with_cells = {task_id for task_id, _unit_id in cells}
        tasks = [t for t in tasks if t["pk"] in with_cells]
    return Matrix(plan, tasks, units, cells, counts)


# --- issuing ---------------------------------------------------------------------------------------------------------


def nonworking_due_warnings(plan: Plan) -> list[str]:
    """A warning per task whose due day (a fixed date) falls on a non-working day, and for the implementing
    plans' fixed due date."""
    from django.utils.translation import gettext as _

    cal = calendar()
    out: list[str] = []
    rows = plan.tasks.filter(deadline_kind="date", deadline_end__isnull=False).values_list(
        "code", "deadline_end"
    )
    for code, end in rows:
        if end is not None and not cal.is_working_day(end):
            out.append(
                _("Nhiệm vụ %(code)s có hạn %(d)s rơi vào ngày nghỉ (%(wd)s).")
                % {"code": code or "—", "d": f"{end:%d/%m/%Y}", "wd": _weekday(end)}
            )
    if plan.subplan_due and not cal.is_working_day(plan.subplan_due):
        out.append(
            _("Hạn ban hành kế hoạch thực hiện %(d)s rơi vào ngày nghỉ (%(wd)s).")
            % {"d": f"{plan.subplan_due:%d/%m/%Y}", "wd": _weekday(plan.subplan_due)}
        )
    return out


def _weekday(day: date) -> str:
    from django.utils.translation import gettext as _

    names = [_("thứ Hai"), _("thứ Ba"), _("thứ Tư"), _("thứ Năm"), _("thứ Sáu"), _("thứ Bảy"), _("Chủ nhật")]
    return names[day.weekday()]


def issue_preview(plan: Plan) -> dict[str, Any]:
    """What issuing ``plan`` will do, for its confirmation page: assignments, units told, and warnings."""
    from .models import TaskUnit
    from .services.editing import unresolved_references
    from .services.issuing import _wanted_assignments, same_number_plans

    wanted = _wanted_assignments(plan, TaskUnit.objects.filter(task__plan=plan), timezone.localdate())
    unit_ids = {u for (_t, u) in wanted}
    return {
        "plan": plan,
        "n_tasks": plan.tasks.count(),
        "n_assignments": len(wanted),
        "units": OrgUnit.objects.filter(pk__in=unit_ids).order_by("path"),
        "unresolved": unresolved_references(plan),
        "twins": same_number_plans(plan).select_related("issuer"),
        "due_warnings": nonworking_due_warnings(plan),
    }


def matrix_filtered(
    matrix: Matrix, *, unit: str = "", group_units: set[int] | None = None, state: str = "", section: str = ""
) -> Matrix:
    """The matrix narrowed to units (a code or a name piece, accents ignored; a group's members), to cells in a
    state (a status, "overdue" or "due_soon") and to a section's tasks; the counts follow the cells kept."""
    units = list(matrix.units)
    if unit:
        words = fold(unit).split()
        units = [
            u
            for u in units
            if all(w in fold(f"{u['code']} {u['short_code']} {u['name']} {u['short_name']}") for w in words)
        ]
    if group_units is not None:
        units = [u for u in units if u["pk"] in group_units]
    unit_ids = {u["pk"] for u in units}
    cells = {
        k: v
        for k, v in matrix.cells.items()
        if k[1] in unit_ids and (not state or v[1] == state or v[4] == state)
    }
    tasks = [t for t in matrix.tasks if (not section or str(t["section_id"]) == section)]
    if state or unit or group_units is not None or section:
        with_cells = {task_id for task_id, _u in cells}
        tasks = [t for t in tasks if t["pk"] in with_cells]
        kept = {t["pk"] for t in tasks}
        cells = {k: v for k, v in cells.items() if k[0] in kept}
        used = {u for _t, u in cells}
        units = [u for u in units if u["pk"] in used]
    counts: dict[str, int] = {}
    for _pk, status, _pct, _role, tm_state in cells.values():
        counts[status] = counts.get(status, 0) + 1
        if tm_state in ("overdue", "due_soon"):
            counts[tm_state] = counts.get(tm_state, 0) + 1
    return Matrix(matrix.plan, tasks, units, cells, counts)


def task_measure_choices(user: User, plan: Plan) -> QuerySet[Any]:
    """The register's targets a task of ``plan`` may name: of the plan's year, set at the issuing unit, above it or
    below it, and visible to ``user``."""
    from cchc.targets.selectors import targets_for_user

    issuer = plan.issuer
    return (
        targets_for_user(user)
        .filter(year=plan.year)
        .filter(Q(unit__path__startswith=issuer.path) | Q(unit_id__in=issuer.ancestor_ids))
        .order_by("unit__path", "code")
    )


def task_measure_status(task: Task) -> Any:
    """The current status of the target the task names (``cchc.targets.selectors.TargetStatus``), or None."""
    measure = task.measure
    if measure is None:
        return None
    from cchc.targets.selectors import evaluate

    return evaluate([measure])[0]
