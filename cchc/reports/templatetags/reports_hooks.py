"""Hooks other modules' pages include: the plan import proposes the reporting cycle its text states."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from cchc.orgs.scope import scope_for

from ..periods import get_preset
from ..plan_rule import ReportingRule, cycle_create_query

register = template.Library()

KIND_LABELS = {
    "month": _("hằng tháng"),
    "q1": _("quý I"),
    "q2": _("quý II"),
    "h1": _("6 tháng"),
    "q3": _("quý III"),
    "9m": _("9 tháng"),
    "q4": _("quý IV"),
    "year": _("năm"),
}


@register.inclusion_tag("reports/_cycle_offer.html", takes_context=True)
def reporting_cycle_offer(
    context: dict[str, Any], data: dict[str, Any] | None, issuer: Any
) -> dict[str, Any]:
    """``{% reporting_cycle_offer draft.data draft.issuer %}``: "Tạo chu kỳ báo cáo" prefilled with the reports
    the plan asks for (its §III), for a user who may create cycles; nothing when the plan names none."""
    rule = ReportingRule.from_dict((data or {}).get("reporting"))
    request = context.get("request")
    user = getattr(request, "user", None)
    if rule is None or user is None or scope_for(user).manage.empty:
        return {"rule": None}
    title = (data or {}).get("doc_number") or (data or {}).get("title") or ""
    year = (data or {}).get("year")
    name = f"Báo cáo CCHC năm {year or ''} — theo Kế hoạch {title}".strip(" —")
    return {
        "rule": rule,
        "kinds": [(KIND_LABELS.get(k, k), rule.due_days.get(k), _last_month(k)) for k in rule.kinds],
        "preset_name": get_preset(rule.preset).name if rule.preset else "",
        "dated": any(rule.due_days.values()),
        "query": cycle_create_query(rule, year=year, office_code=getattr(issuer, "code", ""), name=name),
    }


def _last_month(kind: str) -> int | None:
    from ..plan_rule import LAST_MONTH

    return LAST_MONTH.get(kind)
