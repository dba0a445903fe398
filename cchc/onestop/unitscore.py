"""The 766 index of the installation's own units: from the dossiers (SQL counts), the catalogue's publicity data and
the figures units copy from the portal — fed to the pure scorer (:mod:`cchc.onestop.index766`).

Where each indicator comes from (per unit, rolled up over its subtree):

- TDGQ, MDSH dossier items, DOSSIER_RECEIVING_SATISFACTION: the dossier counts (contract table);
- ONLINE: the ratio of ``ONLINE_FULL_DOSSIERS`` (lin 12 — an approximation, the portal's formula is unconfirmed);
- TTTT: the payment formula, with A from the dossiers and B, C from the catalogue's fee procedures;
- CKMB publicity items (:mod:`cchc.onestop.publicity`): the unit's procedures — those its dossiers (its subtree's)
  show, received before the period's end — selected by their publication dates in the period, not by whether
  dossiers came in during it; CITIZEN_DATA_CONNECTED_FORMALITY and the payment terms B and C: the unit's
  procedures for citizens / with a fee, and among them those with dossiers in the period;
- the petition items: from the PAKN records (``register_petition_source``; cchc.pakn registers its
  records) for the units it answers for — 0 of 0 there means the unit truly had no PAKN (the full 6);
- DOSSIER_SYNC, SYNCED_WITH_DVCQG_PERSONAL_STORAGE, ELECTRONIC_CERTIFIED_COPY, the petition items otherwise: from the
  portal figures a unit enters (``PortalFigure``), counted once a coordinator has approved it. An entered figure
  fills an indicator the platform cannot compute for the unit (no denominator in its own data); it never overrides
  one the platform computes (:func:`computed_codes`) — the figures page shows the two side by side. A proposed or rejected figure does not count; the unit is marked instead
  (:class:`FigureMark`), as is a unit with an indicator that has no figure at all (scored 0).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from operator import add, attrgetter
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Q, QuerySet

from cchc.orgs.models import KIND_LEVEL, Level, OrgUnit, valid_on
from cchc.workdays.calendar import WorkCalendar

from .definitions766 import Definitions
from .index766 import IndicatorInput, PaymentCounts, UnitInput, UnitResult, score_units
from .indicators import IN_R_SQL, Counts, unit_counts_and_procedures
from .models import IndexDefinition, PortalFigure, Procedure
from .ontime import Period
from .publicity import Window, publicity_counts

COMMUNE_KINDS = {
    kind for kind, level in KIND_LEVEL.items() if level == Level.COMMUNE
}  # the portal's COMMUNE group


def definitions_on(day: date) -> Definitions:
    """The 766 definitions in force on ``day``: the loaded records (``load_index766``), else the data file."""
    from .definitions766 import _version, load_definitions

    row = IndexDefinition.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if row is not None:
        return _version(row.document)
    return load_definitions(on=day)


@dataclass(frozen=True)
class Handled:
    """A procedure of a unit: had dossiers in the period (R), one paid online, one using citizen data."""

    in_period: bool = False
    paid_online: bool = False
    citizen_data: bool = False

    def __or__(self, other: Handled) -> Handled:
        return Handled(
            self.in_period or other.in_period,
            self.paid_online or other.paid_online,
            self.citizen_data or other.citizen_data,
        )


def procedures_by_unit(p: Period, unit_ids: Iterable[int]) -> dict[int, dict[int, Handled]]:
    """unit id → {procedure id: Handled} for every procedure the unit received dossiers for before the period's
    end (its catalogue as its dossiers show it)."""
    sql = f"""SELECT d.unit_id, d.procedure_id, bool_or({IN_R_SQL}),
                     bool_or({IN_R_SQL} AND d.fee_required AND d.paid_online), bool_or({IN_R_SQL} AND d.citizen_data)
              FROM onestop_dossier d WHERE d.unit_id = ANY(%(units)s) AND d.received_at < %(stop)s
              GROUP BY d.unit_id, d.procedure_id"""
    out: dict[int, dict[int, Handled]] = {}
    with connection.cursor() as cur:
        cur.execute(sql, {"start": p.start, "stop": p.stop, "units": list(unit_ids)})
        for unit_id, proc_id, in_period, paid, citizen in cur.fetchall():
            out.setdefault(unit_id, {})[proc_id] = Handled(bool(in_period), bool(paid), bool(citizen))
    return out


def procedures_by_root(p: Period, unit_ids: list[int], root_ids: list[int]) -> dict[int, dict[int, Handled]]:
    """root id → {procedure id: Handled} over the units of each root's subtree among ``unit_ids``:
    :func:`procedures_by_unit` of those units merged root by root, in one query (each unit's row given to every
    root on its path)."""
    sql = f"""WITH g AS (
                SELECT d.unit_id, d.procedure_id, bool_or({IN_R_SQL}) AS in_period,
                       bool_or({IN_R_SQL} AND d.fee_required AND d.paid_online) AS paid,
                       bool_or({IN_R_SQL} AND d.citizen_data) AS citizen
                FROM onestop_dossier d WHERE d.unit_id = ANY(%(units)s) AND d.received_at < %(stop)s
                GROUP BY d.unit_id, d.procedure_id)
              SELECT r.id, g.procedure_id, bool_or(g.in_period), bool_or(g.paid), bool_or(g.citizen)
              FROM g JOIN orgs_orgunit u ON u.id = g.unit_id
              CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')::int[]) AS a(id)
              JOIN unnest(%(roots)s::int[]) AS r(id) ON r.id = a.id
              GROUP BY r.id, g.procedure_id"""
    out: dict[int, dict[int, Handled]] = {}
    if not unit_ids or not root_ids:
        return out
    params: dict[str, Any] = {
        "start": p.start,
        "stop": p.stop,
        "units": list(unit_ids),
        "roots": list(root_ids),
    }
    with connection.cursor() as cur:
        cur.execute(sql, params)
        for root_id, proc_id, in_period, paid, citizen in cur.fetchall():
            out.setdefault(root_id, {})[proc_id] = Handled(bool(in_period), bool(paid), bool(citizen))
    return out


def declared_procedures(
    handled: dict[int, dict[int, Handled]],
    unit_ids: list[int] | QuerySet[Any],
    date_from: date,
    date_to: date,
) -> None:
    """Add to ``handled`` the procedures units list as theirs (posted at their desk during the period) that their
    dossiers do not show: a procedure handled without a dossier in the period counts in the catalogue items (the
    payment term C: procedures with a fee that had dossiers / procedures with a fee). ``unit_ids``: a list, or a
    query of the units' ids (a subtree: not thousands of ids sent back)."""
    from .catalogue import CatalogueResolver
    from .models import UnitProcedure

    rows = list(
        UnitProcedure.objects.filter(unit_id__in=unit_ids, posted_since__lte=date_to)
        .filter(Q(until__isnull=True) | Q(until__gte=date_from))
        .values_list("unit_id", "procedure_code")
    )
    if not rows:
        return
    resolve = CatalogueResolver({u for u, _c in rows}, {c for _u, c in rows}, ("pk",))
    for unit_id, code in rows:
        found = resolve(unit_id, code)
        if found is not None:
            handled.setdefault(unit_id, {}).setdefault(found[0], Handled())


