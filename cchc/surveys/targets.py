"""The survey measure of the target register: ``surveys.INDEX`` — the unit's satisfaction index (its sub-units'
answers included), exactly as ``survey_results --from --to --unit`` prints it for the unit's row; the records are
the results page of the unit over the period. ``denominator`` is the number of responses counted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, link, register


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    """One ``unit_results`` per outermost unit asked (its rows cover every unit below it)."""
    from cchc.targets.registry import outermost

    from .selectors import unit_results

    rows = {}
    for root in outermost(units):
        result = unit_results(date_from=start, date_to=end, root=root, only_with_answers=False)
        rows.update({r.unit.pk: r for r in result.rows})
    out: dict[int, Value] = {}
    base = reverse("surveys:index")
    span = {"from": start.isoformat(), "to": end.isoformat()}
    for u in units:
        row = rows.get(u.pk)
        url = link(base, unit=u.code, **span)
        if row is None or row.result.index is None:
            out[u.pk] = Value(None, None, row.result.responses if row else 0, url)
            continue
        out[u.pk] = Value(Decimal(str(row.result.index)), None, row.result.responses, url)
    return out


register(
    MeasureSource(
        "surveys",
        compute,
        codes=lambda: [("INDEX", str(_("Chỉ số hài lòng của người dân, tổ chức")))],
        module="surveys",
    )
)
