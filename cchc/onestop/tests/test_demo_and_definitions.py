"""The demo loader (idempotent, late dossiers and apology letters included) and the 766 definitions as data."""

import copy
import json
from datetime import timedelta

import pytest
from django.core.management import call_command

from cchc.onestop.definitions766 import DEFAULT_PATH
from cchc.onestop.models import ApologyLetter, Dossier, IndexDefinition, Procedure
from cchc.onestop.unitscore import definitions_on

from .helpers import TZ

pytestmark = pytest.mark.django_db


@pytest.mark.slow  # loads the demo again
def test_demo_is_idempotent_and_complete(demo):
    from cchc.core.demo import load_all

    counts = (Procedure.objects.count(), Dossier.objects.count(), ApologyLetter.objects.count())
    assert counts[0] >= 12 and counts[1] > 10000 and counts[2] > 50
    assert Procedure.objects.filter(is_demo=True).count() == counts[0]
    assert Dossier.objects.filter(finished_at__isnull=True).exists()
    assert Dossier.objects.filter(finished_at__gt=models_f("due_at")).exists()
    load_all()
    assert (Procedure.objects.count(), Dossier.objects.count(), ApologyLetter.objects.count()) == counts


def models_f(name):
    from django.db.models import F

    return F(name)


def test_definitions_are_versioned_records(tmp_path):
    call_command("load_index766")
    row = IndexDefinition.objects.get()
    assert row.version == "766-dvcqg-2026"
    # A rule change is a data change: a new version in force from a date changes the scoring, no code involved.
    doc = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    new = copy.deepcopy(doc["versions"][0])
    new["id"], new["effective_from"] = "766-test-2027", "2027-01-01"
    new["bands"]["levels"][0]["min"] = 95
    for i in new["indicators"]:
        if i["code"] == "REUSED_DIGITIZED_DATA":
            i["scoring"] = {"fn": "thr", "threshold": 50}
    doc["versions"].append(new)
    path = tmp_path / "index766.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    call_command("load_index766", str(path))
    from datetime import date

    assert definitions_on(date(2026, 12, 31)).id == "766-dvcqg-2026"
    d2027 = definitions_on(date(2027, 3, 31))
    assert d2027.id == "766-test-2027" and d2027.bands[0].min == 95
    assert d2027.indicator("REUSED_DIGITIZED_DATA").scoring.threshold == 50


def test_demo_pages_render(demo, client):
    from datetime import timedelta

    from django.utils import timezone

    from cchc.accounts.models import User
    from cchc.onestop.selectors import quarter_of

    client.force_login(User.objects.get(username="daumoi.hp"))
    first, _last = quarter_of(timezone.localdate())
    q_from, q_to = quarter_of(first - timedelta(days=1))  # the last full quarter: inside the demo year
    q = f"from={q_from}&to={q_to}"
    for url in (
        "/mot-cua/",
        f"/mot-cua/chi-so/?unit=HP&{q}",
        "/mot-cua/chi-so/?unit=HP.CAP.HONGBANG",
        "/mot-cua/tre-han/",
        f"/mot-cua/ho-so/?unit=HP&{q}&set=overdue",
        "/mot-cua/thu-tuc/",
        f"/mot-cua/chi-so/bieu-06.xlsx?unit=HP&{q}",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/mot-cua/chi-so/?unit=HP&{q}").content.decode()
    assert "Xếp hạng các đơn vị trực thuộc" in page and "Công an phường Hồng Bàng" in page
    assert (
        "light green" in page or "light amber" in page or "light red" in page
    )  # targets of the demo plan against the actual figures
    letter = ApologyLetter.objects.select_related("dossier").first()
    r = client.get(f"/mot-cua/ho-so/{letter.dossier.code}/phieu-xin-loi.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_demo_dossiers_have_nothing_after_the_moment_they_are_generated():
    from datetime import datetime

    from django.db.models import Q

    from cchc.onestop import demo
    from tests.factories import UnitFactory

    UnitFactory(code="HP.PC07", short_code="PC07", name="Phòng Cảnh sát PCCC", kind="police_department")
    demo._procedures()
    now = datetime(2026, 11, 23, 15, 0, tzinfo=TZ)
    last_day = now.date() - timedelta(days=1)
    demo._dossiers(last_day - timedelta(days=365), last_day, now)
    qs = Dossier.objects.all()
    assert qs.count() == 250
    future = Q(finished_at__gt=now) | Q(supplement_requested_at__gt=now) | Q(supplement_completed_at__gt=now)
    assert not qs.filter(future).exists()
    assert not qs.filter(
        finished_at__isnull=True, status__in=["done", "returned", "rejected", "withdrawn"]
    ).exists()
    assert qs.filter(finished_at__isnull=True).exists()  # still some open dossiers at the end of the year
