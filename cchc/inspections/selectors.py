"""Reads of the inspections module, always through the org scope: coverage (the contract's
``inspection_coverage`` and the tree map), findings with their clocks, figures for periodic reports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from cchc.orgs.models import OrgUnit, UnitKind
from cchc.orgs.scope import Reach, scope_for
from cchc.workdays.calendar import WorkCalendar
from cchc.workdays.services import calendar_for

from . import access
from .models import Finding, Visit
from .rules import FindingClock, coverage_percent, end_of_day, finding_clock, finding_due

# Units that are not bodies one inspects: thematic groupings, steering committees, portals (kind "other").
GROUPING_KINDS = frozenset({UnitKind.OTHER.value})


def calendar() -> WorkCalendar:
    return calendar_for(None)


def valid_in_year_q(year: int, prefix: str = "") -> Q:
    """Units that exist at some time during ``year``."""
    return (
        Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": date(year, 12, 31)})
    ) & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": date(year, 1, 1)}))


def concluded_at(visit: Visit) -> datetime | None:
    """When the conclusion counts from: the conclusion day at noon (a day, not a time, is recorded)."""
    if visit.conclusion_date is None:
        return None
    return timezone.make_aware(datetime.combine(visit.conclusion_date, datetime.min.time().replace(hour=12)))


def clock_of(
    finding: Finding,
    visit: Visit,
    *,
    as_of: datetime,
    cal: WorkCalendar,
    memo: dict[Any, FindingClock] | None = None,
) -> FindingClock:
    """The finding's clock; ``memo`` (a dict kept over one list) reuses the clock of findings with the same dates."""
    key = (finding.deadline, finding.deadline_days, visit.conclusion_date, finding.closed_at, as_of)
    if memo is not None and key in memo:
        return memo[key]
    clock = _clock(finding, visit, as_of=as_of, cal=cal)
    if memo is not None:
        memo[key] = clock
    return clock


def _clock(finding: Finding, visit: Visit, *, as_of: datetime, cal: WorkCalendar) -> FindingClock:
    due = finding_due(
        deadline=finding.deadline,
        deadline_days=finding.deadline_days,
        concluded_at=concluded_at(visit),
        calendar=cal,
    )
    return finding_clock(due=due, closed_at=finding.closed_at, as_of=as_of, calendar=cal)


# --- coverage ------------------------------------------------------------------------------------------------


def coverage_units(*, year: int, reach: Reach, under: OrgUnit | None) -> QuerySet[OrgUnit]:
    """The units coverage counts: under a unit, the units directly under it (those its office inspects; deeper
    levels are rolled up as each unit's self-inspection of its sub-units); otherwise every unit the caller sees.
    Groupings and units not existing in the year are left out."""
    qs = OrgUnit.objects.filter(reach.q()).filter(valid_in_year_q(year)).exclude(kind__in=GROUPING_KINDS)
    if under is not None:
        qs = qs.filter(parent=under)
    return qs.order_by("path")


def _year_visits(unit_ids: Iterable[int], year: int) -> QuerySet[Visit]:
    ids = list(unit_ids)
    return Visit.objects.filter(unit_id__in=ids).filter(
        Q(planned_from__year=year) | Q(conclusion_date__year=year)
    )


