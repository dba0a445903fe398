"""Who may see and do what with plans, built on :mod:`cchc.orgs.scope` (the one place access is decided).

- A plan is visible to whoever sees its issuing unit, and to the units it assigns tasks to (their own rows only).
- A plan is edited, issued and its reports accepted or returned by whoever manages its issuer (the coordinator
  of that subtree, or an administrator). A unit head may also edit the implementing plans of their own unit.
- An assignment's progress is reported by whoever may enter data for its unit; it is confirmed by a head of the
  unit (or of a unit above it holding the unit in their data scope; while the unit has no head account, by a
  coordinator managing it) and reviewed by the plan's coordinator.
- Conflicts of interest (``cchc.orgs.scope.has_conflict_of_interest``): nobody confirms a report they wrote, and
  nobody accepts or returns a report they wrote or one of a unit they belong to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cchc.orgs.models import Role as OrgRole
from cchc.orgs.scope import approves_as_coordinator, has_conflict_of_interest, scope_for

from .models import Assignment, Plan, ProgressUpdate, ReminderLetter, Task

if TYPE_CHECKING:
    from cchc.accounts.models import User


def visible_plans(user: User) -> QuerySet[Plan]:
    scope = scope_for(user)
    if scope.is_admin:
        return Plan.objects.all()
    reached = Assignment.objects.filter(task__plan=OuterRef("pk")).filter(scope.view.q("unit__"))
    return Plan.objects.filter(
        Q(scope.view.q("issuer__")) | (Q(Exists(reached)) & ~Q(status=Plan.Status.DRAFT))
    )


def can_see_plan_in_full(user, plan: Plan) -> bool:
    return scope_for(user).view.contains(plan.issuer)


def can_edit_plan(user, plan: Plan) -> bool:
    scope = scope_for(user)
    return scope.manage.contains(plan.issuer) or scope.is_head_of(plan.issuer)


def can_review(user, plan: Plan) -> bool:
    """Accept or return progress reports, issue, close: the coordinator over the issuer."""
    return scope_for(user).manage.contains(plan.issuer) or can_edit_plan(user, plan)


def can_issue_plans_for(user, unit) -> bool:
    scope = scope_for(user)
    return scope.manage.contains(unit) or scope.is_head_of(unit)


def can_report(user, assignment: Assignment) -> bool:
    return scope_for(user).data.contains(assignment.unit)


def can_confirm(user, assignment: Assignment) -> bool:
    scope = scope_for(user)
    if scope.is_admin:
        return True
    unit = assignment.unit
    # A head of the unit, or of a unit above it whose data scope holds it.
    if scope.is_head_of(unit) or scope.units_with(OrgRole.HEAD, over="data").contains(unit):
        return True
    return approves_as_coordinator(user, unit)


def can_confirm_update(user, update: ProgressUpdate) -> bool:
    """Confirm this report: a head of its unit (or the stand-in coordinator), never the person who wrote it."""
    return can_confirm(user, update.assignment) and not has_conflict_of_interest(
        user, update.assignment.unit, author_id=update.author_id, outgoing=True
    )


def can_review_update(user, update: ProgressUpdate) -> bool:
    """Accept or return this report: the plan's coordinator, unless they wrote it or belong to the reporting unit."""
    return can_review(user, update.assignment.task.plan) and not has_conflict_of_interest(
        user, update.assignment.unit, author_id=update.author_id
    )


def get_plan_for_user(user, pk, *, write: bool = False) -> Plan:
    plan = visible_plans(user).select_related("issuer", "parent_plan").filter(pk=pk).first()
    if plan is None:
        raise Http404(_("Không tìm thấy kế hoạch."))
    if write:
        check_edited_here(plan)
        if not can_edit_plan(user, plan):
            raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    return plan


