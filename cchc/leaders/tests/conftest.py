"""Overdue work of every kind under the city police (ward A), for the leaders' view and its digest."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone


def overdue_world(org: Any, *, today: date | None = None) -> None:
    from cchc.inspections.models import Finding, Visit
    from cchc.inspections.services import default_checklist
    from cchc.onestop.importing import import_dossiers
    from cchc.onestop.tables import read_table
    from cchc.onestop.tests.helpers import dossiers_csv, load_procedures
    from cchc.pakn.tests.test_joined import _record
    from cchc.plans.models import Assignment, Plan, Task
    from cchc.reports.tests.support import make_period

    today = today or timezone.localdate()
    plan = Plan.objects.create(issuer=org.city, title="KH CCHC", year=today.year, status="issued")
    for unit, status in ((org.ward, "in_progress"), (org.sibling, "not_started"), (org.ward, "done")):
        task = Task.objects.create(plan=plan, content="Nhiệm vụ", deadline_end=today - timedelta(days=3))
        Assignment.objects.create(task=task, unit=unit, role="lead", status=status)
    load_procedures()
    received = (timezone.now() - timedelta(days=20)).isoformat()
    due = (timezone.now() - timedelta(days=2)).isoformat()
    rows = [
        {"code": f"HS-{i}", "unit_code": org.ward.code, "procedure_code": "1.001", "channel": "direct",
         "received_at": received, "due_at": due, "status": "processing"}
        for i in range(3)
    ]  # fmt: skip
    import_dossiers(read_table(dossiers_csv(rows), "x.csv"))
    for _i in range(2):  # received 40 days ago, never handled: past every step's limit
        _record(org.ward, received_at=timezone.now() - timedelta(days=40))
    _record(org.sibling)  # received now: on time
    insp_plan = Plan.objects.create(
        issuer=org.city, title="KH kiểm tra", year=today.year, kind="inspection", status="issued"
    )
    visit = Visit.objects.create(
        plan=insp_plan, office=org.city, unit=org.ward, kind="periodic", checklist=default_checklist(),
        planned_from=today - timedelta(days=60), planned_to=today - timedelta(days=59), state="concluded",
        conclusion_date=today - timedelta(days=50), visit_date=today - timedelta(days=59),
    )  # fmt: skip
    Finding.objects.create(
        visit=visit,
        number=1,
        text="Tồn tại",
        request="Khắc phục",
        deadline=today - timedelta(days=10),
        state="open",
    )
    Finding.objects.create(
        visit=visit,
        number=2,
        text="Tồn tại",
        request="Khắc phục",
        deadline=today + timedelta(days=30),
        state="open",
    )
    make_period(org, due=today - timedelta(days=4))  # ward A and ward B never sent it


@pytest.fixture
def overdue(org: Any) -> None:
    overdue_world(org)
