"""The inspection measures of the target register, from ``inspection_coverage --year --under UNIT --as-of``
(``selectors.coverage``, every unit counted whoever asks; its totals for all the units at once:
``selectors.coverage_counts``):

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
    from .selectors import coverage_counts

    counts = coverage_counts(units, year=start.year, as_of=end)
    base = reverse("inspections:coverage" if key == "COVERAGE" else "inspections:findings")
    out: dict[int, Value] = {}
    for u in units:
        c = counts[u.pk]
        if key == "COVERAGE":
            url = link(base, don_vi=u.code, nam=start.year)
            out[u.pk] = Value(_percent(c.inspected, c.units), c.inspected, c.units, url)
        else:
            due = c.closed + c.overdue
            url = link(base, don_vi=u.code)
            out[u.pk] = Value(_percent(c.closed, due), c.closed, due, url)
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