@dataclass
class UnitFigures:
    unit: OrgUnit
    counts: Counts
    procedures: dict[int, Handled]  # the unit's procedures (subtree)
    window: Window


def unit_input(
    fig: UnitFigures,
    catalogue: dict[int, Procedure],
    portal: dict[str, PortalFigure],
    cal: WorkCalendar,
    petitions: Mapping[str, tuple[int, int]] | None = None,
) -> UnitInput:
    c = fig.counts
    given: dict[str, IndicatorInput] = {}
    table = {
        "DOSSIER_ON_TIME": (c.on_time, c.s),
        "ORIGINAL_RESULT_AVAILABLE": (c.paper_electronic, c.paper),
        "SO_HOA_GIAY_TO_GIAI_QUYET": (c.digitized, c.r),
        "REUSED_DIGITIZED_DATA": (c.reused, c.r),
        "CITIZEN_DATA_CONNECTED_DOSSIER": (c.citizen, c.r),
        "DOSSIER_RECEIVING_SATISFACTION": (max(0, c.r - c.r_overdue - c.r_unhappy), c.r),
    }
    procs = [catalogue[pid] for pid in fig.procedures if pid in catalogue]
    table |= publicity_counts(procs, fig.window, cal.add_working_days)
    citizens = [p for p in procs if p.for_citizens]
    table["CITIZEN_DATA_CONNECTED_FORMALITY"] = (
        sum(1 for p in citizens if fig.procedures[p.pk].citizen_data),
        len(citizens),
    )
    for code, (num, den) in table.items():
        given[code] = IndicatorInput(numerator=num, denominator=den)
    if c.full:
        given["ONLINE"] = IndicatorInput(ratio=c.full_online / c.full * 100)
    fee_procs = [p for p in procs if p.fee > 0]
    payment = PaymentCounts(
        {
            "paid_online": c.fee_paid,
            "fee_dossiers": c.fee,
            "fee_procedures_paid_online": sum(1 for p in fee_procs if fig.procedures[p.pk].paid_online),
            "fee_procedures_with_dossiers": sum(1 for p in fee_procs if fig.procedures[p.pk].in_period),
            "fee_procedures": len(fee_procs),
        }
    )
    computed = computed_codes(c, table)
    for code, (num, den) in (petitions or {}).items():
        given[code] = IndicatorInput(numerator=num, denominator=den)  # 0/0: truly no PAKN, the full 6
        computed.add(code)
    for code, f in portal.items():
        if code in computed:  # the platform's own figure wins; the page shows the typed one beside it
            continue
        if f.numerator is not None and f.denominator is not None:
            given[code] = IndicatorInput(numerator=f.numerator, denominator=f.denominator)
        elif f.ratio is not None:
            given[code] = IndicatorInput(ratio=float(f.ratio))
        elif f.score is not None:
            given[code] = IndicatorInput(score=float(f.score))
    for code, (num, den) in (petitions or {}).items():  # from the PAKN records, over the portal's figures
        given[code] = IndicatorInput(numerator=num, denominator=den)
    group = "COMMUNE" if fig.unit.kind in COMMUNE_KINDS else "AGENCY"
    return UnitInput(
        code=fig.unit.code,
        name=fig.unit.name,
        group=group,
        indicators=given,
        payment=None if "TTTT" in given else payment,
    )


