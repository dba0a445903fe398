"""The late list is the indicator's rule (issue 16): one shared SQL rule, filters by unit, procedure and state, days
overdue, and "quá hẹn lại" for a missed re-appointment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.onestop import selectors
from cchc.onestop.importing import import_dossiers
from cchc.onestop.models import ApologyLetter, Dossier
from cchc.onestop.ontime import DossierTimes, is_on_time
from cchc.onestop.tables import read_table

from .helpers import TZ, dossiers_csv, load_procedures

pytestmark = pytest.mark.django_db


def _iso(dt):
    return dt.astimezone(TZ).isoformat(timespec="minutes")


@pytest.fixture
def dossiers(org):
    load_procedures()
    now = timezone.now()
    base = {"unit_code": "HP.CAP.A", "procedure_code": "1.001", "status": "processing"}
    rows = [
        # overdue: due 3 days ago
        {
            **base,
            "code": "L-LATE",
            "received_at": _iso(now - timedelta(days=10)),
            "due_at": _iso(now - timedelta(days=3)),
        },
        # waiting for the citizen after one request made before the due date: the clock stopped — on time
        {
            **base,
            "code": "L-WAIT",
            "status": "supplement",
            "received_at": _iso(now - timedelta(days=10)),
            "due_at": _iso(now - timedelta(days=3)),
            "supplement_requests": "1",
            "supplement_requested_at": _iso(now - timedelta(days=5)),
        },
        # far from due
        {
            **base,
            "code": "L-FAR",
            "received_at": _iso(now - timedelta(hours=2)),
            "due_at": _iso(now + timedelta(days=9)),
        },
        # overdue, another procedure
        {
            **base,
            "code": "L-OTHER",
            "procedure_code": "1.002",
            "received_at": _iso(now - timedelta(days=9)),
            "due_at": _iso(now - timedelta(days=1)),
        },
        # re-appointed, and the new date missed too
        {
            **base,
            "code": "L-AGAIN",
            "received_at": _iso(now - timedelta(days=20)),
            "due_at": _iso(now - timedelta(days=10)),
        },
    ]
    import_dossiers(read_table(dossiers_csv(rows), "late.csv"))
    again = Dossier.objects.get(code="L-AGAIN")
    ApologyLetter.objects.create(
        dossier=again,
        year=now.year,
        number=1,
        reason="x",
        original_due_at=again.due_at,
        new_due_at=now - timedelta(days=2),
        issued_at=now - timedelta(days=11),
    )
    return now


def test_the_late_list_agrees_with_the_indicator_rule(personas, dossiers):
    now = dossiers
    listed = {d.code: d.late_state for d in selectors.late_dossiers(personas.ward_officer, now=now)}
    assert listed == {"L-LATE": "overdue", "L-OTHER": "overdue", "L-AGAIN": "overdue"}
    for d in Dossier.objects.filter(finished_at__isnull=True):
        times = DossierTimes(
            d.received_at,
            d.due_at,
            d.finished_at,
            d.supplement_requests,
            d.supplement_requested_at,
            d.supplement_completed_at,
        )
        assert (listed.get(d.code) == "overdue") == (not is_on_time(times, now)), d.code


def test_filters_days_overdue_and_re_overdue_on_the_page(login, personas, dossiers):
    c = login(personas.ward_officer)
    page = c.get("/mot-cua/tre-han/").content.decode()
    assert "L-WAIT" not in page and "L-LATE" in page and "Lập phiếu" in page
    r = c.get("/mot-cua/tre-han/", {"procedure": "1.002"})
    assert [d.code for d in r.context["page"].object_list] == ["L-OTHER"]
    r = c.get("/mot-cua/tre-han/", {"state": "re_overdue"})
    assert [d.code for d in r.context["page"].object_list] == ["L-AGAIN"]
    assert 'data-testid="re-overdue"' in r.content.decode()
    r = c.get("/mot-cua/tre-han/")
    days = {d.code: d.days_overdue for d in r.context["page"].object_list}
    assert days["L-AGAIN"] >= 6 and days["L-LATE"] >= 1
    assert c.get("/mot-cua/tre-han/", {"export": "xlsx"}).status_code == 200


def test_another_units_late_list_is_not_reachable(login, personas, dossiers):
    c = login(personas.sibling_officer)
    assert c.get("/mot-cua/tre-han/", {"unit": "HP.CAP.A"}).status_code in (403, 404)
    assert list(selectors.late_dossiers(personas.sibling_officer)) == []