def coverage(
    *, year: int, reach: Reach, under: OrgUnit | None = None, as_of: date | None = None
) -> dict[str, Any]:
    """The contract's JSON (``inspection_coverage``)."""
    as_of = as_of or timezone.localdate()
    moment = end_of_day(as_of)
    cal = calendar()
    units = list(coverage_units(year=year, reach=reach, under=under).only("id", "code", "name", "path"))
    ids = [u.pk for u in units]
    visits_by_unit: dict[int, list[Visit]] = defaultdict(list)
    for v in _year_visits(ids, year).select_related("office").order_by("planned_from", "pk"):
        visits_by_unit[v.unit_id].append(v)

    def counted(v: Visit) -> bool:  # concluded in the year, by as_of
        return (
            v.state == Visit.State.CONCLUDED
            and v.conclusion_date is not None
            and v.conclusion_date.year == year
            and v.conclusion_date <= as_of
        )

    findings_by_unit: dict[int, list[tuple[Finding, Visit]]] = defaultdict(list)
    concluded = {v.pk: v for vs in visits_by_unit.values() for v in vs if counted(v)}
    for f in Finding.objects.filter(visit_id__in=list(concluded)).order_by("visit_id", "number"):
        v = concluded[f.visit_id]
        findings_by_unit[v.unit_id].append((f, v))
    # sub-units and their self-inspections
    children: dict[int, int] = dict(
        OrgUnit.objects.filter(parent_id__in=ids)
        .filter(valid_in_year_q(year))
        .exclude(kind__in=GROUPING_KINDS)
        .values_list("parent_id")
        .annotate(n=Count("pk"))
    )
    self_done: dict[int, int] = dict(
        Visit.objects.filter(
            unit__parent_id__in=ids,
            kind=Visit.Kind.SELF,
            state=Visit.State.CONCLUDED,
            conclusion_date__year=year,
            conclusion_date__lte=as_of,
        )
        .exclude(unit__kind__in=GROUPING_KINDS)
        .values_list("unit__parent_id")
        .annotate(n=Count("unit_id", distinct=True))
    )
    rows = []
    inspected = 0
    memo: dict[Any, FindingClock] = {}
    for u in units:
        visits = visits_by_unit.get(u.pk, [])
        done = [v for v in visits if counted(v)]
        if done:
            inspected += 1
        clocks = [clock_of(f, v, as_of=moment, cal=cal, memo=memo) for f, v in findings_by_unit.get(u.pk, [])]
        rows.append(
            {
                "code": u.code,
                "name": u.name,
                "inspected_by": done[-1].office.code if done else None,
                "visits": [
                    {
                        "id": v.pk,
                        "kind": v.kind,
                        "mode": v.mode,
                        "announced": v.announced,
                        "date": (v.visit_date or v.planned_from).isoformat(),
                        "state": v.state if (v.state != Visit.State.CONCLUDED or counted(v)) else "recorded",
                        "conclusion_date": v.conclusion_date.isoformat()
                        if v.conclusion_date and v.conclusion_date <= as_of
                        else None,
                    }
                    for v in visits
                ],
                "findings": len(clocks),
                "closed": sum(1 for c in clocks if c.state == "closed"),
                "open": sum(1 for c in clocks if c.state != "closed"),
                "overdue": sum(1 for c in clocks if c.state == "overdue"),
                "sub_units": children.get(u.pk, 0),
                "sub_units_self_inspected": self_done.get(u.pk, 0),
            }
        )
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "units": rows,
        "coverage": {
            "units": len(units),
            "inspected": inspected,
            "percent": coverage_percent(inspected, len(units)),
        },
    }


@dataclass(frozen=True)
class CoverageCounts:
    """The totals of ``coverage(under=unit)``: its units, those inspected, and their findings closed and overdue."""

    units: int = 0
    inspected: int = 0
    closed: int = 0
    overdue: int = 0


def coverage_counts(units: Iterable[OrgUnit], *, year: int, as_of: date) -> dict[int, CoverageCounts]:
    """For each of ``units``, the totals of :func:`coverage` under it (every unit counted, whoever asks) — the
    same rules in three queries whatever the number of units: the units directly under them, their visits
    concluded in the year by ``as_of``, and those visits' findings (the target register's measures; read once for
    both of them inside ``cchc.core.memo.shared()``)."""
    from cchc.core.memo import remember_units

    unit_list = list(units)
    return remember_units(
        ("inspections.coverage_counts", year, as_of),
        frozenset(u.pk for u in unit_list),
        lambda: _coverage_counts(unit_list, year=year, as_of=as_of),
    )


def _coverage_counts(units: list[OrgUnit], *, year: int, as_of: date) -> dict[int, CoverageCounts]:
    moment = end_of_day(as_of)
    cal = calendar()
    from cchc.core.memo import id_array

    parents = {u.pk for u in units}
    below = (
        OrgUnit.objects.filter(parent_id__in=id_array(parents))
        .filter(valid_in_year_q(year))
        .exclude(kind__in=GROUPING_KINDS)
    )
    parent_of = dict(below.values_list("pk", "parent_id"))
    # rows, not model objects (thousands over a province): the clock reads only these fields
    concluded = {
        v.pk: v
        for v in Visit.objects.filter(
            unit__in=below,
            state=Visit.State.CONCLUDED,
            conclusion_date__year=year,
            conclusion_date__lte=as_of,
        ).values_list("pk", "unit_id", "conclusion_date", named=True)
    }
    sizes: dict[int, int] = defaultdict(int)
    for parent in parent_of.values():
        sizes[parent] += 1
    inspected: dict[int, int] = defaultdict(int)
    for child in {v.unit_id for v in concluded.values()}:
        inspected[parent_of[child]] += 1
    closed: dict[int, int] = defaultdict(int)
    overdue: dict[int, int] = defaultdict(int)
    memo: dict[Any, FindingClock] = {}
    findings = Finding.objects.filter(visit_id__in=list(concluded)).values_list(
        "visit_id", "deadline", "deadline_days", "closed_at", named=True
    )
    for f in findings:
        v = concluded[f.visit_id]
        state = clock_of(f, v, as_of=moment, cal=cal, memo=memo).state  # type: ignore[arg-type]
        parent = parent_of[v.unit_id]
        if state == "closed":
            closed[parent] += 1
        elif state == "overdue":
            overdue[parent] += 1
    return {
        pk: CoverageCounts(sizes.get(pk, 0), inspected.get(pk, 0), closed.get(pk, 0), overdue.get(pk, 0))
        for pk in parents
    }


