"""The PAR-index measure of the target register: ``parindex.INDEX`` — the unit's PAR index for the year: from the
latest published result of a round whose framework is of that year (the results the round page shows); else, while
no result is published, its latest appraised value (``results.unit_result(…, "appraised")``), labelled so. The
records: the round's page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, register


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    from .models import Assessment, ResultVersion
    from .results import unit_result

    year = start.year
    by_code = {u.code: u for u in units}
    out: dict[int, Value] = {}
    versions = (
        ResultVersion.objects.filter(round__framework__year=year, published_at__date__lte=end)
        .defer("input_document")
        .order_by("round_id", "-number")
        .distinct("round_id")
    )
    for v in sorted(versions, key=lambda v: v.published_at):  # the latest published round wins
        for row in v.document.get("units", []):
            u = by_code.get(row.get("code"))
            if u is not None and row.get("index") is not None:
                url = reverse("parindex:round_detail", args=[v.round_id])
                out[u.pk] = Value(Decimal(str(row["index"])), None, None, url)
    missing = [u for u in units if u.pk not in out]
    if missing:
        assessments = (
            Assessment.objects.filter(round__framework__year=year, unit__in=missing)
            .select_related("round", "unit")
            .order_by("unit_id", "-round__evidence_to", "-pk")
            .distinct("unit_id")
        )
        for a in assessments:
            result = unit_result(a, "appraised")
            if result is None or result.index is None:
                continue
            url = reverse("parindex:round_detail", args=[a.round_id])
            out[a.unit_id] = Value(
                result.index, None, None, url, _("Giá trị thẩm định gần nhất, chưa công bố")
            )
    return out


register(
    MeasureSource(
        "parindex",
        compute,
        codes=lambda: [("INDEX", str(gettext_lazy("Chỉ số CCHC (PAR INDEX)")))],
        module="parindex",
        not_percent={"INDEX"},
    )
)