# Petition (PAKN) counts from the module that records them (contracts/pakn.md "Joined with the other modules"): a
# function ``fn(unit_ids, date_from, date_to) -> {unit_id: {"PETITION_PROCESSING_ON_TIME": (numerator, denominator),
# "PETITION_HANDLING_SATISFACTION": (numerator, denominator)}}`` over each unit's subtree. A unit it answers for with a
# zero denominator truly had no PAKN and scores the contract's full 6; a unit it does not answer for has no figure
# (marked "thiếu số liệu", never a silent 6) unless an approved portal figure gives one.
PETITION_CODES = ("PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION")
PetitionSource = Callable[[list[int], date, date], Mapping[int, Mapping[str, tuple[int, int]]]]
PETITION_SOURCES: list[PetitionSource] = []


def register_petition_source(fn: PetitionSource) -> None:
    if fn not in PETITION_SOURCES:
        PETITION_SOURCES.append(fn)


def petition_counts(
    unit_ids: list[int], date_from: date, date_to: date
) -> dict[int, dict[str, tuple[int, int]]]:
    from cchc.core.memo import remember_units

    def read() -> dict[int, dict[str, tuple[int, int]]]:
        out: dict[int, dict[str, tuple[int, int]]] = {}
        for fn in PETITION_SOURCES:
            for unit_id, values in (fn(unit_ids, date_from, date_to) or {}).items():
                out.setdefault(unit_id, {}).update({k: v for k, v in values.items() if k in PETITION_CODES})
        return out

    return remember_units(("onestop.petition_counts", date_from, date_to), frozenset(unit_ids), read)


def computed_codes(c: Counts, table: dict[str, tuple[int, int]]) -> set[str]:
    """The indicators the platform computes for the unit (a denominator from its own data): a figure typed from the
    portal never overrides them."""
    out = {code for code, (_num, den) in table.items() if den}
    if c.full:
        out.add("ONLINE")
    return out


@dataclass(frozen=True)
class FigureMark:
    """Why a unit's 766 score is not complete: indicators with no figure at all (scored 0) and figures typed from
    the portal that are not approved (proposed or rejected: not counted)."""

    missing: tuple[str, ...] = ()
    unapproved: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        return bool(self.missing or self.unapproved)


