"""Switching role in the header switches the one-stop pages' unit (issue 16): a coordinator who also works at a
ward's desk sees the ward's dossiers, late list and indicators when acting as its officer."""

import pytest

from cchc.onestop.importing import import_dossiers
from cchc.onestop.tables import read_table
from tests.factories import member

from .helpers import dossiers_csv, load_procedures

pytestmark = pytest.mark.django_db


def test_the_one_stop_pages_follow_the_role_switched_to(login, personas, org):
    load_procedures()
    rows = [
        {
            "code": "RS-A",
            "unit_code": "HP.CAP.A",
            "procedure_code": "1.001",
            "received_at": "2026-02-13T10:00",
            "due_at": "2026-02-14T17:00",
        },
        {
            "code": "RS-B",
            "unit_code": "HP.CAP.B",
            "procedure_code": "1.001",
            "received_at": "2026-02-13T10:00",
            "due_at": "2026-02-14T17:00",
        },
    ]
    import_dossiers(read_table(dossiers_csv(rows), "rs.csv"))
    from cchc.orgs.models import Membership

    member(personas.coordinator, org.ward, "staff")
    as_staff = Membership.objects.get(user=personas.coordinator, unit=org.ward)
    c = login(personas.coordinator)
    codes = {d.code for d in c.get("/mot-cua/ho-so/").context["page"].object_list}
    assert codes == {"RS-A", "RS-B"}  # acting as the coordinator: the whole city
    c.post("/tai-khoan/vai-tro/", {"membership": as_staff.pk, "next": "/mot-cua/"})
    codes = {d.code for d in c.get("/mot-cua/ho-so/").context["page"].object_list}
    assert codes == {"RS-A"}
    assert {d.code for d in c.get("/mot-cua/tre-han/").context["page"].object_list} == {"RS-A"}
    assert c.get("/mot-cua/chi-so/").context["unit"] == org.ward
