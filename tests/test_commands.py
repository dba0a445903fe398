"""The `units` contract and the demo loader, called as a user calls them."""

import json

import pytest
from django.core.management import call_command

from cchc.audit.models import AuditEvent
from cchc.orgs import services

pytestmark = pytest.mark.django_db


def run_units(capsys, *args):
    call_command("units", *args, "--json")
    out = capsys.readouterr().out
    return json.loads(out)


def test_units_json_lists_parents_first_with_the_contract_fields(org, capsys):
    services.unit_alias_add(unit=org.pv01, name="Phòng PV01")
    doc = run_units(capsys)
    codes = [u["code"] for u in doc["units"]]
    assert codes.index("HP") < codes.index("HP.PV01") and codes.index("BCA") < codes.index("HP")
    pv01 = next(u for u in doc["units"] if u["code"] == "HP.PV01")
    assert {k: pv01[k] for k in ("code", "name", "short_code", "kind", "parent", "aliases")} == {
        "code": "HP.PV01",
        "name": "Phòng Tham mưu",
        "short_code": "PV01",
        "kind": "police_department",
        "parent": "HP",
        "aliases": ["Phòng PV01"],
    }


def test_units_under_accepts_a_short_code_naming_one_unit(org, capsys):
    doc = run_units(capsys, "--under", "PC06")
    assert [u["code"] for u in doc["units"]] == ["HP.PC06"]


def test_units_under_an_unknown_code_exits_2_with_one_line(org, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("units", "--under", "KHONGCO", "--json")
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1 and "KHONGCO" in captured.err


@pytest.mark.slow  # loads the demo again
def test_load_demo_is_idempotent_and_has_every_seed_000_department(demo, capsys):
    first = AuditEvent.objects.count()
    call_command("load_demo")
    assert AuditEvent.objects.count() == first  # running it twice changes nothing
    assert "daumoi.hp" in capsys.readouterr().out  # the demo accounts are printed
    doc = run_units(capsys, "--under", "HP")
    codes = {u["code"] for u in doc["units"]}
    for code in [
        "PV01",
        "PV06",
        "PH10",
        "PX01",
        "PX03",
        "PX04",
        "PX05",
        "PA03",
        "PA08",
        "PC04",
        "PC06",
        "PC07",
        "PC08",
        "PC09",
        "PC10",
        "PC11A",
        "PC11B",
        "PH06",
    ]:
        assert f"HP.{code}" in codes
