"""Every role's home page lists what needs attention in its scope (issue 13): leaders and appraisers see overdue
tasks, overdue dossiers, missing reports and rounds; each item's count equals the list it opens; nothing outside the
scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cchc.core.attention import items_for
from cchc.onestop.tests.helpers import dossiers_csv, load_procedures
from tests.factories import member, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(org):
    from cchc.onestop.importing import import_dossiers
    from cchc.onestop.tables import read_table
    from cchc.plans.models import Assignment, Plan, Task

    today = timezone.localdate()
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


@pytest.mark.parametrize("who", ["leader", "appraiser"])
def test_leaders_and_appraisers_see_overdue_work_and_each_count_opens_its_list(
    org, personas, login, overdue, who
):
    user = getattr(personas, who)
    items = items_for(user)
    tasks = next(i for i in items if "nhiệm vụ kế hoạch CCHC quá hạn" in i.title)
    dossiers = next(i for i in items if "hồ sơ một cửa quá hạn" in i.title)
    assert (tasks.count, dossiers.count) == (2, 3)
    client = login(user)
    assert client.get(tasks.url).context["listing"].count == tasks.count
    assert client.get(dossiers.url).context["page"].paginator.count == dossiers.count
    home = client.get("/").content.decode()
    assert "Không có việc nào cần chú ý" not in home and tasks.title in home


def test_an_overseer_of_another_organisation_sees_none_of_it(org, overdue, login):
    stranger = member(person("lanhdao.ubhp"), org.other_city, "leader")
    titles = [i.title for i in items_for(stranger)]
    assert not any("quá hạn" in t for t in titles)
    from cchc.core import drill

    url = drill.url("overdue_tasks", org.city, date(2020, 1, 1), timezone.localdate())
    assert login(stranger).get(url).status_code in (403, 404)


def test_staff_keep_their_own_items_not_the_overseers(org, personas, overdue):
    titles = [i.title for i in items_for(personas.ward_officer)]
    assert not any("trong phạm vi theo dõi" in t for t in titles)
