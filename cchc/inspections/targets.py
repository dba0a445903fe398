"""The inspection measures of the target register, from ``inspection_coverage --year --under UNIT --as-of``
(``selectors.coverage``, every unit counted whoever asks):

* ``inspections.COVERAGE`` — the units directly under the unit inspected at least once in the year by the end of
  the period / those units, × 100 (the contract's ``coverage.percent``); records: the coverage map of the unit;
* ``inspections.FINDINGS_CLOSED`` — over those units' findings: closed / (closed + overdue), × 100 — the findings
  whose deadline has passed or that are closed; a finding still open within its deadline is not counted yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import OrgUnit
from cchc.targets.registry import MeasureSource, Value, link, register


def _percent(part: int, whole: int) -> Decimal | None:
    from cchc.inspections.rules import coverage_percent

    return None if not whole else Decimal(str(coverage_percent(part, whole)))


def compute(key: str, units: Sequence[OrgUnit], start: date, end: date) -> Mapping[int, Value]:
    from cchc.orgs.scope import Reach

    from .selectors import coverage

    out: dict[int, Value] = {}
    for u in units:
        doc = coverage(year=start.year, reach=Reach(everything=True), under=u, as_of=end)
        if key == "COVERAGE":
            c = doc["coverage"]
            url = link(reverse("inspections:coverage"), don_vi=u.code, nam=start.year)
            out[u.pk] = Value(_percent(c["inspected"], c["units"]), c["inspected"], c["units"], url)
        else:
            closed = sum(r["closed"] for r in doc["units"])
            due = closed + sum(r["overdue"] for r in doc["units"])
            url = link(reverse("inspections:findings"), don_vi=u.code)
            out[u.pk] = Value(_percent(closed, due), closed, due, url)
    return out


register(
    MeasureSource(
        "inspections",
        compute,
        codes=lambda: [
            ("COVERAGE", str(_("Tỷ lệ đơn vị trực thuộc được kiểm tra CCHC trong năm"))),
            ("FINDINGS_CLOSED", str(_("Tỷ lệ kiến nghị sau kiểm tra đã khắc phục"))),
        ],
        module="inspections",
    )
)
