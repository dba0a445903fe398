"""Issuing a draft plan (its unit references become assignments) and closing it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.orgs.selectors import group_members

from .. import access
from ..models import Assignment, Plan, Role, TaskUnit
from ..resolve import target_allowed
from .editing import unresolved_references


@transaction.atomic
def plan_issue(*, plan: Plan, user: User, on: date | None = None) -> dict[str, int]:
    """Issue a draft: every unit reference becomes assignments (a group: one per member unit, lead kept over
    coordinate when a unit is named twice). Returns counts."""
    if not access.can_review(user, plan):
        raise PermissionDenied(_("Bạn không có quyền ban hành kế hoạch này."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Chỉ ban hành được kế hoạch ở trạng thái dự thảo."))
    on = on or timezone.localdate()
    unresolved = unresolved_references(plan)
    if unresolved:
        raise ValidationError(
            _("Còn %(n)s tên đơn vị chưa xác định: %(names)s")
            % {"n": len(unresolved), "names": "; ".join(r["text"] for r in unresolved[:5])}
        )
    if not plan.tasks.exists():
        raise ValidationError(_("Kế hoạch chưa có nhiệm vụ nào."))
    members_of: dict[int, list[int]] = {}
    wanted: dict[tuple[int, int], tuple[str, int | None]] = {}
    for ref in (
        TaskUnit.objects.filter(task__plan=plan)
        .select_related("unit", "group", "group__root")
        .order_by("role")
    ):
        if ref.unit_id:
            # A body outside the issuer's subtree (e.g. a ministry department the plan mentions) gets no
            # assignment: a plan only assigns work inside its own organisation.
            units, via = ([ref.unit_id] if target_allowed(ref.unit, plan.issuer) else []), None
        else:
            if ref.group_id is None or ref.group is None:
                continue  # neither unit nor group: unresolved references were refused above
            if ref.group_id not in members_of:
                members_of[ref.group_id] = list(
                    group_members(ref.group, on=on)
                    .filter(path__startswith=plan.issuer.path)
                    .values_list("pk", flat=True)
                )
            units, via = members_of[ref.group_id], ref.group_id
        for unit_id in units:
            key = (ref.task_id, unit_id)
            current = wanted.get(key)
            if current is None or (current[0] == Role.COORDINATE and ref.role == Role.LEAD):
                wanted[key] = (ref.role, via)
    Assignment.objects.bulk_create(
        [
            Assignment(task_id=t, unit_id=u, role=role, via_group_id=via, received_on=on)
            for (t, u), (role, via) in wanted.items()
        ],
        batch_size=2000,
    )
    plan.status = Plan.Status.ISSUED
    now = timezone.now()
    if on != timezone.localdate():  # issued with an earlier (or later) date: record that day
        from datetime import datetime, time

        now = timezone.make_aware(datetime.combine(on, time(8, 0)))
    plan.issued_at = now
    plan.issued_by = user
    if plan.issue_date is None:
        plan.issue_date = on
    plan.save(update_fields=["status", "issued_at", "issued_by", "issue_date", "updated_at"])
    return {"assignments": len(wanted), "units": len({u for (_t, u) in wanted})}


@transaction.atomic
def plan_close(*, plan: Plan, user: User) -> Plan:
    if not access.can_review(user, plan):
        raise PermissionDenied(_("Bạn không có quyền kết thúc kế hoạch này."))
    if plan.status != Plan.Status.ISSUED:
        raise ValidationError(_("Chỉ kết thúc được kế hoạch đã ban hành."))
    plan.status = Plan.Status.CLOSED
    plan.save(update_fields=["status", "updated_at"])
    return plan