@dataclass
class PortalFigures:
    """The portal figures of some units for a period: the approved ones (counted) and the codes of the others."""

    approved: dict[int, dict[str, PortalFigure]]
    unapproved: dict[int, set[str]]


def portal_figures(units: Iterable[OrgUnit], date_from: date, date_to: date) -> PortalFigures:
    from cchc.core.memo import id_array

    out = PortalFigures({}, {})
    ids = id_array(u.pk for u in units)
    for f in PortalFigure.objects.filter(unit_id__in=ids, period_from=date_from, period_to=date_to):
        if f.state == PortalFigure.State.APPROVED:
            out.approved.setdefault(f.unit_id, {})[f.code] = f
        else:
            out.unapproved.setdefault(f.unit_id, set()).add(f.code)
    return out


def figure_mark(defs: Definitions, result: UnitResult, unapproved: set[str]) -> FigureMark:
    scored = {i.code for i in defs.indicators if i.scoring.fn != "none"} | {
        g.code for g in defs.groups if g.direct is not None
    }
    missing = tuple(code for code in result.missing if code in scored and code not in unapproved)
    return FigureMark(missing=missing, unapproved=tuple(sorted(unapproved)))


@dataclass
class Board:
    """The indicators and 766 scores of a unit (rolled up) and of each of its children."""

    defs: Definitions
    own: UnitResult  # the selected unit, rolled up over its subtree
    own_counts: Counts
    children: list[tuple[OrgUnit, Counts, UnitResult]]  # sorted by rank
    marks: dict[str, FigureMark]  # unit code → what its score lacks (the selected unit and its children)
    petitions_from_records: frozenset[str] = (
        frozenset()
    )  # unit codes whose petition items come from PAKN records

    @property
    def own_mark(self) -> FigureMark:
        return self.marks.get(self.own.code, FigureMark())


def _tops(paths: Iterable[str]) -> list[str]:
    """The paths not under another of them (the subtrees to read)."""
    out: list[str] = []
    for path in sorted(set(paths)):
        if not out or not path.startswith(out[-1]):
            out.append(path)
    return out


def _below(roots: Sequence[OrgUnit]) -> Q:
    below = Q()
    for path in _tops(u.path for u in roots):
        below |= Q(path__startswith=path)
    return below


class UnitRow(NamedTuple):
    """A unit of a subtree as :func:`subtree_units` reads it: the fields the figures need, thousands of them read
    without building a model instance each (:meth:`unit` builds one for the few shown on a page)."""

    pk: int
    path: str
    code: str
    name: str
    kind: str
    valid_from: date | None
    valid_to: date | None

    def is_valid_on(self, day: date) -> bool:
        return valid_on(self.valid_from, self.valid_to, day)

    def unit(self) -> OrgUnit:
        """The unit as a model instance, as ``OrgUnit.objects.only(...)`` reads it (its other fields deferred)."""
        values = self._asdict()
        return OrgUnit.from_db(
            OrgUnit.objects.db,
            _UNIT_ROW_ORDER,
            [values["pk" if name == "id" else name] for name in _UNIT_ROW_ORDER],
        )


_UNIT_ROW_FIELDS = ("id", "path", "code", "name", "kind", "valid_from", "valid_to")
# the same fields in the model's order, as ``Model.from_db`` takes the values of the fields it is given
_UNIT_ROW_ORDER = [f.attname for f in OrgUnit._meta.concrete_fields if f.attname in _UNIT_ROW_FIELDS]


def subtree_units(roots: Sequence[OrgUnit]) -> list[UnitRow]:
    """Every unit of the subtrees of ``roots`` (one query)."""
    from cchc.core.memo import remember

    tops = tuple(_tops(u.path for u in roots))
    return remember(
        ("onestop.subtree_units", tops),
        lambda: [
            UnitRow(*row) for row in OrgUnit.objects.filter(_below(roots)).values_list(*_UNIT_ROW_FIELDS)
        ],
    )


_COUNT_FIELDS = tuple(f.name for f in fields(Counts))


