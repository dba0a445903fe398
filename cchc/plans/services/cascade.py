"""Implementing plans of the receiving units: creating them and following their state."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.core.locks import lock_fresh
from cchc.core.text import fold
from cchc.orgs.models import OrgUnit

from .. import access
from ..models import Assignment, Plan, Role, Section, Task, TaskUnit


def _cascade_title(parent_title: str) -> str:
    """The implementing plan's title: "Thực hiện …" once, even when the parent's title already starts with it."""
    from cchc.core.text import fold

    title = (parent_title or "").strip()
    if fold(title).startswith("thuc hien "):
        return title
    return _("Thực hiện %(title)s") % {"title": title[:1].lower() + title[1:]}


@transaction.atomic
def plan_cascade(*, parent: Plan, unit: OrgUnit, user: User) -> Plan:
    """The receiving unit's implementing plan: a draft holding a copy of every task assigned to ``unit``, each
    linked to the task it implements, led by the unit itself. Returns the existing one if there is one."""
    lock_fresh(parent)  # two requests at once make one implementing plan: the second finds the first's
    if not access.can_issue_plans_for(user, unit):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch cho đơn vị này."))
    if parent.status == Plan.Status.DRAFT:
        raise DomainError("parent_not_issued", gettext_lazy("Kế hoạch cấp trên chưa ban hành."))
    existing = Plan.objects.filter(parent_plan=parent, issuer=unit).first()
    if existing is not None:
        return existing
    assignments = list(
        Assignment.objects.filter(task__plan=parent, unit=unit)
        .select_related("task", "task__section")
        .order_by("task__order")
    )
    if not assignments:
        raise DomainError(
            "nothing_assigned", gettext_lazy("Đơn vị không được giao nhiệm vụ nào trong kế hoạch này.")
        )
    plan = Plan.objects.create(
        issuer=unit,
        issuer_name=unit.name,
        title=_cascade_title(parent.title),
        year=parent.year,
        basis=_("Thực hiện Kế hoạch số %(no)s ngày %(d)s của %(who)s")
        % {
            "no": parent.doc_number or "…",
            "d": parent.issue_date.strftime("%d/%m/%Y") if parent.issue_date else "…",
            "who": parent.issuer_name or parent.issuer.name,
        },
        parent_plan=parent,
        report_period=parent.report_period,
        created_by=user,
    )
    plan.implements.add(parent)
    sections: dict[int | None, Section | None] = {None: None}
    for order, a in enumerate(assignments):
        src = a.task
        # A task without a section has section_id None, which ``sections`` holds from the start.
        if src.section_id not in sections and src.section is not None:
            sections[src.section_id] = Section.objects.create(
                plan=plan, code=src.section.code, title=src.section.title, order=len(sections)
            )
        task = Task.objects.create(
            plan=plan,
            section=sections[src.section_id],
            parent_task=src,
            code=src.code,
            order=order,
            content=src.content,
            product=src.product,
            target=src.target,
            notes=(_("Đơn vị phối hợp") if a.role == Role.COORDINATE else ""),
            deadline_text=src.deadline_text,
            deadline_kind=src.deadline_kind,
            deadline_start=src.deadline_start,
            deadline_end=src.deadline_end,
        )
        TaskUnit.objects.create(task=task, role=Role.LEAD, text=unit.short_name or unit.name, unit=unit)
    return plan


CASCADE_STATES = {
    "issued": gettext_lazy("Đã ban hành"),
    "late": gettext_lazy("Ban hành muộn"),
    "overdue": gettext_lazy("Quá hạn, chưa ban hành"),
    "draft": gettext_lazy("Đang dự thảo"),
    "missing": gettext_lazy("Chưa lập"),
}


def cascade_status(plan: Plan, *, today: date | None = None) -> list[dict[str, Any]]:
    """For each unit that received tasks: its implementing plan, when it was issued, when it was due, late or not."""
    from datetime import timedelta

    today = today or timezone.localdate()
    unit_ids = Assignment.objects.filter(task__plan=plan).values("unit_id").distinct()
    units = OrgUnit.objects.filter(pk__in=unit_ids).order_by("path")
    children = {p.issuer_id: p for p in Plan.objects.filter(parent_plan=plan)}
    received = plan.issued_at.date() if plan.issued_at else plan.issue_date
    # A fixed date ("trước ngày 24/01/2025") or N days from receiving the plan.
    due = plan.subplan_due or (
        received + timedelta(days=plan.subplan_days) if plan.subplan_days and received else None
    )
    rows = []
    for unit in units:
        child = children.get(unit.pk)
        issued_on = timezone.localtime(child.issued_at).date() if child and child.issued_at else None
        if issued_on:
            state = "late" if due and issued_on > due else "issued"
        elif due and today > due:
            state = "overdue"
        else:
            state = "draft" if child else "missing"
        rows.append({"unit": unit, "plan": child, "issued_on": issued_on, "due": due, "state": state})
    return rows


def cascade_filter(rows: list[dict[str, Any]], *, text: str = "", state: str = "") -> list[dict[str, Any]]:
    """The rows of :func:`cascade_status` whose unit (code or name, accents ignored) contains every word of
    ``text``, in ``state`` when it is one of ``CASCADE_STATES``."""
    words = fold(text).split()
    if words:
        rows = [r for r in rows if all(w in fold(f"{r['unit'].code} {r['unit'].name}") for w in words)]
    if state in CASCADE_STATES:
        rows = [r for r in rows if r["state"] == state]
    return rows


def cascade_summary(rows: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """(state, label, number of units) for each state some unit is in, in the order of ``CASCADE_STATES``."""
    counts = Counter(r["state"] for r in rows)
    return [(k, str(label), counts[k]) for k, label in CASCADE_STATES.items() if counts[k]]
