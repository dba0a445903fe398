"""Procedures per unit (issue 16): which procedures a unit handles and posts at which desk since when; they count in
the payment term C with the procedures its dossiers show; another unit's list cannot be changed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cchc.core.errors import DomainError
from cchc.onestop.importing import import_dossiers
from cchc.onestop.models import UnitProcedure
from cchc.onestop.ontime import period
from cchc.onestop.tables import read_table
from cchc.onestop.unitscore import board
from cchc.onestop.workflow import unit_procedure_set
from cchc.workdays.services import calendar_for

from .helpers import dossiers_csv, load_procedures

pytestmark = pytest.mark.django_db


def test_the_page_lists_and_records_a_units_procedures(login, personas, org):
    load_procedures()
    c = login(personas.ward_officer)
    r = c.post(
        "/mot-cua/thu-tuc/cua-don-vi/",
        {"unit": "HP.CAP.A", "code": "1.003", "desk": "Bộ phận Một cửa phường", "posted_since": "01/01/2026"},
    )
    assert r.status_code == 302
    row = UnitProcedure.objects.get(unit=org.ward)
    assert (row.procedure_code, row.desk, row.posted_since) == (
        "1.003",
        "Bộ phận Một cửa phường",
        date(2026, 1, 1),
    )
    page = c.get("/mot-cua/thu-tuc/cua-don-vi/", {"unit": "HP.CAP.A"}).content.decode()
    assert "Đăng ký xe" in page
    r = c.post(
        "/mot-cua/thu-tuc/cua-don-vi/", {"unit": "HP.CAP.A", "code": "9.999", "posted_since": "01/01/2026"}
    )
    assert r.status_code == 200 and "không có trong danh mục" in r.content.decode()
    assert c.get("/mot-cua/thu-tuc/cua-don-vi/", {"unit": "HP.CAP.A", "export": "xlsx"}).status_code == 200


def test_another_units_list_cannot_be_changed(login, personas, org):
    load_procedures()
    with pytest.raises(PermissionDenied):
        unit_procedure_set(
            actor=personas.sibling_officer, unit=org.ward, code="1.001", posted_since=date(2026, 1, 1)
        )
    r = login(personas.sibling_officer).post(
        "/mot-cua/thu-tuc/cua-don-vi/", {"unit": "HP.CAP.A", "code": "1.001", "posted_since": "01/01/2026"}
    )
    assert r.status_code in (403, 404) and not UnitProcedure.objects.exists()
    with pytest.raises(DomainError):
        unit_procedure_set(
            actor=personas.ward_officer,
            unit=org.ward,
            code="1.001",
            posted_since=date(2026, 2, 1),
            until=date(2026, 1, 1),
        )


def test_a_listed_procedure_without_dossiers_lowers_the_payment_term_c(org, personas):
    load_procedures()
    rows = [
        {
            "code": "C-1",
            "unit_code": "HP.CAP.A",
            "procedure_code": "1.001",
            "received_at": "2026-02-13T10:00",
            "fee_required": "1",
            "paid_online": "1",
        }
    ]
    import_dossiers(read_table(dossiers_csv(rows), "c.csv"))
    frm, to = date(2026, 1, 1), date(2026, 3, 31)
    from cchc.onestop.unitscore import declared_procedures, procedures_by_unit

    handled = procedures_by_unit(period(frm, to), [org.ward.pk])
    assert len(handled[org.ward.pk]) == 1
    unit_procedure_set(
        actor=personas.ward_officer, unit=org.ward, code="1.003", posted_since=date(2026, 1, 1)
    )
    unit_procedure_set(
        actor=personas.ward_officer, unit=org.ward, code="1.005", posted_since=date(2026, 6, 1)
    )
    declared_procedures(handled, [org.ward.pk], frm, to)
    assert len(handled[org.ward.pk]) == 2  # 1.003 posted in the period; 1.005 only from June
    b = board(
        org.ward, period(frm, to), frm, to, calendar_for(org.ward)
    )  # the board counts the declared list
    assert b.own_counts.r == 1
