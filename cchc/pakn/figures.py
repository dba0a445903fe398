"""The figures of the module for the command, the pages and the periodic reports (``cchc.reports.figures``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from cchc.onestop.ontime import Period, period
from cchc.orgs.models import OrgUnit
from cchc.orgs.selectors import subtree
from cchc.workdays.services import calendar_for

from .indicators import as_of_text, unit_counts
from .scoring import Counts, unit_json


def report(p: Period, date_from: date, date_to: date, unit: OrgUnit | None) -> dict[str, Any]:
    """The JSON document of ``pakn_indicators``."""
    cal = calendar_for(None)
    if unit is None:
        counts = unit_counts(p, cal)
        units = list(OrgUnit.objects.filter(pk__in=list(counts)).order_by("path"))
        rows = [unit_json(u.code, u.name, counts[u.pk]) for u in units]
    else:
        below = list(subtree(unit).order_by("path"))
        counts = unit_counts(p, cal, [u.pk for u in below])
        total = Counts()
        for c in counts.values():
            total += c
        rows = [unit_json(unit.code, unit.name, total)]
        rows += [unit_json(u.code, u.name, counts.get(u.pk, Counts())) for u in below if u.pk != unit.pk]
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "as_of": as_of_text(p.as_of),
        "units": rows,
    }


FIELDS = ("received", "refused", "handled", "published", "waiting", "in_progress", "on_time", "overdue")


def pakn_figures(
    units: Iterable[OrgUnit], date_from: date, date_to: date
) -> Mapping[int, Mapping[str, Decimal | int]]:
    """Figure source ``pakn`` for periodic reports: per unit, the counts of its subtree and the on-time ratio."""
    p = period(date_from, date_to)
    cal = calendar_for(None)
    out: dict[int, dict[str, Decimal | int]] = {}
    for unit in units:
        ids = list(subtree(unit).values_list("pk", flat=True))
        total = Counts()
        for c in unit_counts(p, cal, ids).values():
            total += c
        row: dict[str, Decimal | int] = {f: getattr(total, f) for f in FIELDS}
        row["regulation"] = total.regulation
        row["conduct"] = total.conduct
        if total.received:
            row["on_time_ratio"] = (Decimal(total.on_time * 100) / Decimal(total.received)).quantize(
                Decimal("0.01")
            )
        out[unit.pk] = row
    return out


def pakn_records_url(unit: OrgUnit, date_from: date, date_to: date, field: str) -> str:
    """The register's list of the records a ``pakn`` figure counts (the unit's subtree, the same ``record_ids``
    query the counts use), or "" for a figure that is not a count."""
    from django.urls import reverse

    from .indicators import WHICH

    if field not in WHICH or field not in FIELDS:
        return ""
    span = f"from={date_from.isoformat()}&to={date_to.isoformat()}"
    return f"{reverse('pakn:index')}?unit={unit.code}&subtree=1&which={field}&{span}"


def petition_inputs(unit: OrgUnit, date_from: date, date_to: date) -> dict[str, tuple[int, int]] | None:
    """The 766 petition items of ``unit`` (its subtree) from the PAKN records, or None when it has none in the
    period (then the figures typed from the portal count): ``cchc.onestop.unitscore.PETITION_SOURCES``."""
    from .scoring import ON_TIME, SATISFACTION

    p = period(date_from, date_to)
    total = Counts()
    for c in unit_counts(p, calendar_for(None), list(subtree(unit).values_list("pk", flat=True))).values():
        total += c
    if not total.received:
        return None
    return {ON_TIME: (total.on_time, total.received), SATISFACTION: (total.satisfied, total.received)}


def petition_counts_by_unit(
    unit_ids: list[int], date_from: date, date_to: date
) -> dict[int, dict[str, tuple[int, int]]]:
    """The 766 petition items of each unit that has PAKN records in the period (its subtree), for
    ``cchc.onestop.unitscore.register_petition_source``; a unit without records gets no answer, so the figures typed
    from the portal count for it (or it is marked as lacking data). The same counts as :func:`petition_inputs`, in a
    constant number of queries whatever the number of units: one pass of the counts over every unit below them,
    added up per subtree by path."""
    from cchc.core.memo import id_array
    from cchc.onestop.unitscore import subtree_units

    from .scoring import ON_TIME, SATISFACTION

    units = list(OrgUnit.objects.filter(pk__in=id_array(unit_ids)).only("pk", "path"))
    if not units:
        return {}
    # every unit below them (a subtree inside another one read with it): the 766 board's read on its page
    paths = {u.pk: u.path for u in subtree_units(units)}
    counts = unit_counts(period(date_from, date_to), calendar_for(None), list(paths))
    totals: dict[int, list[int]] = {}  # unit id → [on time, received, satisfied]
    by_path = {u.path: u.pk for u in units}
    for unit_id, c in counts.items():
        path = paths[unit_id]
        end = path.find("/", 1)
        while end != -1:  # every unit asked for whose path is a prefix of this one's
            owner = by_path.get(path[: end + 1])
            if owner is not None:
                t = totals.setdefault(owner, [0, 0, 0])
                t[0] += c.on_time
                t[1] += c.received
                t[2] += c.satisfied
            end = path.find("/", end + 1)
    return {
        pk: {ON_TIME: (on_time, received), SATISFACTION: (satisfied, received)}
        for pk, (on_time, received, satisfied) in totals.items()
        if received
    }
