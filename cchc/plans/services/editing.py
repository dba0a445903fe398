"""Editing a plan: its fields, its tasks and their unit references."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core import versioning
from cchc.core.errors import DomainError
from cchc.core.locks import lock_fresh
from cchc.core.text import fold, nfc
from cchc.orgs.models import OrgUnit, UnitGroup
from cchc.orgs.scope import scope_for

from .. import access
from ..deadlines import parse_deadline
from ..models import Plan, Role, Section, Task, TaskUnit
from ..resolve import Resolver, parse_allowed_target
from .imports import remember_mapping

UNCHANGED: Any = object()  # task_save(measure=…) not given: the task keeps its target


def split_units(text: str) -> list[str]:
    """ "PV01; Công an các đơn vị, địa phương" (one per line or separated by ";") → entries."""
    parts: list[str] = []
    for line in (text or "").replace("\r", "").split("\n"):
        parts.extend(p for p in line.split(";"))
    return [nfc(p) for p in parts if nfc(p)]


PLAN_FIELDS = (
    "doc_number",
    "issue_date",
    "issuer_name",
    "title",
    "year",
    "basis",
    "report_period",
    "subplan_days",
    "subplan_due",
)


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    user: User,
    implements: list[Plan] | None = None,
    expected_version: int | None = None,
    **fields: object,
) -> Plan:
    # Issuing and closing change the status without moving the edit version: the save below writes the whole
    # row, so it starts from the row as it is now (under its lock), never from the status the form loaded.
    lock_fresh(plan)
    access.check_edited_here(plan)
    if not access.can_edit_plan(user, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    mine = {**fields, "implements": implements} if implements is not None else fields
    versioning.claim(plan, expected_version, mine=mine)
    if plan.status == Plan.Status.CLOSED:
        raise DomainError("plan_closed", gettext_lazy("Kế hoạch đã kết thúc, không sửa được."))
    for key, value in fields.items():
        if key not in PLAN_FIELDS:
            raise ValueError(key)
        setattr(plan, key, value)
    if not nfc(plan.title):
        raise DomainError("title_required", gettext_lazy("Cần nhập trích yếu của kế hoạch."), field="title")
    plan.save()
    if implements is not None:
        plan.implements.set([p for p in implements if p.pk != plan.pk])
    return plan


def _ref_changes(
    task: Task, lead: list[str] | None, coordinate: list[str] | None
) -> Callable[[datetime | None], list[versioning.Change]]:
    """For a refused stale save: the task's units someone else changed since, beside those the editor typed."""

    def changes(since: datetime | None) -> list[versioning.Change]:
        from django.db.models import Q

        from cchc.audit.models import AuditEvent

        if since is None:
            return []
        events = AuditEvent.objects.filter(
            Q(new__task_id=task.pk) | Q(old__task_id=task.pk), table_name="plans_taskunit", at__gte=since
        )
        roles = {(e.new or e.old or {}).get("role") for e in events}
        out = []
        for role, typed in ((Role.LEAD, lead), (Role.COORDINATE, coordinate)):
            if role in roles:
                now = list(task.unit_refs.filter(role=role).order_by("order").values_list("text", flat=True))
                label = _("Đơn vị chủ trì") if role == Role.LEAD else _("Đơn vị phối hợp")
                yours = "; ".join(typed) or "—" if typed is not None else None
                out.append(versioning.Change(label, "; ".join(now) or "—", yours))
        return out

    return changes


def _set_refs(task: Task, role: str, texts: list[str], resolver: Resolver) -> None:
    TaskUnit.objects.filter(task=task, role=role).delete()
    rows = []
    for i, text in enumerate(texts):
        res = resolver.resolve(text)
        if res.text:
            rows.append(
                TaskUnit(task=task, role=role, text=res.text[:500], unit=res.unit, group=res.group, order=i)
            )
    TaskUnit.objects.bulk_create(rows)


def _added_refs(
    task: Task | None, plan: Plan, lead: list[str] | None, coordinate: list[str] | None
) -> list[TaskUnit]:
    """Unit references typed for a task of an issued plan that it does not hold yet (unsaved, resolved)."""
    resolver = Resolver(plan.issuer)
    have = {(r.role, fold(r.text)) for r in task.unit_refs.all()} if task is not None and task.pk else set()
    start = len(have)
    out: list[TaskUnit] = []
    for role, texts in ((Role.LEAD, lead), (Role.COORDINATE, coordinate)):
        for text in texts or []:
            res = resolver.resolve(text)
            if not res.text or (role, fold(res.text)) in have:
                continue
            have.add((role, fold(res.text)))
            out.append(
                TaskUnit(
                    task=task,
                    role=role,
                    text=res.text[:500],
                    unit=res.unit,
                    group=res.group,
                    order=start + len(out),
                )
            )
    return out


