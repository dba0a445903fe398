"""Implementing plans roll up: a unit that carries out a task of a parent plan through its own plan reports once.

When progress on a task of the unit's implementing plan is accepted, and that task names the parent plan's task it
carries out (``Task.parent_task``), the unit's own assignment of the parent task takes the combined progress of every
task of the unit's plans that carries out the same parent task (their lead assignments): the average percentage;
"Hoàn thành" when all are done (late when one was late or the last one came after the parent task's deadline); else
"Đang thực hiện" once anything moved. The change is recorded on the parent assignment as an accepted report naming
the implementing plan, so the link shows on both sides. Only the issuing unit's own assignment is touched.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import User

from ..models import DONE_STATUSES, Assignment, Plan, ProgressUpdate, Role, Status


def roll_up_to_parent(*, update: ProgressUpdate, actor: User) -> Assignment | None:
    task = update.assignment.task
    if task.parent_task_id is None:
        return None
    issuer_id = task.plan.issuer_id
    parent = (
        Assignment.objects.select_for_update()
        .filter(task_id=task.parent_task_id, unit_id=issuer_id)
        .select_related("task")
        .first()
    )
    if parent is None:
        return None
    parts = list(
        Assignment.objects.filter(
            task__parent_task_id=task.parent_task_id,
            task__plan__issuer_id=issuer_id,
            task__plan__status__in=[Plan.Status.ISSUED, Plan.Status.CLOSED],
            role=Role.LEAD,
        )
    )
    if not parts:
        return None
    percent = round(sum(a.percent for a in parts) / len(parts))
    if all(a.status in DONE_STATUSES for a in parts):
        completed = max((a.completed_on for a in parts if a.completed_on), default=None)
        due = parent.task.deadline_end
        late = any(a.status == Status.DONE_LATE for a in parts) or bool(due and completed and completed > due)
        status = Status.DONE_LATE if late else Status.DONE
        percent = 100
    elif percent > 0 or any(a.status != Status.NOT_STARTED for a in parts):
        status, completed = Status.IN_PROGRESS, None
    else:
        return None
    if (parent.status, parent.percent, parent.completed_on) == (status, percent, completed):
        return parent
    parent.status, parent.percent, parent.completed_on = status, percent, completed
    parent.save(update_fields=["status", "percent", "completed_on", "updated_at"])
    plan = task.plan
    ProgressUpdate.objects.create(
        assignment=parent,
        author=update.author,
        text=_("Tổng hợp từ kế hoạch thực hiện %(plan)s, nhiệm vụ %(code)s: %(text)s")
        % {"plan": plan.doc_number or plan.title[:120], "code": task.code, "text": update.text},
        status=status,
        percent=percent,
        period=update.period,
        state=ProgressUpdate.State.ACCEPTED,
        confirmed_by=update.confirmed_by,
        confirmed_at=update.confirmed_at,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_comment=_("Cập nhật tự động từ kế hoạch thực hiện của đơn vị."),
    )
    return parent
