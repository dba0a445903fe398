"""Each measure of the target register agrees with its owning module's own command or page on the demo data, as
``manage.py targets`` prints it (contracts/targets.md)."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cchc.core import drill
from cchc.core.demo import load_all
from cchc.orgs.models import OrgUnit
from cchc.targets.models import Target

pytestmark = pytest.mark.django_db


def _json(name, *args, capsys):
    out = io.StringIO()
    capsys.readouterr()
    call_command(name, *args, "--json", stdout=out)
    return json.loads(out.getvalue() or capsys.readouterr().out)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_all()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def day():
    return timezone.localdate() - timedelta(days=1)


def _row(doc, unit, code):
    rows = [t for t in doc["targets"] if t["unit"] == unit and t["code"] == code]
    assert len(rows) == 1, (unit, code, doc["targets"][:3])
    return rows[0]


def _targets(unit, day, capsys):
    return _json("targets", "--year", str(day.year), "--unit", unit, "--as-of", day.isoformat(), capsys=capsys)


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
