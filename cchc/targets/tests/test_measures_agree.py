"""Each measure of the target register agrees with its owning module's own command or page on the demo data, as
``manage.py targets`` prints it (contracts/targets.md)."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.core import drill
from cchc.orgs.models import OrgUnit
from cchc.targets.models import Target

pytestmark = pytest.mark.django_db


def _json(name, *args, capsys):
    out = io.StringIO()
    capsys.readouterr()
    call_command(name, *args, "--json", stdout=out)
    return json.loads(out.getvalue() or capsys.readouterr().out)


@pytest.fixture
def day():
    return timezone.localdate() - timedelta(days=1)


def _row(doc, unit, code):
    rows = [t for t in doc["targets"] if t["unit"] == unit and t["code"] == code]
    assert len(rows) == 1, (unit, code, doc["targets"][:3])
    return rows[0]


def _targets(unit, day, capsys):
    return _json(
        "targets", "--year", str(day.year), "--unit", unit, "--as-of", day.isoformat(), capsys=capsys
    )


def _num(v):
    return None if v is None else Decimal(str(v))


def test_onestop_indicators_agree_with_onestop_indicators(demo, day, capsys):
    window = ("--from", f"{day.year}-01-01", "--to", day.isoformat())
    checked = 0
    for unit in ("HP.PC06", "HP.PA08", "HP.CAP.HONGBANG"):
        doc = _targets(unit, day, capsys)
        own = _json("onestop_indicators", "--unit", unit, *window, capsys=capsys)["units"][0]
        by_code = {i["code"]: i for i in own["indicators"]}
        for code in ("DOSSIER_ON_TIME", "ONLINE_FULL_DOSSIERS", "SO_HOA_GIAY_TO_GIAI_QUYET"):
            row = _row(doc, unit, f"onestop.{code}")
            ind = by_code[code]
            assert _num(row["actual"]) == _num(ind["ratio"])
            assert (row["numerator"], row["denominator"]) == (ind["numerator"], ind["denominator"])
            assert row["period"] == {"from": f"{day.year}-01-01", "to": day.isoformat()}
            assert row["url"].startswith("/mot-cua/ho-so/?")
            checked += 1
    assert checked == 9
    # HP.PC06 sets its own 98 % target, overriding the city's 100 % one
    assert _row(_targets("HP.PC06", day, capsys), "HP.PC06", "onestop.DOSSIER_ON_TIME")["value"] == 98


def test_surveys_index_agrees_with_survey_results(demo, day, capsys):
    window = ("--from", f"{day.year}-01-01", "--to", day.isoformat())
    seen = 0
    for unit in ("HP", "HP.PC06", "HP.CAP.HONGBANG"):
        row = _row(_targets(unit, day, capsys), unit, "surveys.INDEX")
        units = _json("survey_results", "--unit", unit, *window, capsys=capsys)["units"]
        own = next((u for u in units if u["code"] == unit), None)
        if own is None or own["index"] is None:
            assert row["actual"] is None and row["status"] == "no_data"
            continue
        seen += 1
        assert _num(row["actual"]) == _num(own["index"])
        assert row["denominator"] == own["responses"]
        assert row["url"].startswith("/khao-sat/?")
    assert seen >= 1


def test_pakn_indicators_agree_with_pakn_indicators(demo, day, capsys):
    window = ("--from", f"{day.year}-01-01", "--to", day.isoformat())
    for unit in ("HP", "HP.PC06", "HP.CAP.HONGBANG"):
        row = _row(_targets(unit, day, capsys), unit, "pakn.PETITION_PROCESSING_ON_TIME")
        own = _json("pakn_indicators", "--unit", unit, *window, capsys=capsys)["units"][0]
        ind = next(i for i in own["indicators"] if i["code"] == "PETITION_PROCESSING_ON_TIME")
        assert _num(row["actual"]) == _num(ind["ratio"])
        assert (row["numerator"], row["denominator"]) == (ind["numerator"], ind["denominator"])
        if ind["denominator"] and ind["numerator"] < ind["denominator"]:
            assert row["status"] == "missed"  # ≥ 100 % with one late petition: cannot be reached any more


def test_inspection_measures_agree_with_inspection_coverage(demo, day, capsys):
    doc = _json(
        "inspection_coverage",
        "--year",
        str(day.year),
        "--under",
        "HP",
        "--as-of",
        day.isoformat(),
        capsys=capsys,
    )
    targets = _targets("HP", day, capsys)
    cov = _row(targets, "HP", "inspections.COVERAGE")
    assert (cov["numerator"], cov["denominator"]) == (doc["coverage"]["inspected"], doc["coverage"]["units"])
    assert _num(cov["actual"]) == _num(doc["coverage"]["percent"])
    closed = sum(u["closed"] for u in doc["units"])
    due = closed + sum(u["overdue"] for u in doc["units"])
    fc = _row(targets, "HP", "inspections.FINDINGS_CLOSED")
    assert (fc["numerator"], fc["denominator"]) == (closed, due)
    assert cov["url"].startswith("/kiem-tra/bao-phu/?")


def _admin(django_user_model):
    return django_user_model.objects.create_superuser("targets-admin", "t@example.org", "x")


def test_plan_tasks_and_report_timeliness_agree_with_their_record_lists(demo, day, capsys, django_user_model):
    admin = _admin(django_user_model)
    start = day.replace(month=1, day=1)
    checked = 0
    for unit_code in ("HP.PC06", "HP.PA08", "HP.CAP.HONGBANG", "HP.PV01"):
        unit = OrgUnit.objects.get(code=unit_code)
        doc = _targets(unit_code, day, capsys)
        for code, key in (
            ("plans.TASKS_ON_TIME", "parindex_plan_tasks"),
            ("reports.ON_TIME", "parindex_reports"),
        ):
            row = _row(doc, unit_code, code)
            listing = drill.listing(admin, key, unit, start, day, {})
            assert row["denominator"] == len(listing.rows), (unit_code, code)
            assert row["url"] == drill.url(key, unit, start, day)
            checked += bool(row["denominator"])
    assert checked >= 1


def test_766_total_agrees_with_the_indicator_board(demo, day, capsys, client, django_user_model):
    client.force_login(_admin(django_user_model))
    for unit in ("HP", "HP.PC06"):
        row = _row(_targets(unit, day, capsys), unit, "onestop.766_TOTAL")
        page = client.get(
            "/mot-cua/chi-so/", {"unit": unit, "from": f"{day.year}-01-01", "to": day.isoformat()}
        )
        assert page.status_code == 200
        assert _num(row["actual"]) == _num(page.context["total"])
        assert row["url"].startswith("/mot-cua/chi-so/?")


def test_parindex_index_is_the_published_or_latest_appraised_value(demo, day, capsys):
    from cchc.parindex.models import ResultVersion

    year = day.year
    published = {}
    for v in ResultVersion.objects.filter(round__framework__year=year).order_by("published_at"):
        for u in v.document["units"]:
            published[u["code"]] = u["index"]
    doc = _targets("HP", day, capsys)
    rows = [t for t in doc["targets"] if t["code"] == "parindex.INDEX"]
    assert rows
    for row in rows:
        if row["unit"] in published:
            assert _num(row["actual"]) == _num(published[row["unit"]])
        elif row["actual"] is None:
            assert row["status"] == "no_data"


def test_manual_target_shows_the_typed_figure(demo, day, capsys):
    row = _row(_targets("HP.PV01", day, capsys), "HP.PV01", "manual.STAFF_TRAINED")
    assert row["actual"] == 96 and row["status"] == "at_risk"
    assert Target.objects.filter(code="manual.STAFF_TRAINED").count() == 2
