"""The ``plan_tasks`` figure source over the plans module's assignments (skipped when that module lacks them)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cchc.orgs.models import OrgUnit
from cchc.reports import figures
from cchc.reports.sources import plans as plan_source

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not plan_source._plans_ready(), reason="cchc.plans has no Assignment model yet"),
]


def test_due_on_time_late_and_overdue_in_the_window(org):
    from cchc.plans.models import Assignment, Plan, Task

    today = timezone.localdate()
    start, end = today - timedelta(days=90), today + timedelta(days=30)
    plan = Plan.objects.create(issuer=org.city, title="Kế hoạch CCHC", year=today.year, status="issued")
    draft = Plan.objects.create(issuer=org.city, title="Dự thảo", year=today.year, status="draft")

    def assign(deadline, status, completed=None, unit=org.ward, p=plan):
        task = Task.objects.create(plan=p, content="Nhiệm vụ", deadline_end=deadline)
        Assignment.objects.create(task=task, unit=unit, role="lead", status=status, completed_on=completed)

    d = today - timedelta(days=10)
    assign(d, "done", d - timedelta(days=1))  # on time
    assign(d, "done", None)  # on time (no date)
    assign(d, "done", d + timedelta(days=2))  # late
    assign(d, "done_late", d + timedelta(days=3))  # late
    assign(d, "in_progress")  # overdue
    assign(d, "not_done")  # overdue
    assign(today + timedelta(days=5), "in_progress")  # due in the window, not yet overdue
    assign(start - timedelta(days=1), "in_progress")  # outside the window
    assign(d, "in_progress", p=draft)  # a draft plan does not count
    assign(d, "done", d, unit=org.sibling)

    out = plan_source.plan_task_figures(
        OrgUnit.objects.filter(pk__in=[org.ward.pk, org.sibling.pk, org.pv01.pk]), start, end
    )
    assert out[org.ward.pk] == {"due": 7, "done_on_time": 2, "done_late": 2, "overdue": 2}
    assert out[org.sibling.pk] == {"due": 1, "done_on_time": 1, "done_late": 0, "overdue": 0}
    assert out[org.pv01.pk] == {"due": 0, "done_on_time": 0, "done_late": 0, "overdue": 0}


def test_registered_at_start_up():
    assert figures.SOURCES.get("plan_tasks") is not None


def test_window_dates_are_inclusive(org):
    from cchc.plans.models import Assignment, Plan, Task

    plan = Plan.objects.create(issuer=org.city, title="KH", year=2026, status="issued")
    for day in (date(2026, 6, 15), date(2026, 9, 14)):
        task = Task.objects.create(plan=plan, content="NV", deadline_end=day)
        Assignment.objects.create(task=task, unit=org.ward, role="lead", status="done", completed_on=day)
    out = plan_source.plan_task_figures(
        OrgUnit.objects.filter(pk=org.ward.pk), date(2026, 6, 15), date(2026, 9, 14)
    )
    assert out[org.ward.pk]["due"] == 2 and out[org.ward.pk]["done_on_time"] == 2
