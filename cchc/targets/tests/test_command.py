"""``manage.py targets``: the contract's shape, the period, argument errors, and ``--actor`` limiting the rows."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.targets.models import Target

pytestmark = pytest.mark.django_db


def _run(*args):
    out = io.StringIO()
    call_command("targets", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_contract_shape_for_a_past_year(org, personas):
    Target.objects.create(
        unit=org.ward, year=2025, code="onestop.DOSSIER_ON_TIME", value=100, source="seed 000, Phụ lục 2.3.1"
    )
    Target.objects.create(
        unit=org.other_dept,
        year=2025,
        code="manual.K",
        title="Cán bộ được đào tạo",
        value=90,
        manual_value=Decimal(95),
    )
    doc = _run("--year", "2025")
    assert doc["year"] == 2025 and doc["as_of"] == "2025-12-31"
    first = doc["targets"][0]
    assert set(first) == {
        "unit",
        "code",
        "title",
        "comparison",
        "value",
        "actual",
        "numerator",
        "denominator",
        "period",
        "status",
        "source",
        "url",
    }
    assert first["unit"] == "HP.CAP.A" and first["title"] == "Tỷ lệ hồ sơ giải quyết đúng hạn"
    assert first["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    assert first["status"] == "no_data" and first["url"].startswith("/mot-cua/ho-so/?unit=HP.CAP.A")
    manual = doc["targets"][1]
    assert (manual["actual"], manual["status"]) == (95, "met")
    # an actor sees only the targets of the units in their view
    out = io.StringIO()
    call_command("targets", "--year", "2025", "--json", "--actor", personas.ward_officer.username, stdout=out)
    assert [t["unit"] for t in json.loads(out.getvalue())["targets"]] == ["HP.CAP.A"]


def test_unit_expands_the_subtree_targets(org):
    Target.objects.create(unit=org.city, year=2026, code="surveys.INDEX", value=90, applies_to_subtree=True)
    doc = _run("--year", "2026", "--unit", "HP.PC06", "--as-of", "2026-06-30")
    assert [(t["unit"], t["code"]) for t in doc["targets"]] == [("HP.PC06", "surveys.INDEX")]
    assert doc["targets"][0]["period"]["to"] == "2026-06-30"


@pytest.mark.parametrize(
    "args",
    [
        ("--year", "1999"),
        ("--year", "2026", "--as-of", "2025-06-30"),
        ("--year", "2026", "--as-of", "30/06/2026"),
        ("--year", "2026", "--unit", "NOPE"),
    ],
)
def test_bad_arguments_exit_2(org, args):
    with pytest.raises((SystemExit, CommandError)) as exc:
        call_command("targets", *args, "--json", stdout=io.StringIO(), stderr=io.StringIO())
    if isinstance(exc.value, SystemExit):
        assert exc.value.code == 2


def test_as_of_defaults_to_today_for_the_current_year(org):
    doc = _run("--year", str(date.today().year))
    assert doc["as_of"] == date.today().isoformat()
