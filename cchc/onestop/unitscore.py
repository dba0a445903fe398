"""The 766 index of the installation's own units: from the dossiers (SQL counts), the catalogue's publicity data and
the figures units copy from the portal — fed to the pure scorer (:mod:`cchc.onestop.index766`).

Where each indicator comes from (per unit, rolled up over its subtree):

- TDGQ, MDSH dossier items, DOSSIER_RECEIVING_SATISFACTION: the dossier counts (contract table);
- ONLINE: the ratio of ``ONLINE_FULL_DOSSIERS`` (lin 12 — an approximation, the portal's formula is unconfirmed);
- TTTT: the payment formula, with A from the dossiers and B, C from the catalogue's fee procedures;
- CKMB publicity items and CITIZEN_DATA_CONNECTED_FORMALITY: the procedures the unit handled in the period
  (province rule: N = 5 working days, methodology.md §9 items 5–6);
- DOSSIER_SYNC, SYNCED_WITH_DVCQG_PERSONAL_STORAGE, ELECTRONIC_CERTIFIED_COPY, the petition items: only from the
  portal figures a unit enters (``PortalFigure``); an entered figure also overrides a computed one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from cchc.orgs.models import OrgUnit, UnitKind
from cchc.workdays.calendar import WorkCalendar

from .definitions766 import Definitions
from .index766 import IndicatorInput, PaymentCounts, UnitInput, UnitResult, score_units
from .indicators import IN_R_SQL, Counts, rollup, unit_counts
from .models import IndexDefinition, PortalFigure, Procedure
from .ontime import Period

COMMUNE_KINDS = {UnitKind.COMMUNE_POLICE, UnitKind.COMMUNE_COMMITTEE}
PUBLICITY_WORKING_DAYS = 5  # province level (ministries: 20 for publishing, 10 for updating)


def definitions_on(day: date) -> Definitions:
    """The 766 definitions in force on ``day``: the loaded records (``load_index766``), else the data file."""
    from .definitions766 import _version, load_definitions

    row = IndexDefinition.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if row is not None:
        return _version(row.document)
    return load_definitions(on=day)


def procedures_by_unit(p: Period, unit_ids: Iterable[int]) -> dict[int, dict[int, tuple[bool, bool]]]:
    """unit id → {procedure id: (a dossier was paid online, a dossier used citizen data)} over R."""
    sql = f"""SELECT d.unit_id, d.procedure_id, bool_or(d.fee_required AND d.paid_online), bool_or(d.citizen_data)
              FROM onestop_dossier d WHERE {IN_R_SQL} AND d.unit_id = ANY(%(units)s)
              GROUP BY d.unit_id, d.procedure_id"""
    out: dict[int, dict[int, tuple[bool, bool]]] = {}
    with connection.cursor() as cur:
        cur.execute(sql, {"start": p.start, "stop": p.stop, "units": list(unit_ids)})
        for unit_id, proc_id, paid, citizen in cur.fetchall():
            out.setdefault(unit_id, {})[proc_id] = (bool(paid), bool(citizen))
    return out


@dataclass
class UnitFigures:
    unit: OrgUnit
    counts: Counts
    procedures: dict[int, tuple[bool, bool]]  # handled in the period (subtree)


def _publicity(procs: list[Procedure], cal: WorkCalendar) -> dict[str, tuple[int, int]]:
    publish = [p for p in procs if p.decision_date and p.legal_basis_effective_on]
    publish_ok = sum(
        1
        for p in publish
        if p.decision_date <= cal.add_working_days(p.legal_basis_effective_on, -PUBLICITY_WORKING_DAYS)
    )
    update = [p for p in procs if p.decision_date]
    update_ok = sum(
        1
        for p in update
        if p.published_on and cal.add_working_days(p.published_on, -PUBLICITY_WORKING_DAYS) <= p.decision_date
    )
    content_ok = sum(1 for p in procs if p.content_full and p.public_on_unit_page)
    return {
        "PUBLISH_ON_TIME": (publish_ok, len(publish)),
        "PUBLIC_UPDATE_ON_TIME": (update_ok, len(update)),
        "PUBLIC_CONTENT_FULL": (content_ok, len(procs)),
    }


def unit_input(
    fig: UnitFigures,
    catalogue: dict[int, Procedure],
    fee_procedures: int,
    portal: dict[str, PortalFigure],
    cal: WorkCalendar,
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
    table |= _publicity(procs, cal)
    citizens = [p for p in procs if p.for_citizens]
    table["CITIZEN_DATA_CONNECTED_FORMALITY"] = (
        sum(1 for p in citizens if fig.procedures[p.pk][1]),
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
            "fee_procedures_paid_online": sum(1 for p in fee_procs if fig.procedures[p.pk][0]),
            "fee_procedures_with_dossiers": len(fee_procs),
            "fee_procedures": fee_procedures,
        }
    )
    for code, f in portal.items():
        if f.numerator is not None and f.denominator is not None:
            given[code] = IndicatorInput(numerator=f.numerator, denominator=f.denominator)
        elif f.ratio is not None:
            given[code] = IndicatorInput(ratio=float(f.ratio))
        elif f.score is not None:
            given[code] = IndicatorInput(score=float(f.score))
    group = "COMMUNE" if fig.unit.kind in COMMUNE_KINDS else "AGENCY"
    return UnitInput(
        code=fig.unit.code,
        name=fig.unit.name,
        group=group,
        indicators=given,
        payment=None if "TTTT" in given else payment,
    )


def portal_figures(
    units: Iterable[OrgUnit], date_from: date, date_to: date
) -> dict[int, dict[str, PortalFigure]]:
    out: dict[int, dict[str, PortalFigure]] = {}
    for f in PortalFigure.objects.filter(unit__in=list(units), period_from=date_from, period_to=date_to):
        out.setdefault(f.unit_id, {})[f.code] = f
    return out


@dataclass
class Board:
    """The indicators and 766 scores of a unit (rolled up) and of each of its children."""

    defs: Definitions
    own: UnitResult  # the selected unit, rolled up over its subtree
    own_counts: Counts
    children: list[tuple[OrgUnit, Counts, UnitResult]]  # sorted by rank


def board(unit: OrgUnit, p: Period, date_from: date, date_to: date, cal: WorkCalendar) -> Board:
    defs = definitions_on(date_to)
    subtree = list(
        OrgUnit.objects.filter(path__startswith=unit.path).only("id", "path", "code", "name", "kind")
    )
    ids = [u.pk for u in subtree]
    paths = {u.pk: u.path for u in subtree}
    counts = unit_counts(p, ids)
    handled = procedures_by_unit(p, ids)
    catalogue = {pr.pk: pr for pr in Procedure.objects.all()}
    fee_procedures = sum(1 for pr in catalogue.values() if pr.fee > 0)
    children = [u for u in subtree if u.path != unit.path and u.path.count("/") == unit.path.count("/") + 1]
    figures = portal_figures([unit, *children], date_from, date_to)

    def figures_for(u: OrgUnit) -> UnitFigures:
        procs: dict[int, tuple[bool, bool]] = {}
        for uid, rows in handled.items():
            if paths[uid].startswith(u.path):
                for pid, (paid, citizen) in rows.items():
                    old = procs.get(pid, (False, False))
                    procs[pid] = (old[0] or paid, old[1] or citizen)
        return UnitFigures(u, rollup(counts, paths, u.path), procs)

    own_fig = figures_for(unit)
    own = score_units(defs, [unit_input(own_fig, catalogue, fee_procedures, figures.get(unit.pk, {}), cal)])[
        0
    ]
    child_figs = [figures_for(u) for u in children]
    child_figs = [f for f in child_figs if f.counts.s or f.counts.r]
    inputs = [unit_input(f, catalogue, fee_procedures, figures.get(f.unit.pk, {}), cal) for f in child_figs]
    results = {r.code: r for r in score_units(defs, inputs)}
    rows = sorted(
        ((f.unit, f.counts, results[f.unit.code]) for f in child_figs), key=lambda t: (t[2].rank, t[0].path)
    )
    return Board(defs, own, own_fig.counts, rows)


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
