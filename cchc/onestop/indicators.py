"""Indicators from dossiers in SQL (contracts/onestop.md "Indicators from dossiers").

One aggregate query per call computes, per unit, every count of the contract's table exactly as the pure reference
:mod:`cchc.onestop.ontime` does (tests compare the two on generated data); ratios and scores are then computed by
the pure code (:func:`cchc.onestop.ontime._ratio`), so rounding is shared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from django.db import connection

from cchc.core.memo import int_array

from .definitions766 import Definitions
from .ontime import CODES, DossierIndicators, Period, _ratio

# The per-dossier rule, as SQL over the alias ``d`` with the parameters %(as_of)s and %(start)s.
END_SQL = """CASE
    WHEN d.finished_at <= %(as_of)s THEN d.finished_at
    WHEN d.supplement_requests = 1 AND d.supplement_requested_at <= %(as_of)s
         AND (d.supplement_completed_at IS NULL OR d.supplement_completed_at > %(as_of)s)
        THEN d.supplement_requested_at
    ELSE %(as_of)s END"""
_ON_TIME_WITH_PAUSE = f"""({END_SQL}) - CASE
    WHEN d.supplement_requested_at <= ({END_SQL}) AND d.supplement_completed_at <= ({END_SQL})
        THEN GREATEST(d.supplement_completed_at - d.supplement_requested_at, interval '0')
    ELSE interval '0' END <= d.due_at"""
# A dossier finished by as_of has its verdict stored with it (``Dossier.finished_on_time``: the same rule, evaluated
# when the row is written); the rule is evaluated here only for the others. Of those, most never had a supplement
# request: their end is as_of, with no pause — the value of the general branch, evaluated far more cheaply.
ON_TIME_SQL = f"""(CASE
    WHEN d.finished_at <= %(as_of)s THEN d.finished_on_time
    WHEN d.supplement_requests >= 2 THEN false
    WHEN d.supplement_requested_at IS NULL THEN %(as_of)s <= d.due_at
    ELSE {_ON_TIME_WITH_PAUSE} END)"""
IN_S_SQL = "(d.received_at <= %(as_of)s AND (d.finished_at IS NULL OR d.finished_at >= %(start)s))"
IN_R_SQL = "(d.received_at >= %(start)s AND d.received_at < %(stop)s)"


@dataclass
class Counts:
    """The counts behind the indicators of one unit (or of a subtree, summed)."""

    s: int = 0
    on_time: int = 0
    r: int = 0
    paper: int = 0
    paper_electronic: int = 0
    digitized: int = 0
    reused: int = 0
    citizen: int = 0
    r_overdue: int = 0
    r_unhappy: int = 0
    full: int = 0
    full_online: int = 0
    fee: int = 0
    fee_paid: int = 0
    online: int = 0  # R received online (any procedure)

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def indicators(self, defs: Definitions) -> DossierIndicators:
        table = {
            "DOSSIER_ON_TIME": (self.on_time, self.s),
            "ORIGINAL_RESULT_AVAILABLE": (self.paper_electronic, self.paper),
            "SO_HOA_GIAY_TO_GIAI_QUYET": (self.digitized, self.r),
            "REUSED_DIGITIZED_DATA": (self.reused, self.r),
            "CITIZEN_DATA_CONNECTED_DOSSIER": (self.citizen, self.r),
            "DOSSIER_RECEIVING_SATISFACTION": (max(0, self.r - self.r_overdue - self.r_unhappy), self.r),
            "ONLINE_FULL_DOSSIERS": (self.full_online, self.full),
            "ONLINE_PAYMENT_DOSSIERS": (self.fee_paid, self.fee),
        }
        return DossierIndicators(
            in_process=self.s,
            received=self.r,
            on_time=self.on_time,
            overdue=self.s - self.on_time,
            indicators=tuple(_ratio(code, *table[code], defs) for code in CODES),
        )


# The inner query counts per (unit, procedure, in R?) — S and "on time in S" with the per-dossier rule, and the
# dossier facts — in one parallel scan; the outer query keeps what each indicator needs (R ∩ overdue = S − on time
# in the R groups), applies the procedure's facts (paper result, online level) and sums per unit.
# The scan reads S ∪ R with one cheap condition: ``received_at`` ≤ the later of as_of and the period's end, and not
# finished before the period (a dossier of R is never finished before it was received). Rows it reads beyond S ∪ R
# — received exactly at the period's end, or before the period when as_of is earlier still — fall in no count.
# A PAKN record naming the dossier counts as a petition (contracts/pakn.md): the named codes are read once (a hashed
# set), not looked up dossier by dossier.
_SCAN_SQL = "(d.received_at <= %(scan_to)s AND (d.finished_at IS NULL OR d.finished_at >= %(start)s))"
_UNIT_FILTER_SQL = "AND d.unit_id IN (SELECT unnest(%(units)s::bigint[]))"
_GROUP_COUNTS_SQL = f"""count(*) FILTER (WHERE {{in_scan}}d.received_at <= %(as_of)s) AS s,
           count(*) FILTER (WHERE {{in_scan}}d.received_at <= %(as_of)s AND {ON_TIME_SQL}) AS on_time,
           count(*) FILTER (WHERE {{in_scan}}true) AS n,
           count(*) FILTER (WHERE {{in_scan}}d.result_electronic) AS electronic,
           count(*) FILTER (WHERE {{in_scan}}d.digitized) AS digitized,
           count(*) FILTER (WHERE {{in_scan}}d.reused_data) AS reused,
           count(*) FILTER (WHERE {{in_scan}}d.citizen_data) AS citizen,
           count(*) FILTER (WHERE {{in_scan}}(d.petition OR d.rating = 'dislike' OR d.code IN (
               SELECT pr.dossier_code FROM pakn_record pr WHERE pr.dossier_code <> ''
           ))) AS unhappy,
           count(*) FILTER (WHERE {{in_scan}}d.channel = 'online') AS online,
           count(*) FILTER (WHERE {{in_scan}}d.fee_required) AS fee,
           count(*) FILTER (WHERE {{in_scan}}d.fee_required AND d.paid_online) AS fee_paid"""
_UNIT_SUMS_SQL = """SELECT g.unit_id,
       COALESCE(sum(g.s), 0)::bigint,
       COALESCE(sum(g.on_time), 0)::bigint,
       COALESCE(sum(g.n) FILTER (WHERE g.in_r), 0)::bigint,
       COALESCE(sum(g.n) FILTER (WHERE g.in_r AND p.paper_result), 0)::bigint,
       COALESCE(sum(g.electronic) FILTER (WHERE g.in_r AND p.paper_result), 0)::bigint,
       COALESCE(sum(g.digitized) FILTER (WHERE g.in_r), 0)::bigint,
       COALESCE(sum(g.reused) FILTER (WHERE g.in_r), 0)::bigint,
       COALESCE(sum(g.citizen) FILTER (WHERE g.in_r), 0)::bigint,
       COALESCE(sum(g.s - g.on_time) FILTER (WHERE g.in_r), 0)::bigint,
       COALESCE(sum(g.unhappy) FILTER (WHERE g.in_r), 0)::bigint,
       COALESCE(sum(g.n) FILTER (WHERE g.in_r AND p.online_level = 'full'), 0)::bigint,
       COALESCE(sum(g.online) FILTER (WHERE g.in_r AND p.online_level = 'full'), 0)::bigint,
       COALESCE(sum(g.fee) FILTER (WHERE g.in_r), 0)::bigint,
       COALESCE(sum(g.fee_paid) FILTER (WHERE g.in_r), 0)::bigint,
       COALESCE(sum(g.online) FILTER (WHERE g.in_r), 0)::bigint"""
COUNTS_SQL = f"""
{_UNIT_SUMS_SQL}
FROM (
    SELECT d.unit_id, d.procedure_id, {IN_R_SQL} AS in_r,
           {_GROUP_COUNTS_SQL.replace("{in_scan}", "")}
    FROM onestop_dossier d
    WHERE {_SCAN_SQL} {{unit_filter}}
    GROUP BY 1, 2, 3
) g JOIN onestop_procedure p ON p.id = g.procedure_id
GROUP BY g.unit_id
HAVING sum(g.s) > 0 OR bool_or(g.in_r)
"""

# The counts of ``COUNTS_SQL`` and the procedures of ``cchc.onestop.unitscore.procedures_by_unit`` (every procedure
# a unit received dossiers for before the period's end: had one in R, one paid online, one using citizen data) from
# the same groups: the counts' scan holds every dossier of R, so the procedures' flags come from its groups (each
# group also says whether it has a dossier received before the period's end); the dossiers received before the end
# that the scan leaves out (finished before the period) only add procedures, read by a second, narrow pass. Rows
# tagged "c" (a unit's counts) or "p" (a unit's procedure: in R, paid online, citizen data).
COUNTS_AND_PROCEDURES_SQL = f"""
WITH g AS (
    SELECT d.unit_id, d.procedure_id, {IN_R_SQL} AS in_r, bool_or(d.received_at < %(stop)s) AS before_stop,
           {_GROUP_COUNTS_SQL.replace("{in_scan}", "")}
    FROM onestop_dossier d
    WHERE {_SCAN_SQL} {_UNIT_FILTER_SQL}
    GROUP BY 1, 2, 3
), c AS (
    {_UNIT_SUMS_SQL}
    FROM g JOIN onestop_procedure p ON p.id = g.procedure_id
    GROUP BY g.unit_id
    HAVING sum(g.s) > 0 OR bool_or(g.in_r)
), h AS (
    SELECT g.unit_id, g.procedure_id, g.in_r, g.in_r AND g.fee_paid > 0 AS paid, g.in_r AND g.citizen > 0 AS citizen
    FROM g WHERE g.before_stop
    UNION ALL
    SELECT d.unit_id, d.procedure_id, bool_or({IN_R_SQL}), bool_or({IN_R_SQL} AND d.fee_required AND d.paid_online),
           bool_or({IN_R_SQL} AND d.citizen_data)
    FROM onestop_dossier d
    WHERE d.received_at < %(stop)s AND NOT {_SCAN_SQL} {_UNIT_FILTER_SQL}
    GROUP BY 1, 2
)
SELECT 'c', c.*, NULL::bigint, NULL::boolean, NULL::boolean, NULL::boolean FROM c
UNION ALL
SELECT 'p', h.unit_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       h.procedure_id, bool_or(h.in_r), bool_or(h.paid), bool_or(h.citizen)
FROM h
GROUP BY h.unit_id, h.procedure_id
"""


def _params(p: Period) -> dict:
    return {"as_of": p.as_of, "start": p.start, "stop": p.stop, "scan_to": max(p.as_of, p.stop)}


def unit_counts(p: Period, unit_ids: Iterable[int] | None = None) -> dict[int, Counts]:
    """unit id → counts of its own dossiers for the period (units with no dossier in S or R are absent). Inside
    ``cchc.core.memo.shared()`` the counts are read once per period for a page (shared: not to be changed)."""
    from cchc.core.memo import remember_units

    params = _params(p)
    unit_filter = ""
    ids: frozenset[int] | None = None
    if unit_ids is not None:
        ids = frozenset(unit_ids)
        params["units"] = int_array(ids)
        unit_filter = _UNIT_FILTER_SQL

    def read() -> dict[int, Counts]:
        with connection.cursor() as cur:
            cur.execute(COUNTS_SQL.replace("{unit_filter}", unit_filter), params)
            return {row[0]: Counts(*row[1:]) for row in cur.fetchall()}  # bigint sums, never NULL

    return remember_units(("onestop.unit_counts", p), ids, read)


# (in R, paid online, citizen data) of a unit's procedure: ``cchc.onestop.unitscore.Handled``'s fields.
ProcedureFlags = tuple[bool, bool, bool]


def unit_counts_and_procedures(
    p: Period, unit_ids: Iterable[int]
) -> tuple[dict[int, Counts], dict[int, dict[int, ProcedureFlags]] | None]:
    """:func:`unit_counts` of the units, and unit id → {procedure id: (in R, paid online, citizen data)} of their
    dossiers received before the period's end (``cchc.onestop.unitscore.procedures_by_unit``), in one scan. When the
    counts were read already for the page (``cchc.core.memo.shared``), they are handed out as :func:`unit_counts`
    does and the procedures are not read (None)."""
    from cchc.core.memo import remember_units

    params = _params(p)
    ids = frozenset(unit_ids)
    params["units"] = int_array(ids)
    procedures: dict[int, dict[int, ProcedureFlags]] | None = None

    def read() -> dict[int, Counts]:
        nonlocal procedures
        counts: dict[int, Counts] = {}
        procedures = {}
        with connection.cursor() as cur:
            cur.execute(COUNTS_AND_PROCEDURES_SQL, params)
            for row in cur.fetchall():
                if row[0] == "c":
                    counts[row[1]] = Counts(*row[2:17])  # bigint sums, never NULL
                else:
                    procedures.setdefault(row[1], {})[row[17]] = (bool(row[18]), bool(row[19]), bool(row[20]))
        return counts

    counts = remember_units(("onestop.unit_counts", p), ids, read)
    return counts, procedures


def rollup(counts: Mapping[int, Counts], paths: Mapping[int, str], root_path: str) -> Counts:
    """The sum of the counts of every unit whose path starts with ``root_path`` (the unit and its subtree)."""
    total = Counts()
    for unit_id, c in counts.items():
        if paths.get(unit_id, "").startswith(root_path):
            total = total + c
    return total


def indicators_json(code: str, name: str, result: DossierIndicators) -> dict:
    return {
        "code": code,
        "name": name,
        "in_process": result.in_process,
        "received": result.received,
        "on_time": result.on_time,
        "overdue": result.overdue,
        "indicators": [i.as_json() for i in result.indicators],
    }


# The on-time counts of a subtree over several periods at once (the monthly trend): S and "on time in S" with the
# per-dossier rule above, each period's as_of and start taken from the row of ``m`` instead of a parameter.
_M = {"%(as_of)s": "m.as_of", "%(start)s": "m.start"}


def _per_period(sql: str) -> str:
    for param, column in _M.items():
        sql = sql.replace(param, column)
    return sql


# The pairs (period, dossier) of the trend are not formed for most dossiers: when the periods follow one another
# (starts and as_of moments in order, as months do), the periods a dossier is in S for are a run of consecutive
# numbers, from the first whose as_of is at or after its reception (``lo``) to the last that starts before it
# finished (``hi``); its verdict under the rule changes at two numbers only: from the first period whose as_of is at
# or after its end (``f``: the stored ``finished_on_time`` from there on) and, before that, at the first period whose
# as_of is after its due moment (``g``: on time before it). Each count is a position among the sorted moments
# (``width_bucket``: how many are ≤ the value; "<" is "≤ the value less one microsecond", the timestamps'
# resolution). The dossiers are grouped by those numbers, and the groups joined with the periods. Only the dossiers
# with a supplement request pending a verdict (the rule's pause branch) are joined with the periods one by one.
_SIMPLE_SQL = "(d.supplement_requested_at IS NULL OR COALESCE(d.supplement_requests >= 2, false))"
_TREND_SCAN_SQL = """d.unit_id IN (SELECT id FROM orgs_orgunit WHERE path LIKE %(subtree)s)
  AND d.received_at <= %(last_as_of)s AND (d.finished_at IS NULL OR d.finished_at >= %(first_start)s)"""


def _trend_sql(by_unit: bool) -> str:
    unit = "d.unit_id, " if by_unit else ""
    c_unit = "c.unit_id, " if by_unit else ""
    x_unit = "x.unit_id, " if by_unit else ""
    keys = "1, 2, 3, 4, 5, 6, 7" if by_unit else "1, 2, 3, 4, 5, 6"
    return f"""
