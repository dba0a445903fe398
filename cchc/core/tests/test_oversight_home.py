"""Every role's home page lists what needs attention in its scope (issue 13): leaders and appraisers see overdue
tasks, overdue dossiers, missing reports and rounds; each item's count equals the list it opens; nothing outside the
scope."""

from __future__ import annotations

from datetime import date, datetime, timedelta

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


def test_a_unit_falling_in_the_ranking_opens_the_ranking_it_fell_in(org, personas, login):
    """Last month the ward handled all its dossiers on time and its sibling none; this month the reverse: the
    leader's home page says the ward fell from 1st to 2nd, and the item opens this month's ranking of the city's
    units, where the on-time ratios listed put the ward 2nd."""
    from django.core.cache import cache

    from cchc.onestop.importing import import_dossiers
    from cchc.onestop.selectors import month_bounds
    from cchc.onestop.tables import read_table

    load_procedures()
    now = timezone.now()
    this_from, _ = month_bounds(timezone.localdate())
    last_day = timezone.make_aware(datetime.combine(this_from - timedelta(days=20), datetime.min.time()))
    rows = []
    for unit, last_on_time in ((org.ward, True), (org.sibling, False)):
        for month, on_time in (("last", last_on_time), ("this", not last_on_time)):
            finished = last_day + timedelta(hours=10) if month == "last" else now - timedelta(minutes=1)
            received = finished - timedelta(hours=1)
            due = finished + timedelta(days=1) if on_time else finished - timedelta(minutes=30)
            for i in range(2):
                rows.append(
                    {"code": f"HS-{unit.code}-{month}-{i}", "unit_code": unit.code, "procedure_code": "1.001",
                     "channel": "direct", "received_at": received.isoformat(), "due_at": due.isoformat(),
                     "finished_at": finished.isoformat(), "status": "done"}
                )  # fmt: skip
    import_dossiers(read_table(dossiers_csv(rows), "x.csv"))
    cache.clear()
    items = [i for i in items_for(personas.leader) if "tụt hạng" in i.title]
    assert [i.title for i in items] == [f"{org.ward.name} tụt hạng hồ sơ đúng hạn: từ 1 xuống 2"]
    response = login(personas.leader).get(items[0].url)
    assert response.status_code == 200
    assert response.context["unit"] == org.city
    assert (response.context["date_from"], response.context["date_to"]) == (this_from, timezone.localdate())
    ratios = {c["unit"].pk: c["ratio"] for c in response.context["children"] if c["ratio"] is not None}
    assert org.ward.pk in ratios
    assert 1 + sum(1 for r in ratios.values() if r > ratios[org.ward.pk]) == 2  # the rank the item names
    # someone who oversees nothing here gets no such item
    stranger = member(person("lanhdao.ubhp2"), org.other_city, "leader")
    assert not [i for i in items_for(stranger) if "tụt hạng" in i.title]