def check_edited_here(plan: Plan) -> None:
    """The plans pages and services never edit an inspection plan or its tasks (its visits): the inspections module
    does, keeping visits, checklists and tasks together."""
    if plan.is_inspection_plan:
        raise PermissionDenied(
            _(
                "Đây là kế hoạch kiểm tra: thông tin kế hoạch và các cuộc kiểm tra chỉ được sửa, ban hành trong mục "
                "Kiểm tra."
            )
        )


def get_task_for_user(user, pk) -> Task:
    task = Task.objects.select_related("plan", "plan__issuer", "section").filter(pk=pk).first()
    if task is None:
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    get_plan_for_user(user, task.plan_id)
    return task


def visible_assignments(user: User, qs: QuerySet[Assignment] | None = None) -> QuerySet[Assignment]:
    """Assignments a user sees: their units' (view scope), or all of the plans whose issuer they see."""
    scope = scope_for(user)
    qs = qs if qs is not None else Assignment.objects.all()
    if scope.is_admin:
        return qs
    return qs.filter(Q(scope.view.q("unit__")) | Q(scope.view.q("task__plan__issuer__")))


def assignments_in_visible_plans(user: User, tasks: QuerySet[Task] | None = None) -> QuerySet[Assignment]:
    """``visible_assignments`` of the plans the user sees (``visible_plans``), optionally of ``tasks`` only, as a
    filter on the assignment table alone: the task ids (a small table) are read first, so a long list is counted
    and paged without joining every row to its task and plan (the open API's ``/assignments``). Same rows as the
    web's rule: every assignment of a plan whose issuer the user sees, and the user's units' own in the other plans
    they see (not drafts)."""
    scope = scope_for(user)
    if scope.is_admin:
        if tasks is None:
            return Assignment.objects.all()
        return Assignment.objects.filter(task_id__in=sorted(tasks.values_list("pk", flat=True)))
    tasks = tasks if tasks is not None else Task.objects.all()
    seen = set(tasks.filter(plan__in=visible_plans(user).values("pk")).values_list("pk", flat=True))
    whole = set(tasks.filter(scope.view.q("plan__issuer__")).values_list("pk", flat=True))
    partial = seen - whole
    q = Q(task_id__in=sorted(whole)) if whole else Q(pk__in=[])
    if partial:
        q |= Q(task_id__in=sorted(partial)) & scope.view.q("unit__")
    return Assignment.objects.filter(q)


def get_assignment_for_user(user, pk, *, report: bool = False) -> Assignment:
    a = (
        visible_assignments(
            user,
            Assignment.objects.select_related(
                "task", "task__plan", "task__plan__issuer", "unit", "via_group"
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if a is None:
        raise Http404(_("Không tìm thấy phân công."))
    if report and not can_report(user, a):
        raise PermissionDenied(_("Bạn không có quyền báo cáo cho đơn vị này."))
    return a


def get_update_for_user(user, pk) -> ProgressUpdate:
    update = (
        ProgressUpdate.objects.select_related(
            "assignment",
            "assignment__unit",
            "assignment__task",
            "assignment__task__plan",
            "assignment__task__plan__issuer",
        )
        .filter(pk=pk)
        .first()
    )
    if update is None:
        raise Http404(_("Không tìm thấy báo cáo."))
    get_assignment_for_user(user, update.assignment_id)
    return update


def get_letter_for_user(user, pk, *, write: bool = False) -> ReminderLetter:
    """A reminder letter: the plan's coordinators see and send it; the unit it is addressed to sees it once sent."""
    letter = (
        ReminderLetter.objects.select_related("plan", "plan__issuer", "unit", "document")
        .filter(pk=pk)
        .first()
    )
    if letter is None:
        raise Http404(_("Không tìm thấy văn bản đôn đốc."))
    coordinator = can_review(user, letter.plan)
    if not coordinator and not (letter.sent_at and scope_for(user).view.contains(letter.unit)):
        raise Http404(_("Không tìm thấy văn bản đôn đốc."))
    if write and not coordinator:
        raise PermissionDenied(_("Chỉ đầu mối của kế hoạch gửi được văn bản đôn đốc."))
    return letter
