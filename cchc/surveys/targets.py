"""The survey measure of the target register: ``surveys.INDEX`` — the unit's satisfaction index (its sub-units'
answers included), exactly as ``survey_results --from --to --unit`` prints it for the unit's row; the records are
the results page of the unit over the period. ``denominator`` is the number of responses counted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, register


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    from .selectors import unit_results

    out: dict[int, Value] = {}
    for u in units:
        result = unit_results(date_from=start, date_to=end, root=u, only_with_answers=False)
        row = next((r for r in result.rows if r.unit.pk == u.pk), None)
        query = {"unit": u.code, "from": start.isoformat(), "to": end.isoformat()}
        url = f"{reverse('surveys:index')}?{urlencode(query)}"
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
