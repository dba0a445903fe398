"""``pakn_indicators`` in SQL (``contracts/pakn.md`` "Clocks" and "Indicators").

One query computes, per record of P, its state and whether it is on time exactly as the pure :mod:`.clocks` does,
then adds them up per unit. Each time is turned into its working-day ordinal ``r`` (:func:`_r`: two array look-ups
over arrays built here from the working-day calendar), and ``e ≤ D(t, n)`` becomes ``r(e) ≤ r(t) + n`` — integer
comparisons, in one parallel scan (benchmark: ``bench/bench_pakn_indicators.py``). The drill-down lists the
records of a count by the same rules (:func:`record_ids`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection

from cchc.core.memo import int_array
from cchc.onestop.ontime import Period
from cchc.workdays.calendar import WorkCalendar, to_local

from .scoring import Counts

# The figures of the contract always use the portal's step limits.
REFUSE, SUPPLEMENT, HANDLE, PUBLISH = 2, 5, 15, 2


@dataclass(frozen=True)
class CalendarArrays:
    base: date
    rb: list[int]
    cm: list[int]
    wd: list[date]
    closing: time

    def ordinal(self, moment: datetime) -> int:
        """``r(moment)`` as the SQL computes it."""
        local = to_local(moment)
        i = (local.date() - self.base).days
        return self.rb[i] if local.time().replace(tzinfo=None) <= self.closing else self.cm[i] + 1


def calendar_arrays(cal: WorkCalendar, first: date, last: date) -> CalendarArrays:
    """The arrays ``pakn_due`` reads, for times from ``first`` to ``last`` (due times may fall 90 days later)."""
    base = first - timedelta(days=1)
    rb: list[int] = []
    cm: list[int] = []
    wd: list[date] = []
    count = 0
    day = base
    end = last + timedelta(days=90)
    while day <= end:
        working = cal.is_working_day(day)
        if working:
            count += 1
            wd.append(day)
        cm.append(count)
        rb.append(count if working else count + 1)
        day += timedelta(days=1)
    return CalendarArrays(base, rb, cm, wd, cal.hours.closing)


def _r(t: str) -> str:
    """The working-day ordinal a time counts on (the contract's receipt day: the day itself before closing time on
    a working day, else the next working day), from the arrays. ``e ≤ D(t, n)`` ⟺ ``r(e) ≤ r(t) + n``: a
    time e is at or before the n-th working day after t's receipt day at closing time exactly when its own
    receipt day is not later than that day — so every clock is an integer comparison, and r is monotonic
    (``r(max(a, b)) = max(r(a), r(b))``)."""
    local = f"({t} AT TIME ZONE 'UTC' + interval '7 hours')"
    day = f"({local}::date - %(b)s::date + 1)"
    return f"CASE WHEN {local}::time <= %(closing)s::time THEN (%(rb)s::int[])[{day}] ELSE (%(cm)s::int[])[{day}] + 1 END"


def _seen(col: str) -> str:
    return f"CASE WHEN r.{col} <= %(as_of)s THEN {_r('r.' + col)} END"


# Per record of P: the ordinals of its times seen at as_of (computed once per record: the OFFSET 0 fence), its
# state (r refused, p published, h handled, w waiting, i in progress) and the verdict ``ok`` (on time) — each also
# computed once per record (the second fence), not once for every count that reads it.
# ``{where}`` narrows the records (the follow-up pass below); ``{followed}`` is the follow-up flag's expression.
_RECORDS = """
WITH t AS (
  SELECT r.id, r.unit_id, r.code, r.category, r.likes, r.dislikes,
    GREATEST({received}, {transferred}) AS st,
    {refused} AS ref, {requested} AS req, {supplemented} AS sup, {handled} AS han, {published} AS pub
  FROM pakn_record r
  WHERE r.received_at >= %(start)s AND r.received_at < %(stop)s AND r.received_at <= %(as_of)s
    AND (%(all_units)s OR r.unit_id = ANY(%(units)s)) {where}
  OFFSET 0
), v AS (
  SELECT t.id, t.unit_id, t.category, t.likes, t.dislikes,
    CASE WHEN ref IS NOT NULL THEN 'r'
         WHEN han IS NOT NULL AND pub IS NOT NULL THEN 'p'
         WHEN han IS NOT NULL THEN 'h'
         WHEN req IS NOT NULL AND sup IS NULL THEN 'w'
         ELSE 'i' END AS state,
    CASE WHEN ref IS NOT NULL THEN ref <= st + {refuse_n}
    ELSE (req IS NULL OR req <= st + {supplement_n})
      AND ((req IS NOT NULL AND sup IS NULL AND han IS NULL) OR (
        COALESCE(han, %(as_of_r)s) <= GREATEST(st, sup) + {handle_n}
        AND (han IS NULL OR COALESCE(pub, %(as_of_r)s) <= han + {publish_n})))
    END AS ok,
    {followed} AS followed
  FROM t
  OFFSET 0
)
"""
# The codes whose result another record (received by as_of) complains about.
FOLLOWED_CODES = "SELECT follow_up_of FROM pakn_record WHERE follow_up_of > '' AND received_at <= %(as_of)s"


def _records(where: str = "", followed: str = "false") -> str:
    return _RECORDS.format(
        received=_r("r.received_at"),
        transferred=_seen("transferred_at"),
        refused=_seen("refused_at"),
        requested=_seen("supplement_requested_at"),
        supplemented=_seen("supplemented_at"),
        handled=_seen("handled_at"),
        published=_seen("published_at"),
        refuse_n=REFUSE,
        supplement_n=SUPPLEMENT,
        handle_n=HANDLE,
        publish_n=PUBLISH,
        where=where,
        followed=followed,
    )


# The counts in one parallel pass over P (no join: "satisfied" here still includes followed-up records) ...
COUNTS_SQL = (
    _records()
    + """