def _owners(path: str, by_path: Mapping[str, int]) -> list[int]:
    """The ids of the roots (``by_path``: path → id) whose subtree holds the unit at ``path`` (itself included)."""
    out = []
    end = path.find("/", 1)
    while end != -1:
        owner = by_path.get(path[: end + 1])
        if owner is not None:
            out.append(owner)
        end = path.find("/", end + 1)
    return out


def subtree_figures(
    roots: Sequence[OrgUnit], subtree: Sequence[UnitRow], p: Period, date_from: date, date_to: date
) -> dict[int, UnitFigures]:
    """The figures of each root rolled up over its subtree (``subtree``: every unit below the roots, the roots
    included), in one pass over the subtree's units whatever the number of roots: the dossier counts of every unit
    read at once and added to every root above it by path (the same as :func:`rollup`, root by root), each unit's
    procedures read by the same scan (``unit_counts_and_procedures``) and merged the same way — or rolled up in SQL
    (:func:`procedures_by_root`) when the page had read the counts already — plus those the units declare. A root's
    figures do not depend on the other roots: inside ``cchc.core.memo.shared()`` they are read once for a page."""
    from cchc.core.memo import remember_units

    return remember_units(
        ("onestop.subtree_figures", p, date_from, date_to),
        frozenset(u.pk for u in roots),
        lambda: _subtree_figures(roots, subtree, p, date_from, date_to),
    )


def _procedures_to_roots(
    unit_procs: Mapping[int, Mapping[int, tuple[bool, bool, bool]]], owners: Mapping[int, list[int]]
) -> dict[int, dict[int, Handled]]:
    """root id → {procedure id: Handled}: each unit's procedures (``unit_counts_and_procedures``) merged into every
    root above it — :func:`procedures_by_root` from the per-unit rows of the same scan."""
    merged: dict[int, dict[int, list[bool]]] = {}
    for uid, rows in unit_procs.items():
        for owner in owners.get(uid, ()):
            into = merged.setdefault(owner, {})
            for pid, (in_period, paid, citizen) in rows.items():
                flags = into.get(pid)
                if flags is None:
                    into[pid] = [in_period, paid, citizen]
                else:
                    flags[0] = flags[0] or in_period
                    flags[1] = flags[1] or paid
                    flags[2] = flags[2] or citizen
    return {root: {pid: Handled(*flags) for pid, flags in rows.items()} for root, rows in merged.items()}


def _subtree_figures(
    roots: Sequence[OrgUnit], subtree: Sequence[UnitRow], p: Period, date_from: date, date_to: date
) -> dict[int, UnitFigures]:
    ids = [u.pk for u in subtree]
    counts, unit_procs = unit_counts_and_procedures(p, ids)
    by_path = {u.path: u.pk for u in roots}
    owners = {u.pk: _owners(u.path, by_path) for u in subtree}
    totals: dict[int, list[int]] = {}
    values_of = attrgetter(*_COUNT_FIELDS)
    for uid, c in counts.items():
        unit_owners = owners.get(uid)
        if not unit_owners:
            continue
        own = values_of(c)
        for owner in unit_owners:
            total = totals.get(owner)
            totals[owner] = list(own) if total is None else list(map(add, total, own))
    if unit_procs is None:  # the counts were read before on the page: the procedures alone
        procs = procedures_by_root(p, ids, [u.pk for u in roots])
    else:
        procs = _procedures_to_roots(unit_procs, owners)
    declared: dict[int, dict[int, Handled]] = {}
    declared_procedures(declared, OrgUnit.objects.filter(_below(roots)).values("pk"), date_from, date_to)
    for uid, rows in declared.items():
        for owner in owners.get(uid, ()):
            merged = procs.setdefault(owner, {})
            for pid in rows:
                merged.setdefault(pid, Handled())
    window = Window(date_from, date_to)
    out: dict[int, UnitFigures] = {}
    for u in roots:
        total = totals.get(u.pk)
        out[u.pk] = UnitFigures(
            u,
            Counts(*total) if total is not None else Counts(),
            procs.get(u.pk, {}),
            window,
        )
    return out


def _catalogue(figs: Iterable[UnitFigures]) -> dict[int, Procedure]:
    """The catalogue's procedures the figures name (all :func:`unit_input` looks up), not the whole catalogue."""
    from cchc.core.memo import id_array

    ids = {pid for fig in figs for pid in fig.procedures}
    return {pr.pk: pr for pr in Procedure.objects.filter(pk__in=id_array(ids))}