WITH m AS (
    SELECT * FROM unnest(%(starts)s::timestamptz[], %(as_ofs)s::timestamptz[]) WITH ORDINALITY AS m(start, as_of, i)
)
SELECT x.i, {x_unit}sum(x.n)::bigint, sum(x.ok)::bigint FROM (
    SELECT m.i, {c_unit}sum(c.n) AS n,
           COALESCE(sum(c.n) FILTER (WHERE CASE WHEN m.i >= c.f THEN c.fot WHEN c.req2 THEN false ELSE m.i < c.g END),
                    0) AS ok
    FROM (
        SELECT {unit}width_bucket(d.received_at - interval '1 microsecond', %(as_ofs)s::timestamptz[]) + 1 AS lo,
               COALESCE(width_bucket(d.finished_at, %(starts)s::timestamptz[]), %(n)s) AS hi,
               width_bucket(d.finished_at - interval '1 microsecond', %(as_ofs)s::timestamptz[]) + 1 AS f,
               width_bucket(d.due_at, %(as_ofs)s::timestamptz[]) + 1 AS g,
               d.finished_on_time AS fot, COALESCE(d.supplement_requests >= 2, false) AS req2, count(*) AS n
        FROM onestop_dossier d
        WHERE {_TREND_SCAN_SQL} AND {_SIMPLE_SQL}
        GROUP BY {keys}
    ) c JOIN m ON m.i BETWEEN c.lo AND c.hi
    GROUP BY m.i{", c.unit_id" if by_unit else ""}
    UNION ALL
    SELECT m.i, {unit}count(*), count(*) FILTER (WHERE {_per_period(ON_TIME_SQL)})
    FROM m JOIN onestop_dossier d ON {_per_period(IN_S_SQL)}
    WHERE {_TREND_SCAN_SQL} AND NOT {_SIMPLE_SQL}
    GROUP BY m.i{", d.unit_id" if by_unit else ""}
) x
GROUP BY x.i{", x.unit_id" if by_unit else ""}
"""


# The pairs formed for every dossier: periods in any order.
_PAIRS_SQL = f"""
SELECT m.i, count(*), count(*) FILTER (WHERE {_per_period(ON_TIME_SQL)})
FROM unnest(%(starts)s::timestamptz[], %(as_ofs)s::timestamptz[]) WITH ORDINALITY AS m(start, as_of, i)
JOIN onestop_dossier d ON {_per_period(IN_S_SQL)}
WHERE {_TREND_SCAN_SQL}
GROUP BY m.i
"""
TREND_SQL = _trend_sql(by_unit=False)
UNIT_TREND_SQL = _trend_sql(by_unit=True)
_UNIT_PAIRS_SQL = _PAIRS_SQL.replace("SELECT m.i,", "SELECT m.i, d.unit_id,").replace(
    "GROUP BY m.i", "GROUP BY m.i, d.unit_id"
)


def _grouped(periods: list[Period]) -> bool:
    """The grouped trend query holds (the periods' starts and as_of moments each in order: months, oldest first) and
    pays: for one or two periods, joining every dossier with them costs less than placing it among them."""
    return len(periods) > 2 and all(a.start <= b.start and a.as_of <= b.as_of for a, b in pairwise(periods))


def _trend_params(periods: list[Period], root_path: str) -> dict[str, Any]:
    return {
        "starts": [p.start for p in periods],
        "as_ofs": [p.as_of for p in periods],
        "n": len(periods),
        "last_as_of": max(p.as_of for p in periods),  # one scan reads the dossiers of every period
        "first_start": min(p.start for p in periods),
        "subtree": root_path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
    }


def subtree_on_time(periods: list[Period], root_path: str) -> list[tuple[int, int]]:
    """(S, on time in S) of the dossiers of the subtree at ``root_path``, for each period in order — one query,
    however many periods (the sums of :func:`unit_counts` over the subtree's units, period by period)."""
    if not periods:
        return []
    with connection.cursor() as cur:
        cur.execute(TREND_SQL if _grouped(periods) else _PAIRS_SQL, _trend_params(periods, root_path))
        found = {row[0]: (int(row[1]), int(row[2])) for row in cur.fetchall()}
    return [found.get(i, (0, 0)) for i in range(1, len(periods) + 1)]


def on_time_by_unit(periods: list[Period], root_path: str) -> list[dict[int, tuple[int, int]]]:
    """unit id → (S, on time in S) of its own dossiers, for each period in order, over the subtree at ``root_path``
    — one query however many periods: the ``s`` and ``on_time`` of :func:`unit_counts`, period by period (units
    with no dossier in S are absent)."""
    if not periods:
        return []
    out: list[dict[int, tuple[int, int]]] = [{} for _p in periods]
    with connection.cursor() as cur:
        cur.execute(
            UNIT_TREND_SQL if _grouped(periods) else _UNIT_PAIRS_SQL, _trend_params(periods, root_path)
        )
        for i, unit_id, s, on_time in cur.fetchall():
            out[i - 1][unit_id] = (int(s), int(on_time))
    return out


def indicators_document(
    date_from: date, date_to: date, as_of: datetime | None = None, unit: Any = None, *, units: Any = None
) -> dict[str, Any]:
    """The JSON document of ``onestop_indicators`` (the command and GET /api/v1/onestop/indicators).

    ``unit``: that unit's own dossiers only (``--unit``); else every unit with dossiers in the period, or only
    those of ``units`` (a queryset of units: the API's scope) when given. Before any 766 definitions version
    (e.g. 2019) the counts and ratios are given and every score is null (``"definitions": null``).
    """
    from cchc.orgs.models import OrgUnit

    from .definitions766 import load_definitions
    from .ontime import period, unscored

    p = period(date_from, date_to, as_of)
    try:
        defs = load_definitions(on=date_to)
        scored = True
    except LookupError:  # before any 766 version: counts and ratios, no scores
        defs, scored = load_definitions(), False

    def result(unit_id: int) -> DossierIndicators:
        figures = counts.get(unit_id, Counts()).indicators(defs)
        return figures if scored else unscored(figures)

    if unit is not None:
        counts = unit_counts(p, [unit.pk])
        chosen = [unit]
    else:
        counts = unit_counts(p)
        qs = OrgUnit.objects.filter(pk__in=list(counts))
        if units is not None:
            qs = qs.filter(pk__in=units.values("pk"))
        chosen = list(qs.order_by("path"))
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "as_of": p.as_of.isoformat(),
        "definitions": defs.id if scored else None,
        "units": [indicators_json(u.code, u.name, result(u.pk)) for u in chosen],
    }
