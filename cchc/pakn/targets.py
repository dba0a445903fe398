"""The PAKN measures of the target register: ``pakn.<INDICATOR>`` — the indicator's ``ratio`` of the unit's row
(its whole subtree) exactly as ``pakn_indicators --from --to --unit`` prints it; the records are the register's
list of the PAKN received in the period (the indicators' denominator). The same counts (``indicators.unit_counts``)
and rows (``scoring.unit_json``) as ``figures.report``, read once for all the units asked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, link, register

from .scoring import ON_TIME, SATISFACTION, STAFF, TTHC

TITLES = {
    ON_TIME: _("Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn"),
    SATISFACTION: _("Mức độ hài lòng về xử lý phản ánh, kiến nghị"),
    TTHC: _("Tỷ lệ phản ánh, kiến nghị về quy định TTHC"),
    STAFF: _("Tỷ lệ phản ánh, kiến nghị về hành vi cán bộ"),
}


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    """All the units at once: one count over the union of their subtrees, added up per unit as ``report`` does."""
    from cchc.onestop.ontime import period
    from cchc.onestop.unitscore import subtree_units
    from cchc.targets.registry import path_ids
    from cchc.workdays.services import calendar_for

    from .indicators import unit_counts
    from .scoring import Counts, unit_json

    if not units:
        return {}
    paths = {u.pk: u.path for u in subtree_units(units)}  # on the leaders' view: the 766 board's read
    counts = unit_counts(period(start, end), calendar_for(None), list(paths))
    totals = {u.pk: Counts() for u in units}
    for unit_id, c in counts.items():
        for above in path_ids(paths[unit_id]):
            if above in totals:
                totals[above] += c
    out: dict[int, Value] = {}
    base = reverse("pakn:index")
    span = {"from": start.isoformat(), "to": end.isoformat()}
    for u in units:
        row = unit_json(u.code, u.name, totals[u.pk])
        ind = next((i for i in row["indicators"] if i["code"] == key), None)
        if ind is None:
            continue
        ratio = None if ind["ratio"] is None else Decimal(str(ind["ratio"]))
        out[u.pk] = Value(
            ratio,
            ind["numerator"],
            ind["denominator"],
            link(base, unit=u.code, subtree="1", which="received", **span),
        )
    return out


register(
    MeasureSource(
        "pakn",
        compute,
        codes=lambda: [(k, str(v)) for k, v in TITLES.items()],
        module="pakn",
        final_failures={ON_TIME},
    )
)
