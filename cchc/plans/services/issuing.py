"""Issuing a draft plan (its unit references become assignments) and closing it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.orgs.selectors import group_members

from .. import access
from ..models import Assignment, Plan, Role, TaskUnit
from ..resolve import target_allowed
from .editing import unresolved_references


def _wanted_assignments(
    plan: Plan, refs: QuerySet[TaskUnit], on: date
) -> dict[tuple[int, int], tuple[str, int | None]]:
    """(task, unit) → (role, via group) for unit references: a group gives one per member unit, lead kept over
    coordinate when a unit is named twice; only units inside the issuer's subtree."""
    members_of: dict[int, list[int]] = {}
    wanted: dict[tuple[int, int], tuple[str, int | None]] = {}
    for ref in refs.select_related("unit", "group", "group__root").order_by("role"):
        if ref.unit_id:
            # A body outside the issuer's subtree (e.g. a ministry department the plan mentions) gets no
            # assignment: a plan only assigns work inside its own organisation.
            units, via = ([ref.unit_id] if target_allowed(ref.unit, plan.issuer) else []), None
        else:
            if ref.group_id is None or ref.group is None:
                continue  # neither unit nor group: unresolved references are refused before
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
    return wanted


def assign_added_refs(*, plan: Plan, refs: list[TaskUnit], on: date | None = None) -> list[Assignment]:
    """Unit references added to a task of an issued plan become assignments at once (units already assigned the
    task keep theirs); the new units are told."""
    from ._common import _unit_people
    from .notifications import notify

    on = on or timezone.localdate()
    wanted = _wanted_assignments(plan, TaskUnit.objects.filter(pk__in=[r.pk for r in refs]), on)
    have = set(
        Assignment.objects.filter(task_id__in={t for t, _u in wanted}).values_list("task_id", "unit_id")
    )
    created = Assignment.objects.bulk_create(
        [
            Assignment(task_id=t, unit_id=u, role=role, via_group_id=via, received_on=on)
            for (t, u), (role, via) in wanted.items()
            if (t, u) not in have
        ]
    )
    for a in Assignment.objects.filter(pk__in=[a.pk for a in created]).select_related("task", "unit"):
        for person in _unit_people(a.unit_id):
            notify(
                user=person,
                unit=a.unit,
                text=_("Kế hoạch %(ref)s giao thêm nhiệm vụ %(code)s cho %(unit)s.")
                % {"ref": plan.doc_number or plan.title[:80], "code": a.task.code, "unit": a.unit.name},
                url=f"/ke-hoach/phan-cong/{a.pk}/",
                key=f"assigned:{a.pk}:{person.pk}",
                email=True,
            )
    return created


@transaction.atomic
def plan_issue(*, plan: Plan, user: User, on: date | None = None) -> dict[str, int]:
    """Issue a draft: every unit reference becomes assignments (a group: one per member unit, lead kept over
    coordinate when a unit is named twice). Returns counts."""
    if not access.can_review(user, plan):
        raise PermissionDenied(_("Bạn không có quyền ban hành kế hoạch này."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise DomainError("not_draft", gettext_lazy("Chỉ ban hành được kế hoạch ở trạng thái dự thảo."))
    on = on or timezone.localdate()
    unresolved = unresolved_references(plan)
    if unresolved:
        raise DomainError(
            "unresolved_references",
            gettext_lazy("Còn %(n)s tên đơn vị chưa xác định: %(names)s"),
            n=len(unresolved),
            names="; ".join(r["text"] for r in unresolved[:5]),
        )
    if not plan.tasks.exists():
        raise DomainError("no_tasks", gettext_lazy("Kế hoạch chưa có nhiệm vụ nào."))
    _check_number_free(plan)
    wanted = _wanted_assignments(plan, TaskUnit.objects.filter(task__plan=plan), on)
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
    try:
        with transaction.atomic():
            plan.save(update_fields=["status", "issued_at", "issued_by", "issue_date", "updated_at"])
    except IntegrityError:
        # Two plans with one number issued at the same moment: the check above passed for both; the second is
        # refused here by the one-number constraint, with the same message, once the first is in force.
        _check_number_free(plan)
        raise
    from .notifications import notify_plan_issued

    notices = notify_plan_issued(plan)
    return {"assignments": len(wanted), "units": len({u for (_t, u) in wanted}), "notices": notices}


def _check_number_free(plan: Plan) -> None:
    """No other plan of the issuer and year in force under the same số/ký hiệu."""
    twin = same_number_plans(plan).filter(status__in=[Plan.Status.ISSUED, Plan.Status.CLOSED]).first()
    if twin is not None:
        raise DomainError(
            "duplicate_number",
            gettext_lazy(
                "Đã có kế hoạch số %(number)s của %(issuer)s năm %(year)s được ban hành (mã %(pk)s); "
                "mỗi số, ký hiệu chỉ dùng một lần trong năm."
            ),
            number=plan.doc_number,
            issuer=plan.issuer.name,
            year=plan.year,
            pk=twin.pk,
        )


def same_number_plans(plan: Plan) -> QuerySet[Plan]:
    """Other plans of the same issuer and year with the same số/ký hiệu (compared without spaces or case)."""
    number = "".join((plan.doc_number or "").split())
    if not number:
        return Plan.objects.none()
    return Plan.objects.filter(issuer_id=plan.issuer_id, year=plan.year, doc_number__iexact=number).exclude(
        pk=plan.pk
    )


@transaction.atomic
def plan_close(*, plan: Plan, user: User) -> Plan:
    if not access.can_review(user, plan):
        raise PermissionDenied(_("Bạn không có quyền kết thúc kế hoạch này."))
    if plan.status != Plan.Status.ISSUED:
        raise DomainError("not_issued", gettext_lazy("Chỉ kết thúc được kế hoạch đã ban hành."))
    plan.status = Plan.Status.CLOSED
    plan.save(update_fields=["status", "updated_at"])
    return plan
