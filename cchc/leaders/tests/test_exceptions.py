"""The exceptions first: each count equals the list it opens (built by the same query), under the unit and period
asked for, and nothing of another organisation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import member, person

pytestmark = pytest.mark.django_db

EXPECTED = {"tasks": 2, "dossiers": 3, "pakn": 2, "findings": 1}


def unsent(units, date_from, date_to):
    """Reports never sent whose due date (in the period) has passed, counted straight from the reports' rows."""
    from cchc.reports.models import Submission

    today = timezone.localdate()
    return Submission.objects.filter(
        unit__in=units, first_submitted_at__isnull=True, period__due__gte=date_from, period__due__lte=date_to,
        period__due__lt=today,
    ).count()  # fmt: skip


def _counted(client, url):
    r = client.get(url)
    assert r.status_code == 200, url
    if "listing" in r.context:
        return r.context["listing"].count
    return r.context["page"].paginator.count


def test_every_exception_opens_its_records(org, personas, login, overdue):
    c = login(personas.leader)
    r = c.get("/lanh-dao/")
    assert r.status_code == 200
    found = {e.key: e for e in r.context["b"].exceptions}
    today = timezone.localdate()
    reports = unsent([org.ward, org.sibling], date(today.year, 1, 1), today)
    assert reports >= 2
    assert {k: e.count for k, e in found.items()} == {**EXPECTED, "reports": reports}
    for key, e in found.items():
        assert _counted(c, e.url) == e.count, key
        assert e.url in r.content.decode().replace("&amp;", "&")


def test_the_unit_filter_narrows_every_exception(org, personas, login, overdue):
    c = login(personas.leader)
    today = timezone.localdate()
    found = {e.key: e.count for e in c.get("/lanh-dao/?unit=HP.CAP.B").context["b"].exceptions}
    # ward B: one task, its reports; its PAKN is on time
    assert found == {"tasks": 1, "reports": unsent([org.sibling], date(today.year, 1, 1), today)}
    found = {e.key: e.count for e in c.get("/lanh-dao/?unit=HP.PC06").context["b"].exceptions}
    assert found == {}


def test_the_period_filter_applies_to_every_exception(org, personas, login, overdue):
    c = login(personas.leader)
    today = timezone.localdate()
    long_ago = (today - timedelta(days=400)).strftime("%d/%m/%Y")
    before = (today - timedelta(days=300)).strftime("%d/%m/%Y")
    assert c.get(f"/lanh-dao/?from={long_ago}&to={before}").context["b"].exceptions == []
    recent = (today - timedelta(days=5)).strftime("%d/%m/%Y")
    found = {e.key: e.count for e in c.get(f"/lanh-dao/?from={recent}").context["b"].exceptions}
    # due (tasks 3 days ago, reports 4 days ago) in the period; dossiers, PAKN received and the finding due before it
    assert found == {"tasks": 2, "reports": unsent([org.ward, org.sibling], today - timedelta(days=5), today)}


def test_another_organisations_leader_sees_none_of_it(org, overdue, login):
    from cchc.core import drill

    stranger = member(person("lanhdao.ubhp"), org.other_city, "leader")
    c = login(stranger)
    assert c.get("/lanh-dao/").context["b"].exceptions == []
    url = drill.url("leaders_overdue_tasks", org.city, date(2020, 1, 1), timezone.localdate())
    assert c.get(url).status_code == 404
    url = drill.url("leaders_late_reports", org.ward, date(2020, 1, 1), timezone.localdate())
    assert c.get(url).status_code == 404


def test_the_counts_are_the_same_from_the_page_s_figures_or_alone(org, personas, monkeypatch, overdue):
    """Uncached, the PAKN overdue count is added up from the counts the 766 board read (no query of its own) and the
    findings are counted per set of clock inputs in SQL; with the subtree's figures cached, the PAKN ids are
    counted: the same figures, and the same as the lists they open."""
    from django.core.cache import cache

    import cchc.pakn.indicators as pakn_indicators
    from cchc.leaders.exceptions import overdue_findings, overdue_pakn_ids
    from cchc.leaders.selectors import board
    from cchc.orgs.models import OrgUnit

    today = timezone.localdate()
    date_from = date(today.year, 1, 1)
    cache.clear()
    with monkeypatch.context() as m:
        m.setattr(pakn_indicators, "record_ids", lambda *a: pytest.fail("the PAKN ids read again"))
        cold = {e.key: e.count for e in board(personas.leader, org.city, date_from, today).exceptions}
    live = {e.key: e.count for e in board(personas.leader, org.city, date_from, today, live=True).exceptions}
    assert cold == live
    ids = list(OrgUnit.objects.filter(path__startswith=org.city.path).values_list("pk", flat=True))
    assert cold["pakn"] == EXPECTED["pakn"] == len(overdue_pakn_ids(org.city, date_from, today, ids))
    findings = overdue_findings(personas.leader, org.city, date_from, today)
    assert cold["findings"] == EXPECTED["findings"] == len(findings)
