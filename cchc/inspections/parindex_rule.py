"""The PAR-index criterion on inspection (e.g. "1.3 Kiểm tra công tác CCHC"), computed from coverage and findings
closed (contract "Joined with the other modules"), plugged into :mod:`cchc.parindex.rules` as the rule
``inspection``.

For the assessed unit over the evidence window [start, end], the mean of the parts that have data:

- coverage: the share of its direct sub-units (groupings left out) with an inspection or self-inspection concluded
  in the window;
- remedy: the share of the findings made on the unit itself (visits concluded by ``end``) due by ``end`` that were
  closed (remedy accepted) by their due time.

No sub-unit and no finding due: no data.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from cchc.orgs.models import OrgUnit

from .models import Finding, Visit
from .rules import end_of_day
from .selectors import GROUPING_KINDS, calendar, clock_of, valid_in_year_q

RULE = "inspection"


def inspection_measure(unit: OrgUnit, start: date, end: date) -> Any:
    from cchc.parindex.rules import Measure

    parts: list[Decimal] = []
    details: list[str] = []
    subs = (
        OrgUnit.objects.filter(parent=unit).filter(valid_in_year_q(end.year)).exclude(kind__in=GROUPING_KINDS)
    )
    n_subs = subs.count()
    if n_subs:
        done = (
            Visit.objects.filter(unit__in=subs, state=Visit.State.CONCLUDED)
            .filter(Q(conclusion_date__gte=start) & Q(conclusion_date__lte=end))
            .values("unit_id")
            .distinct()
            .count()
        )
        parts.append(Decimal(done) * 100 / Decimal(n_subs))
        details.append(f"{done}/{n_subs} đơn vị trực thuộc được kiểm tra")
    moment, cal = end_of_day(end), calendar()
    due_by_end = closed = 0
    for f in Finding.objects.filter(
        visit__unit=unit, visit__state=Visit.State.CONCLUDED, visit__conclusion_date__lte=end
    ).select_related("visit"):
        clock = clock_of(f, f.visit, as_of=moment, cal=cal)
        if clock.due is None or clock.due > moment:
            continue
        due_by_end += 1
        if f.closed_at is not None and f.closed_at <= clock.due:
            closed += 1
    if due_by_end:
        parts.append(Decimal(closed) * 100 / Decimal(due_by_end))
        details.append(f"{closed}/{due_by_end} kiến nghị được khắc phục đúng hạn")
    if not parts:
        return None
    percent = (sum(parts, Decimal(0)) / Decimal(len(parts))).quantize(Decimal("0.01"))
    return Measure(percent, "; ".join(details) + f" ({percent}%)")


def register() -> None:
    """Add the rule to the PAR-index registry (its label) and plug this source in."""
    from django.utils.translation import gettext_lazy as _

    from cchc.parindex import rules

    rules.RULES.setdefault(
        RULE,
        _("Kiểm tra công tác CCHC: bao phủ kiểm tra và kiến nghị được khắc phục đúng hạn (phân hệ Kiểm tra)"),
    )
    rules.register_source(RULE, inspection_measure)
