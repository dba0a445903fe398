"""Who may see and do what with inspections, built on :mod:`cchc.orgs.scope` (the one place access is decided).

- An inspection plan is seen by whoever sees its issuing unit; a visit also by whoever sees the inspected unit
  or the inspecting office (the inspected unit sees its own visits, findings and documents, not the others').
- The plan (its visits) is edited and issued by whoever may edit the plan in the plans module (the coordinator
  over the issuer, or the issuer's head).
- The inspector's acts (team, checklist results, record, findings, conclusion, documents, accepting a remedy,
  re-checking) belong to the coordinator over the plan's issuer or to whoever enters data for the inspecting
  office — never to anyone holding a membership in the inspected unit (conflict of interest: nobody judges their
  own unit).
- The inspected unit's acts (its prior self-report, its opinion on the record) belong to whoever enters data for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cchc.orgs.scope import has_conflict_of_interest, scope_for
from cchc.plans import access as plan_access
from cchc.plans.models import Plan

from .models import Finding, Visit

if TYPE_CHECKING:
    from cchc.orgs.models import OrgUnit

INSPECTION_KINDS = (Plan.Kind.INSPECTION, Plan.Kind.SELF_INSPECTION)


def visible_plans(user: Any) -> QuerySet[Plan]:
    """Inspection plans whose issuer the user sees, or that inspect a unit (or send an office) the user sees."""
    scope = scope_for(user)
    plans = Plan.objects.filter(kind__in=INSPECTION_KINDS)
    if scope.is_admin:
        return plans
    visits = Visit.objects.filter(scope.view.q("unit__") | scope.view.q("office__")).values("plan_id")
    return plans.filter(Q(scope.view.q("issuer__")) | Q(pk__in=visits, status__in=["issued", "closed"]))


def sees_plan_in_full(user: Any, plan: Plan) -> bool:
    return scope_for(user).view.contains(plan.issuer)


def visible_visits(user: Any, qs: QuerySet[Visit] | None = None) -> QuerySet[Visit]:
    scope = scope_for(user)
    qs = qs if qs is not None else Visit.objects.all()
    if scope.is_admin:
        return qs
    return qs.filter(scope.view.q("unit__") | scope.view.q("office__") | scope.view.q("plan__issuer__"))


def can_edit_plan(user: Any, plan: Plan) -> bool:
    return plan_access.can_edit_plan(user, plan)


def can_create_plan_for(user: Any, unit: OrgUnit) -> bool:
    return plan_access.can_issue_plans_for(user, unit)


def inspects(user: Any, visit: Visit) -> bool:
    """The inspector's right over this visit (team, results, record, findings, conclusion, remedies)."""
    scope = scope_for(user)
    allowed = scope.is_admin or scope.manage.contains(visit.plan.issuer) or scope.data.contains(visit.office)
    return allowed and not has_conflict_of_interest(user, visit.unit)


def check_inspects(user: Any, visit: Visit) -> None:
    if not inspects(user, visit):
        raise PermissionDenied(_("Bạn không có quyền thực hiện việc này trong cuộc kiểm tra."))


def speaks_for_unit(user: Any, visit: Visit) -> bool:
    """The inspected unit's right: its self-report and its opinion on the record."""
    return scope_for(user).data.contains(visit.unit)


def get_plan_for_user(user: Any, pk: int, *, write: bool = False) -> Plan:
    plan = visible_plans(user).select_related("issuer").filter(pk=pk).first()
    if plan is None:
        raise Http404(_("Không tìm thấy kế hoạch kiểm tra."))
    if write and not can_edit_plan(user, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch kiểm tra này."))
    return plan


def get_visit_for_user(user: Any, pk: int, *, inspect: bool = False, unit: bool = False) -> Visit:
    """The visit if the user sees it (404); 403 when ``inspect`` (the inspector's acts) or ``unit`` (the inspected
    unit's acts) is asked and not held."""
    visit = (
        visible_visits(
            user, Visit.objects.select_related("plan", "plan__issuer", "office", "unit", "checklist")
        )
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404(_("Không tìm thấy cuộc kiểm tra."))
    if inspect and not inspects(user, visit):
        raise PermissionDenied(_("Bạn không có quyền thực hiện việc này trong cuộc kiểm tra."))
    if unit and not speaks_for_unit(user, visit):
        raise PermissionDenied(_("Chỉ đơn vị được kiểm tra mới thực hiện được việc này."))
    return visit


def get_finding_for_user(user: Any, pk: int, *, inspect: bool = False) -> Finding:
    finding = Finding.objects.select_related("visit", "assignment").filter(pk=pk).first()
    if finding is None:
        raise Http404(_("Không tìm thấy kiến nghị."))
    finding.visit = get_visit_for_user(user, finding.visit_id, inspect=inspect)
    return finding