@transaction.atomic
def task_save(
    *,
    plan: Plan,
    user: User,
    task: Task | None = None,
    content: str,
    code: str = "",
    section: Section | None = None,
    product: str = "",
    target: str = "",
    measure: Any = UNCHANGED,
    leader: str = "",
    notes: str = "",
    deadline_text: str = "",
    lead: list[str] | None = None,
    coordinate: list[str] | None = None,
    expected_version: int | None = None,
    confirm_assign: bool = False,
) -> Task:
    """Add or edit a task of a plan. On an issued plan, units added to a task (a new task's units) are assigned
    at once and told — after the editor confirmed it (``confirm_assign``; else ``DomainError("confirm_assign")``
    names them); units already assigned keep their assignments and reports.

    ``expected_version``: the task's version the editor loaded; a save on a stale copy raises ``StaleEdit``."""
    # The plan's lock first (then the task's, in ``claim``, the order issuing takes them in): a task saved while
    # the plan is being issued sees it issued (its units are assigned), and new tasks are numbered in turn.
    lock_fresh(plan)
    access.check_edited_here(plan)
    if not access.can_edit_plan(user, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    if task is not None:
        mine = {"code": code, "section": section, "content": content, "product": product, "target": target,
                "leader": leader, "notes": notes, "deadline_text": deadline_text}  # fmt: skip
        versioning.claim(task, expected_version, mine=mine, children=_ref_changes(task, lead, coordinate))
    if plan.status == Plan.Status.CLOSED:
        raise DomainError("plan_closed", gettext_lazy("Kế hoạch đã kết thúc, không sửa được."))
    if not nfc(content):
        raise DomainError("content_required", gettext_lazy("Cần nhập nội dung nhiệm vụ."), field="content")
    added: list[TaskUnit] = []
    if plan.status == Plan.Status.ISSUED:
        added = _added_refs(task, plan, lead, coordinate)
        unknown = [r.text for r in added if r.unit_id is None and r.group_id is None]
        if unknown:
            raise DomainError(
                "unknown_units",
                gettext_lazy("Chưa xác định được đơn vị: %(names)s. Hãy ghi mã hoặc tên đúng của đơn vị."),
                names="; ".join(unknown[:5]),
            )
        if added and not confirm_assign:
            raise DomainError(
                "confirm_assign",
                gettext_lazy(
                    "Kế hoạch đã ban hành: nhiệm vụ sẽ được giao ngay cho %(names)s và các đơn vị được thông báo. "
                    "Hãy đánh dấu ô xác nhận rồi lưu lại."
                ),
                names="; ".join(r.text for r in added[:8]),
            )
    if task is None:
        last = plan.tasks.order_by("-order").values_list("order", flat=True).first()
        task = Task(plan=plan, order=(last or 0) + 1)
    deadline = parse_deadline(deadline_text, plan.year)
    task.code = nfc(code)[:32]
    task.section = section
    task.content = nfc(content)
    task.product = nfc(product)
    task.target = nfc(target)[:500]
    if measure is not UNCHANGED:
        if measure is not None and not scope_for(user).view.contains(measure.unit):
            raise PermissionDenied(_("Bạn không xem được chỉ tiêu này."))
        if measure is not None and measure.year != plan.year:
            raise DomainError(
                "measure_year", gettext_lazy("Chỉ tiêu phải cùng năm với kế hoạch."), field="measure"
            )
        task.measure = measure
    task.leader = nfc(leader)[:255]
    task.notes = nfc(notes)
    task.deadline_text = nfc(deadline_text)[:500]
    task.deadline_kind = deadline.kind
    task.deadline_start = deadline.start
    task.deadline_end = deadline.end
    task.save()
    if added:
        from .issuing import assign_added_refs

        for ref in added:
            ref.task = task
        TaskUnit.objects.bulk_create(added)
        assign_added_refs(plan=plan, refs=added)
    if plan.status == Plan.Status.DRAFT:
        resolver = Resolver(plan.issuer)
        if lead is not None:
            _set_refs(task, Role.LEAD, lead, resolver)
        if coordinate is not None:
            _set_refs(task, Role.COORDINATE, coordinate, resolver)
    return task


@transaction.atomic
def plan_map_reference(*, plan: Plan, user: User, text: str, target: str, remember: bool = True) -> int:
    """Resolve every still-unresolved reference ``text`` of a draft plan to ``target``; returns how many."""
    access.check_edited_here(plan)
    if not access.can_edit_plan(user, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    obj = parse_allowed_target(target, plan.issuer)
    if obj is None:
        raise DomainError(
            "target_outside_issuer",
            gettext_lazy("Hãy chọn đơn vị hoặc nhóm đơn vị thuộc phạm vi đơn vị ban hành kế hoạch."),
        )
    refs = TaskUnit.objects.filter(task__plan=plan, text=text)
    n = refs.update(
        unit=obj if isinstance(obj, OrgUnit) else None, group=obj if isinstance(obj, UnitGroup) else None
    )
    if remember:
        remember_mapping(text=text, target=target, issuer=plan.issuer)
    return n


class UnresolvedReference(TypedDict):
    """A unit name of a plan's tasks that names no unit or group yet, and how many references use it."""

    text: str
    n: int


def unresolved_references(plan: Plan) -> list[UnresolvedReference]:
    from django.db.models import Count

    return list(
        TaskUnit.objects.filter(task__plan=plan, unit__isnull=True, group__isnull=True)
        .values("text")
        .annotate(n=Count("pk"))
        .order_by("text")
    )
