"""Who opens the leaders' view, over which units; the filters; the PDF."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_leader_sees_own_subtree(org, personas, login):
    c = login(personas.leader)
    r = c.get("/lanh-dao/")
    assert r.status_code == 200
    assert r.context["unit"] == org.city
    assert c.get("/lanh-dao/?unit=HP.CAP.A").status_code == 200
    assert c.get("/lanh-dao/?unit=UBHP").status_code == 404  # another organisation
    assert c.get("/lanh-dao/?unit=BCA").status_code == 404  # above the leader's unit


def test_coordinator_and_admin_open_it(org, personas, login):
    assert login(personas.coordinator).get("/lanh-dao/").status_code == 200
    assert login(personas.admin).get("/lanh-dao/?unit=UBHP").status_code == 200


@pytest.mark.parametrize("who", ["ward_officer", "ward_head", "department_head", "appraiser", "outsider"])
def test_unit_staff_cannot_open_it(org, personas, login, who):
    c = login(getattr(personas, who))
    assert c.get("/lanh-dao/").status_code == 403
    assert c.get("/lanh-dao/ban-in.pdf").status_code == 403
    assert c.get("/lanh-dao/ban-tin/").status_code == 403


def test_other_organisations_leader_sees_nothing_of_this_one(org, personas, login):
    from tests.factories import member, person

    other = member(person("lanhdao.ubhp"), org.other_city, "leader")
    c = login(other)
    r = c.get("/lanh-dao/")
    assert r.status_code == 200 and r.context["unit"] == org.other_city
    assert org.city.name not in r.content.decode() and "HP.CAP" not in r.content.decode()
    for code in ("HP", "HP.CAP.A", "HP.PC06"):
        assert c.get(f"/lanh-dao/?unit={code}").status_code == 404
        assert c.get(f"/lanh-dao/ban-in.pdf?unit={code}").status_code == 404


def test_filters_unit_and_period(org, personas, login):
    from datetime import date

    c = login(personas.leader)
    r = c.get("/lanh-dao/?unit=HP.PC06&from=01/03/2026&to=31/05/2026")
    assert r.context["unit"] == org.pc06
    assert (r.context["date_from"], r.context["date_to"]) == (date(2026, 3, 1), date(2026, 5, 31))
    r = c.get("/lanh-dao/?from=31/05/2026&to=01/03/2026")  # swapped
    assert (r.context["date_from"], r.context["date_to"]) == (date(2026, 3, 1), date(2026, 5, 31))
    r = c.get("/lanh-dao/?from=hôm qua")
    assert r.status_code == 200 and "Ngày không hợp lệ" in r.content.decode()


def test_pdf_summary(org, personas, login):
    from cchc.surveys.posters import pdf_available

    if not pdf_available():
        pytest.skip("WeasyPrint unavailable")
    r = login(personas.leader).get("/lanh-dao/ban-in.pdf?unit=HP&from=01/01/2026&to=06/12/2026")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert "tong-hop-lanh-dao-HP.pdf" in r["Content-Disposition"]
