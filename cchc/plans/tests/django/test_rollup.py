"""Implementing plans roll up (issue 13): progress accepted on the unit's own plan updates its assignment of the
parent plan's task, once, and never another unit's."""

from datetime import date

import pytest

from cchc.plans import services
from cchc.plans.models import Assignment, ProgressUpdate, Status

from .helpers import issued_plan
from .test_services import pdf

pytestmark = pytest.mark.django_db


def _child_assignment(org, personas, plan, code="1.1"):
    child = services.plan_cascade(parent=plan, unit=org.ward, user=personas.ward_head)
    services.plan_issue(plan=child, user=personas.ward_head, on=date(2026, 1, 22))
    return Assignment.objects.get(task__plan=child, task__code=code, unit=org.ward)


def _report(personas, a, **kw):
    update = services.progress_submit(
        assignment=a, user=personas.ward_officer, text="Đã hoàn thành rà soát", **kw
    )
    services.progress_confirm(update=update, user=personas.ward_head)
    services.progress_accept(update=update, user=personas.coordinator)
    return update


def test_progress_accepted_on_the_implementing_plan_updates_the_parent_assignment(org, personas):
    plan = issued_plan(org, personas)
    parent = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    others = {
        a.pk: (a.status, a.percent)
        for a in Assignment.objects.filter(task__plan=plan, task__code="1.1").exclude(unit=org.ward)
    }
    a = _child_assignment(org, personas, plan)
    assert a.task.parent_task_id == parent.task_id  # the link, shown on both task pages
    _report(personas, a, status="in_progress", percent=40)
    parent.refresh_from_db()
    assert (parent.status, parent.percent) == (Status.IN_PROGRESS, 40)
    _report(personas, a, status="done", files=[pdf()])
    parent.refresh_from_db()
    assert parent.status in (Status.DONE, Status.DONE_LATE) and parent.percent == 100
    assert parent.completed_on is not None
    rolled = parent.updates.filter(state=ProgressUpdate.State.ACCEPTED).order_by("-created_at").first()
    assert rolled is not None and "kế hoạch thực hiện" in rolled.text
    # cross-unit: the other units' assignments of the same parent task are untouched
    for other in Assignment.objects.filter(pk__in=list(others)):
        assert (other.status, other.percent) == others[other.pk]


def test_a_task_without_a_parent_task_changes_nothing_upstream(org, personas):
    plan = issued_plan(org, personas)
    a = _child_assignment(org, personas, plan)
    a.task.parent_task = None
    a.task.save()
    before = list(Assignment.objects.filter(task__plan=plan).values_list("pk", "status", "percent"))
    _report(personas, a, status="in_progress", percent=70)
    assert list(Assignment.objects.filter(task__plan=plan).values_list("pk", "status", "percent")) == before