def board(unit: OrgUnit, p: Period, date_from: date, date_to: date, cal: WorkCalendar) -> Board:
    defs = definitions_on(date_to)
    subtree = subtree_units([unit])
    # the units ranked: those in force at the period's end (a unit merged away before it is not ranked; its
    # dossiers still count in the parent's own figures)
    children = [
        u.unit()
        for u in subtree
        if u.path != unit.path and u.path.count("/") == unit.path.count("/") + 1 and u.is_valid_on(date_to)
    ]
    from cchc.core.parallel import side_by_side

    # the dossier counts here, the PAKN counts beside them on a connection of their own
    figs, pakn = side_by_side(
        lambda: subtree_figures([unit, *children], subtree, p, date_from, date_to),
        lambda: petition_counts([unit.pk, *(u.pk for u in children)], date_from, date_to),
    )
    catalogue = _catalogue(figs.values())
    figures = portal_figures([unit, *children], date_from, date_to)
    own_fig = figs[unit.pk]
    own_petitions = pakn.get(unit.pk)
    own_input = unit_input(own_fig, catalogue, figures.approved.get(unit.pk, {}), cal, own_petitions)
    own = score_units(defs, [own_input])[0]
    child_figs = [figs[u.pk] for u in children]
    child_figs = [f for f in child_figs if f.counts.s or f.counts.r]
    inputs = [
        unit_input(f, catalogue, figures.approved.get(f.unit.pk, {}), cal, pakn.get(f.unit.pk))
        for f in child_figs
    ]
    results = {r.code: r for r in score_units(defs, inputs)}
    rows = sorted(
        ((f.unit, f.counts, results[f.unit.code]) for f in child_figs), key=lambda t: (t[2].rank, t[0].path)
    )
    marks = {
        u.code: figure_mark(defs, r, figures.unapproved.get(u.pk, set()))
        for u, r in [(unit, own), *((u, r) for u, _c, r in rows)]
    }
    from_records = {unit.code} if own_petitions is not None else set()
    return Board(defs, own, own_fig.counts, rows, marks, frozenset(from_records))


@dataclass(frozen=True)
class Total:
    """A unit's own 766 total over its subtree, as :func:`board` gives it (``board(unit).own``)."""

    result: UnitResult
    counts: Counts
    mark: FigureMark


def totals(
    units: Sequence[OrgUnit],
    p: Period,
    date_from: date,
    date_to: date,
    calendars: Callable[[OrgUnit], WorkCalendar],
) -> dict[int, Total]:
    """``board(u, …).own`` (with ``calendars(u)``) for each of ``units`` at once, in a constant number of queries:
    the target register's ``onestop.766_TOTAL`` over thousands of units."""
    if not units:
        return {}
    defs = definitions_on(date_to)
    figs = subtree_figures(units, subtree_units(units), p, date_from, date_to)
    catalogue = _catalogue(figs.values())
    figures = portal_figures(units, date_from, date_to)
    pakn = petition_counts([u.pk for u in units], date_from, date_to)
    out: dict[int, Total] = {}
    scored: dict[Hashable, UnitResult] = {}  # thousands of units share a handful of distinct inputs
    for u in units:
        fig = figs[u.pk]
        given = unit_input(fig, catalogue, figures.approved.get(u.pk, {}), calendars(u), pakn.get(u.pk))
        key = (
            given.group,
            tuple(sorted(given.indicators.items())),
            None if given.payment is None else tuple(sorted(given.payment.values.items())),
        )
        found = scored.get(key)
        if found is None:
            found = scored[key] = score_units(defs, [given])[0]
        own = replace(found, code=u.code, name=u.name)  # a unit scored alone: the same but for its name
        out[u.pk] = Total(own, fig.counts, figure_mark(defs, own, figures.unapproved.get(u.pk, set())))
    return out


def traffic_light(actual: float | None, target: Decimal | float) -> str:
    """green: target met; amber: within 10 points below; red: further below; grey: no figure."""
    if actual is None:
        return "grey"
    target = float(target)
    if actual >= target:
        return "green"
    if actual >= target - 10:
        return "amber"
    return "red"