# --- the tree map ---------------------------------------------------------------------------------------------


@dataclass
class MapRow:
    pk: int
    code: str
    name: str
    depth: int
    status: str  # inspected | planned | none | grouping | root
    children: int = 0
    subtree_units: int = 0
    subtree_inspected: int = 0


@dataclass
class TreeMap:
    root: OrgUnit | None
    rows: list[MapRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    percent: float = 0.0


def tree_map(user: Any, *, year: int, root: OrgUnit | None, as_of: date | None = None) -> TreeMap:
    """Every unit the user sees (under ``root`` when given) with its status for the year: inspected (a visit
    concluded in the year), planned (a visit planned, not concluded) or not covered; with subtree totals."""
    as_of = as_of or timezone.localdate()
    reach = scope_for(user).view
    qs = OrgUnit.objects.filter(reach.q()).filter(valid_in_year_q(year))
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    units = list(qs.order_by("path").values_list("pk", "code", "name", "depth", "kind", "parent_id", "path"))
    inspected_ids = set(
        Visit.objects.filter(
            unit__in=qs,
            state=Visit.State.CONCLUDED,
            conclusion_date__year=year,
            conclusion_date__lte=as_of,
        ).values_list("unit_id", flat=True)
    )
    planned_ids = set(
        Visit.objects.filter(unit__in=qs, planned_from__year=year)
        .exclude(state=Visit.State.CANCELLED)
        .values_list("unit_id", flat=True)
    )
    base = min((u[3] for u in units), default=0)
    rows: list[MapRow] = []
    by_pk: dict[int, MapRow] = {}
    counts = {"inspected": 0, "planned": 0, "none": 0}
    for pk, code, name, depth, kind, _parent, _path in units:
        if kind in GROUPING_KINDS:
            status = "grouping"
        elif root is not None and pk == root.pk:
            status = "root"  # the chosen unit itself: its office inspects the units below
        elif pk in inspected_ids:
            status = "inspected"
        elif pk in planned_ids:
            status = "planned"
        else:
            status = "none"
        if status not in ("grouping", "root"):
            counts[status] += 1
        row = MapRow(pk, code, name, depth - base, status)
        rows.append(row)
        by_pk[pk] = row
    # subtree totals, bottom-up (rows are in path order: children after parents)
    for (_pk, _c, _n, _d, _k, parent_id, _p), row in zip(reversed(units), reversed(rows), strict=True):
        if row.status not in ("grouping", "root"):
            row.subtree_units += 1
            row.subtree_inspected += 1 if row.status == "inspected" else 0
        parent = by_pk.get(parent_id) if parent_id is not None else None
        if parent is not None:
            parent.children += 1
            parent.subtree_units += row.subtree_units
            parent.subtree_inspected += row.subtree_inspected
    total = sum(counts.values())
    return TreeMap(root, rows, counts, coverage_percent(counts["inspected"], total))


# --- findings -------------------------------------------------------------------------------------------------


@dataclass
class FindingRow:
    finding: Finding
    clock: FindingClock


def finding_rows(findings: Iterable[Finding], *, as_of: datetime | None = None) -> list[FindingRow]:
    """Findings (with ``visit`` loaded) and their clocks."""
    moment = as_of or timezone.now()
    cal = calendar()
    memo: dict[Any, FindingClock] = {}
    return [FindingRow(f, clock_of(f, f.visit, as_of=moment, cal=cal, memo=memo)) for f in findings]


def visible_findings(user: Any) -> QuerySet[Finding]:
    visits = access.visible_visits(user)
    return Finding.objects.filter(visit__in=visits, visit__state=Visit.State.CONCLUDED)


def open_findings(user: Any, *, units: Reach | None = None) -> list[FindingRow]:
    """Open findings the user sees (optionally those of units in ``units``), overdue first."""
    qs = visible_findings(user).filter(state=Finding.State.OPEN)
    if units is not None:
        qs = qs.filter(units.q("visit__unit__"))
    rows = finding_rows(qs.select_related("visit", "visit__unit", "visit__office", "assignment"))
    return sorted(rows, key=lambda r: (r.clock.state != "overdue", r.clock.due or end_of_day(date.max)))


# --- figures for periodic reports (cchc.reports.figures) ------------------------------------------------------


def concluded_visits(unit: Any, date_from: date, date_to: date) -> QuerySet[Visit]:
    """The visits behind ``inspections.visits``: of the unit's subtree, concluded in the period."""
    return Visit.objects.filter(
        unit__path__startswith=unit.path,
        state=Visit.State.CONCLUDED,
        conclusion_date__gte=date_from,
        conclusion_date__lte=date_to,
    )


VISIT_FIELDS = {
    "visits": None,
    "visits_on_site": Visit.Mode.ON_SITE,
    "visits_electronic": Visit.Mode.ELECTRONIC,
}


def visits_listing(user: Any, unit: Any, date_from: date, date_to: date, params: Mapping[str, str]) -> Any:
    """The drill-down list of ``inspections.visits`` (and of its on-site / electronic parts): the same query, read
    through the user's scope."""
    from django.utils.translation import gettext as _

    from cchc.core.drill import Listing, Row
    from cchc.orgs.scope import filter_by_unit_scope

    mode = VISIT_FIELDS.get(params.get("field", "visits"))
    qs = filter_by_unit_scope(concluded_visits(unit, date_from, date_to), user)
    if mode is not None:
        qs = qs.filter(mode=mode)
    rows = [
        Row(
            [
                v.conclusion_date.strftime("%d/%m/%Y") if v.conclusion_date else "",
                v.unit.name,
                v.office.name,
                v.get_kind_display(),
                v.get_mode_display(),
            ],
            reverse("inspections:visit_detail", args=[v.pk]),
        )
        for v in qs.select_related("unit", "office").order_by("-conclusion_date", "-pk")
    ]
    headers = [
        _("Ngày kết luận"),
        _("Đơn vị được kiểm tra"),
        _("Cơ quan kiểm tra"),
        _("Hình thức"),
        _("Phương thức"),
    ]
    return Listing(_("Cuộc kiểm tra CCHC đã kết luận"), headers, rows)


def visits_records_url(unit: Any, date_from: date, date_to: date, field: str) -> str:
    from cchc.core import drill

    if field not in VISIT_FIELDS:
        return ""
    return drill.url("inspection_visits", unit, date_from, date_to, field=field)


def inspection_figures(units: Any, date_from: date, date_to: date) -> Mapping[int, Mapping[str, int]]:
    """Per unit, over its subtree: visits concluded in the period (all, on site, electronic, self-inspections of
    its sub-units), findings made, findings closed in the period, findings open and overdue at the period's end."""
    out: dict[int, dict[str, int]] = {}
    moment = end_of_day(date_to)
    cal = calendar()
    memo: dict[Any, FindingClock] = {}
    for unit in units:
        visits = concluded_visits(unit, date_from, date_to)
        made = visits.exclude(unit=unit)
        findings = list(
            Finding.objects.filter(
                visit__unit__path__startswith=unit.path,
                visit__state=Visit.State.CONCLUDED,
                visit__conclusion_date__lte=date_to,
            ).select_related("visit")
        )
        clocks = [clock_of(f, f.visit, as_of=moment, cal=cal, memo=memo) for f in findings]
        out[unit.pk] = {
            "visits": visits.count(),
            "visits_on_site": visits.filter(mode=Visit.Mode.ON_SITE).count(),
            "visits_electronic": visits.filter(mode=Visit.Mode.ELECTRONIC).count(),
            "self_inspections": made.filter(kind=Visit.Kind.SELF).count(),
            "findings": sum(
                1 for f in findings if f.visit.conclusion_date and f.visit.conclusion_date >= date_from
            ),
            "findings_closed": sum(
                1
                for f in findings
                if f.closed_at is not None and date_from <= timezone.localtime(f.closed_at).date() <= date_to
            ),
            "findings_open": sum(1 for c in clocks if c.state != "closed"),
            "findings_overdue": sum(1 for c in clocks if c.state == "overdue"),
        }
    return out
