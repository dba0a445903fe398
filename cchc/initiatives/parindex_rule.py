"""The PAR-index criterion on initiatives (e.g. "Có sáng kiến CCHC được công nhận"), computed from the initiatives
records and plugged into :mod:`cchc.parindex.rules` as the rule ``initiatives``.

For the assessed unit (its subtree) over the evidence window [start, end]: the initiatives recognised in the window
(a recognition decision dated in it) at the scope ``rule_params["scope"]`` or above (default ``unit``: any), against
the number the criterion asks for, ``rule_params["min"]`` (default 1): 100% when reached, else the share reached.
Nothing recognised is 0%, not "no data": the unit had none. The records counted open at ``core:drill``
(``ds=initiatives``), built by the same query.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cchc.orgs.models import OrgUnit

from . import rules
from .models import Initiative, Review

RULE = "initiatives"


def recognised_reviews(unit: OrgUnit, start: date, end: date, scope: str = "unit") -> QuerySet[Review]:
    """The recognitions the rule counts: of initiatives of ``unit``'s subtree, decided in [start, end], at ``scope``
    or above (one per initiative: its highest such recognition counts once)."""
    wanted = rules.SCOPES[rules.SCOPES.index(scope) :] if scope in rules.SCOPES else rules.SCOPES
    return Review.objects.filter(
        initiative__unit__path__startswith=unit.path,
        initiative__kind=Initiative.Kind.INITIATIVE,
        outcome=Review.Outcome.RECOGNISED,
        decided_on__gte=start,
        decided_on__lte=end,
        scope__in=wanted,
    ).select_related("initiative__unit", "decision")


def initiatives_measure(
    unit: OrgUnit, start: date, end: date, params: Mapping[str, Any] | None = None
) -> Any:
    from cchc.core import drill
    from cchc.parindex.rules import Measure

    params = params or {}
    scope = str(params.get("scope") or "unit")
    try:
        need = max(1, int(params.get("min") or 1))
    except (TypeError, ValueError):
        need = 1
    found = recognised_reviews(unit, start, end, scope).values("initiative_id").distinct().count()
    percent = (Decimal(min(found, need)) * 100 / Decimal(need)).quantize(Decimal("0.01"))
    return Measure(
        percent,
        _("%(found)s sáng kiến được công nhận trong kỳ (cần %(need)s)") % {"found": found, "need": need},
        records_url=drill.url(RULE, unit, start, end, scope=scope),
        numerator=found,
        denominator=need,
    )


def initiatives_listing(
    user: Any, unit: OrgUnit, date_from: date, date_to: date, params: Mapping[str, str]
) -> Any:
    """The drill-down of the rule: the same recognitions, as the user may see them."""
    from django.urls import reverse

    from cchc.core import drill

    from .selectors import decision_label, initiatives_visible_to

    visible = initiatives_visible_to(user).values("pk")
    reviews = recognised_reviews(unit, date_from, date_to, params.get("scope", "unit")).filter(
        initiative__in=visible
    )
    return drill.Listing(
        _("Sáng kiến được công nhận"),
        [_("Sáng kiến"), _("Đơn vị"), _("Cấp"), _("Quyết định"), _("Ngày")],
        [
            drill.Row(
                [
                    r.initiative.title,
                    r.initiative.unit.name,
                    r.get_scope_display(),
                    decision_label(r.decision) if r.decision else "",
                    f"{r.decided_on:%d/%m/%Y}" if r.decided_on else "",
                ],
                reverse("initiatives:detail", args=[r.initiative_id]),
            )
            for r in reviews.order_by("decided_on", "pk")
        ],
    )


def register() -> None:
    """Add the rule to the PAR-index registry (its label), plug this source in and register its drill-down."""
    from django.utils.translation import gettext_lazy

    from cchc.core import drill
    from cchc.parindex import rules as par_rules

    par_rules.RULES.setdefault(
        RULE, gettext_lazy("Sáng kiến CCHC được công nhận trong kỳ (phân hệ Sáng kiến)")
    )
    par_rules.register_source(RULE, initiatives_measure, params=True)
    drill.register(RULE, initiatives_listing)
