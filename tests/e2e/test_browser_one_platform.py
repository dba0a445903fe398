"""Browser: the leader's home page lists the overdue work of the units in their scope, and a number opens the records
behind it (issue 13)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_sees_overdue_tasks_and_opens_them(page, live_server, org, personas):
    from cchc.plans.models import Assignment, Plan, Task

    today = timezone.localdate()
    plan = Plan.objects.create(issuer=org.city, title="KH CCHC", year=today.year, status="issued")
    for unit in (org.ward, org.sibling):
        task = Task.objects.create(
            plan=plan, content=f"Rà soát TTHC {unit.code}", deadline_end=today - timedelta(days=2)
        )
        Assignment.objects.create(task=task, unit=unit, role="lead", status="in_progress")
    base = live_server.url
    sign_in(page, base, "lanhdao")
    item = page.get_by_role(
        "link", name="2 nhiệm vụ kế hoạch CCHC quá hạn chưa hoàn thành trong phạm vi theo dõi"
    )
    expect(item).to_be_visible()
    item.click()
    expect(page.get_by_role("heading", name="Nhiệm vụ quá hạn chưa hoàn thành")).to_be_visible()
    expect(page.locator("table.drill tbody tr")).to_have_count(2)
    expect(page.locator("main")).to_contain_text("Rà soát TTHC HP.CAP.A")
