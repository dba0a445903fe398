"""``pakn_indicators`` in SQL (``contracts/pakn.md`` "Clocks" and "Indicators").

One query computes, per record of P, its state and whether it is on time exactly as the pure :mod:`.clocks` does,
then adds them up per unit. ``D(t, n)`` is the SQL function ``pakn_due`` (migration 0002) over three arrays built
here from the working-day calendar: for each day from ``b``, the number of working days up to it (``cm``) and the
receipt base before closing time (``rb``), and the working days in order (``wd``) — so a due time is two array
look-ups, and a million records take well under two seconds. The drill-down lists the records of a count with the
same query (:func:`record_ids`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection

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
    closing: str


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
    return CalendarArrays(base, rb, cm, wd, cal.hours.closing.strftime("%H:%M:%S"))


def _due(t: str, n: int) -> str:
    return f"pakn_due({t}, {n}, %(b)s, %(rb)s, %(cm)s, %(wd)s, %(closing)s::time)"


# Per record of P: the state (r refused, p published, h handled, w waiting, i in progress) and the verdict.
RECORDS_SQL = f"""
WITH t AS (
  SELECT r.id, r.unit_id, r.code, r.category, r.likes, r.dislikes,
    CASE WHEN r.transferred_at <= %(as_of)s THEN GREATEST(r.received_at, r.transferred_at)
         ELSE r.received_at END AS st,
    CASE WHEN r.refused_at <= %(as_of)s THEN r.refused_at END AS ref,
    CASE WHEN r.supplement_requested_at <= %(as_of)s THEN r.supplement_requested_at END AS req,
    CASE WHEN r.supplemented_at <= %(as_of)s THEN r.supplemented_at END AS sup,
    CASE WHEN r.handled_at <= %(as_of)s THEN r.handled_at END AS han,
    CASE WHEN r.published_at <= %(as_of)s THEN r.published_at END AS pub
  FROM pakn_record r
  WHERE r.received_at >= %(start)s AND r.received_at < %(stop)s AND r.received_at <= %(as_of)s
    AND (%(all_units)s OR r.unit_id = ANY(%(units)s))
), s AS (
  SELECT t.*,
    CASE WHEN ref IS NOT NULL THEN 'r'
         WHEN han IS NOT NULL AND pub IS NOT NULL THEN 'p'
         WHEN han IS NOT NULL THEN 'h'
         WHEN req IS NOT NULL AND sup IS NULL THEN 'w'
         ELSE 'i' END AS state,
    GREATEST(st, sup) AS rs
  FROM t
), v AS (
  SELECT s.*,
    CASE WHEN state = 'r' THEN ref <= {_due("st", REFUSE)}
    ELSE (req IS NULL OR req <= {_due("st", SUPPLEMENT)})
      AND (state = 'w' OR (
        COALESCE(han, %(as_of)s) <= {_due("rs", HANDLE)}
        AND (han IS NULL OR COALESCE(pub, %(as_of)s) <= {_due("han", PUBLISH)})))
    END AS ok,
    EXISTS (SELECT 1 FROM pakn_record f
            WHERE f.follow_up_of = s.code AND f.follow_up_of <> '' AND f.received_at <= %(as_of)s) AS followed
  FROM s
)
"""

COUNTS_SQL = (
    RECORDS_SQL
    + """
SELECT unit_id, count(*),
  count(*) FILTER (WHERE state = 'r'),
  count(*) FILTER (WHERE state IN ('h', 'p')),
  count(*) FILTER (WHERE state = 'p'),
  count(*) FILTER (WHERE state = 'w'),
  count(*) FILTER (WHERE state = 'i'),
  count(*) FILTER (WHERE ok),
  count(*) FILTER (WHERE ok IS NOT TRUE),
  count(*) FILTER (WHERE ok AND dislikes <= likes AND NOT followed),
  count(*) FILTER (WHERE category = 'regulation'),
  count(*) FILTER (WHERE category = 'conduct')
FROM v GROUP BY unit_id
"""
)

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
        "rb": arrays.rb,
        "cm": arrays.cm,
        "wd": arrays.wd,
        "closing": arrays.closing,
    }


def unit_counts(p: Period, cal: WorkCalendar, unit_ids: Iterable[int] | None = None) -> dict[int, Counts]:
    """Counts per unit of its own records in P (every unit with records, or only ``unit_ids``)."""
    with connection.cursor() as cur:
        cur.execute(COUNTS_SQL, _params(p, cal, unit_ids))
        rows = cur.fetchall()
    return {row[0]: Counts(*row[1:]) for row in rows}


def record_ids(p: Period, cal: WorkCalendar, unit_ids: Iterable[int], which: str) -> list[int]:
    """The records behind one count (``WHICH``), by the same query as the counts."""
    condition = WHICH[which]
    with connection.cursor() as cur:
        cur.execute(RECORDS_SQL + f"SELECT id FROM v WHERE {condition}", _params(p, cal, unit_ids))
        return [row[0] for row in cur.fetchall()]


def as_of_text(moment: datetime) -> str:
    return to_local(moment).replace(microsecond=0).isoformat()