SELECT unit_id, count(*),
  count(*) FILTER (WHERE state = 'r'),
  count(*) FILTER (WHERE state IN ('h', 'p')),
  count(*) FILTER (WHERE state = 'p'),
  count(*) FILTER (WHERE state = 'w'),
  count(*) FILTER (WHERE state = 'i'),
  count(*) FILTER (WHERE ok),
  count(*) FILTER (WHERE ok IS NOT TRUE),
  count(*) FILTER (WHERE ok AND dislikes <= likes),
  count(*) FILTER (WHERE category = 'regulation'),
  count(*) FILTER (WHERE category = 'conduct')
FROM v GROUP BY unit_id
"""
)
# ... then the few followed-up records of P that the first pass counted as satisfied, taken off per unit.
FOLLOWED_SQL = (
    _records(where=f"AND r.code IN ({FOLLOWED_CODES})")
    + "SELECT unit_id, count(*) FILTER (WHERE ok AND dislikes <= likes) FROM v GROUP BY unit_id"
)
# The drill-down lists records by the same rules, the follow-up flag included.
RECORDS_SQL = _records(followed=f"t.code IN ({FOLLOWED_CODES})")

# Drill-down: which records a count is made of.
WHICH = {
    "received": "TRUE",
    "refused": "state = 'r'",
    "handled": "state IN ('h', 'p')",
    "published": "state = 'p'",
    "waiting": "state = 'w'",
    "in_progress": "state = 'i'",
    "on_time": "ok",
    "overdue": "ok IS NOT TRUE",
    "unsatisfied": "NOT (ok AND dislikes <= likes AND NOT followed)",
    "regulation": "category = 'regulation'",
    "conduct": "category = 'conduct'",
}


def _params(p: Period, cal: WorkCalendar, unit_ids: Iterable[int] | None) -> dict[str, Any]:
    arrays = calendar_arrays(cal, to_local(p.start).date(), to_local(p.as_of).date())
    ids = None if unit_ids is None else list(unit_ids)
    return {
        "start": p.start,
        "stop": p.stop,
        "as_of": p.as_of,
        "all_units": ids is None,
        "units": ids or [],
        "b": arrays.base,
        "rb": int_array(arrays.rb),  # named by every ordinal: sent as one string each time
        "cm": int_array(arrays.cm),
        "wd": arrays.wd,
        "closing": arrays.closing.strftime("%H:%M:%S"),
        "as_of_r": arrays.ordinal(p.as_of),
    }


# A list of units at least this share of all units is read by the parallel scan of every unit's records, then
# filtered here: the index scan a long id list gets is not parallel and, for a province's subtree (5,000 ids over
# a million records), 60 % slower than scanning everything (benchmark: bench/bench_pakn_indicators.py).
WIDE_SHARE = 0.2


def _wide(ids: set[int]) -> bool:
    from cchc.orgs.models import OrgUnit

    return len(ids) > 100 and len(ids) >= WIDE_SHARE * OrgUnit.objects.count()


def unit_counts(p: Period, cal: WorkCalendar, unit_ids: Iterable[int] | None = None) -> dict[int, Counts]:
    """Counts per unit of its own records in P (every unit with records, or only ``unit_ids``). Inside
    ``cchc.core.memo.shared()`` the counts are read once per period and calendar for a page (shared: not to be
    changed)."""
    from cchc.core.memo import remember_units

    ids = None if unit_ids is None else set(unit_ids)

    def read() -> dict[int, Counts]:
        scan_all = ids is not None and _wide(ids)
        params = _params(p, cal, None if scan_all else ids)
        with connection.cursor() as cur:
            cur.execute(COUNTS_SQL, params)
            counts = {row[0]: Counts(*row[1:]) for row in cur.fetchall()}
            cur.execute(FOLLOWED_SQL, params)
            for unit_id, followed in cur.fetchall():
                counts[unit_id].satisfied -= followed
        if scan_all and ids is not None:
            counts = {unit_id: c for unit_id, c in counts.items() if unit_id in ids}
        return counts

    return remember_units(_memo_key(p, cal), None if ids is None else frozenset(ids), read)


def _memo_key(p: Period, cal: WorkCalendar) -> tuple[Any, ...]:
    return ("pakn.unit_counts", p, (tuple(cal.overrides), cal.hours, cal.use_package, cal.weekend))


def held_counts(p: Period, cal: WorkCalendar, unit_ids: Iterable[int]) -> dict[int, Counts] | None:
    """The counts :func:`unit_counts` already read for these units, period and calendar inside the same
    ``cchc.core.memo.shared()`` block (the leaders' view: the 766 board's), else None — nothing is read."""
    from cchc.core.memo import held_units

    return held_units(_memo_key(p, cal), frozenset(unit_ids))


# The received and on-time counts of a subtree over several disjoint periods at once (the leaders' monthly trend):
# the records of each period joined to its row of ``m`` (start, stop, as_of and as_of's ordinal taken from it
# instead of a parameter), grouped by the period's number — the COUNTS_SQL rules, one scan for all the periods.
_TREND_RECORDS = (
    _records()
    .replace(
        "FROM pakn_record r\n",
        "FROM unnest(%(starts)s::timestamptz[], %(stops)s::timestamptz[], %(as_ofs)s::timestamptz[],"
        " %(as_of_rs)s::int[]) WITH ORDINALITY AS m(start, stop, as_of, as_of_r, i)\n"
        "  JOIN pakn_record r ON r.received_at >= m.start AND r.received_at < m.stop\n",
    )
    .replace("SELECT r.id, r.unit_id,", "SELECT r.id, m.i AS unit_id, m.as_of_r,")
    .replace(
        "r.unit_id = ANY(%(units)s)", "r.unit_id IN (SELECT id FROM orgs_orgunit WHERE path LIKE %(subtree)s)"
    )
    .replace("%(start)s", "m.start")
    .replace("%(stop)s", "m.stop")
    .replace("%(as_of)s", "m.as_of")
    .replace("%(as_of_r)s", "t.as_of_r")
)
TREND_SQL = _TREND_RECORDS + "SELECT unit_id, count(*), count(*) FILTER (WHERE ok) FROM v GROUP BY unit_id"


def subtree_trend(periods: list[Period], cal: WorkCalendar, root_path: str) -> list[tuple[int, int]]:
    """(received, on time) of the records of the subtree at ``root_path`` for each of ``periods`` (disjoint), in
    order — one query, however many periods: the sums of :func:`unit_counts` over the subtree, period by period."""
    if not periods:
        return []
    arrays = calendar_arrays(
        cal, to_local(periods[0].start).date(), to_local(max(p.as_of for p in periods)).date()
    )
    params: dict[str, Any] = {
        "starts": [p.start for p in periods],
        "stops": [p.stop for p in periods],
        "as_ofs": [p.as_of for p in periods],
        "as_of_rs": [arrays.ordinal(p.as_of) for p in periods],
        "all_units": False,
        "subtree": root_path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",
        "b": arrays.base,
        "rb": int_array(arrays.rb),  # named by every ordinal: sent as one string each time
        "cm": int_array(arrays.cm),
        "wd": arrays.wd,
        "closing": arrays.closing.strftime("%H:%M:%S"),
    }
    with connection.cursor() as cur:
        cur.execute(TREND_SQL, params)
        found = {int(i): (int(received), int(on_time)) for i, received, on_time in cur.fetchall()}
    return [found.get(i, (0, 0)) for i in range(1, len(periods) + 1)]


def record_ids(p: Period, cal: WorkCalendar, unit_ids: Iterable[int], which: str) -> list[int]:
    """The records behind one count (``WHICH``), by the same query as the counts."""
    condition = WHICH[which]
    with connection.cursor() as cur:
        cur.execute(RECORDS_SQL + f"SELECT id FROM v WHERE {condition}", _params(p, cal, unit_ids))
        return [row[0] for row in cur.fetchall()]


def as_of_text(moment: datetime) -> str:
    return to_local(moment).replace(microsecond=0).isoformat()
