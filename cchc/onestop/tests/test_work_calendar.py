"""Calendar and office hours with effective dates (issue 16): the coordinator's screen; a due date uses what was in
force on the day of receipt; a change never rewrites stored appointments."""

from datetime import date, datetime

import pytest

from cchc.onestop.importing import dossier_create_at_desk, import_dossiers
from cchc.onestop.models import Dossier, Procedure
from cchc.onestop.tables import read_table
from cchc.workdays.models import CalendarOverride, UnitOfficeHours
from cchc.workdays.services import CalendarBook, calendar_for

from .helpers import TZ, dossiers_csv, load_procedures

pytestmark = pytest.mark.django_db


def test_office_hours_versions_apply_from_their_date(org):
    UnitOfficeHours.objects.create(
        unit=org.ward, periods="08:00-12:00,13:00-17:00", valid_from=date(2026, 1, 1)
    )
    UnitOfficeHours.objects.create(
        unit=org.ward, periods="07:30-11:30,13:00-16:30", valid_from=date(2026, 3, 1)
    )
    assert calendar_for(org.ward, on=date(2026, 2, 10)).hours.periods[-1][1].hour == 17
    assert calendar_for(org.ward, on=date(2026, 3, 10)).hours.periods[-1][1].minute == 30
    book = CalendarBook([org.ward.pk])
    assert book.get(org.ward.pk, date(2026, 2, 10)) is not book.get(org.ward.pk, date(2026, 3, 10))
    assert book.get(org.ward.pk, date(2025, 12, 1)) is book.get(None, date(2025, 12, 1))


def test_import_computes_each_due_date_with_the_hours_of_its_receipt_day(org):
    load_procedures()
    UnitOfficeHours.objects.create(
        unit=org.ward, periods="07:30-11:30,13:00-16:30", valid_from=date(2026, 3, 1)
    )
    rows = [
        {
            "code": "F-1",
            "unit_code": "HP.CAP.A",
            "procedure_code": "1.004",
            "received_at": "2026-02-13T15:00",
        },
        {
            "code": "F-2",
            "unit_code": "HP.CAP.A",
            "procedure_code": "1.004",
            "received_at": "2026-03-13T15:00",
        },
    ]
    import_dossiers(read_table(dossiers_csv(rows), "f.csv"))
    # 8 office hours from Fri 15:00: 2 h on Friday, then 6 h on Monday
    assert Dossier.objects.get(code="F-1").due_at == datetime(2026, 2, 23, 15, 0, tzinfo=TZ)  # after Tết
    # with the hours of March: 1.5 h on Friday (to 16:30), 6.5 h on Monday from 07:30
    assert Dossier.objects.get(code="F-2").due_at == datetime(2026, 3, 16, 15, 30, tzinfo=TZ)


def test_a_day_off_declared_later_applies_only_to_receipts_from_its_valid_from(org):
    load_procedures()
    proc = Procedure.objects.get(code="1.001")  # 7 working days
    before = dossier_create_at_desk(
        unit=org.ward, procedure=proc, received_at=datetime(2026, 4, 1, 9, tzinfo=TZ)
    )
    CalendarOverride.objects.create(
        day=date(2026, 4, 8), kind="off", note="Nghỉ", valid_from=date(2026, 4, 2)
    )
    after = dossier_create_at_desk(
        unit=org.ward, procedure=proc, received_at=datetime(2026, 4, 2, 9, tzinfo=TZ)
    )
    before_due = before.due_at
    assert after.due_at.date() > before_due.date()
    before.refresh_from_db()
    assert before.due_at == before_due  # the stored appointment is not recomputed


def test_the_coordinators_screen_sets_hours_and_days(login, personas, org):
    c = login(personas.coordinator)
    r = c.get("/mot-cua/lich-lam-viec/")
    assert r.status_code == 200 and "Giờ làm việc của đơn vị" in r.content.decode()
    r = c.post(
        "/mot-cua/lich-lam-viec/",
        {
            "action": "hours",
            "unit": org.ward.pk,
            "periods": "07:30-11:30, 13:00-16:30",
            "valid_from": "01/03/2026",
        },
    )
    assert r.status_code == 302
    row = UnitOfficeHours.objects.get(unit=org.ward)
    assert (row.periods, row.valid_from) == ("07:30-11:30,13:00-16:30", date(2026, 3, 1))
    r = c.post(
        "/mot-cua/lich-lam-viec/",
        {"action": "day", "day": "02/05/2026", "kind": "off", "note": "Nghỉ bù", "valid_from": "10/04/2026"},
    )
    assert r.status_code == 302
    assert CalendarOverride.objects.get(day=date(2026, 5, 2)).valid_from == date(2026, 4, 10)
    r = c.post(
        "/mot-cua/lich-lam-viec/",
        {"action": "hours", "unit": org.ward.pk, "periods": "8h", "valid_from": "01/03/2026"},
    )
    assert r.status_code == 200 and "không hợp lệ" in r.content.decode()


def test_office_hours_of_a_unit_one_does_not_manage_are_refused(login, personas, org):
    c = login(personas.other_coordinator)
    r = c.post(
        "/mot-cua/lich-lam-viec/",
        {"action": "hours", "unit": org.ward.pk, "periods": "07:00-11:00", "valid_from": "01/03/2026"},
    )
    assert r.status_code == 200 and not UnitOfficeHours.objects.exists()  # not a choice of the form
    from django.core.exceptions import PermissionDenied

    from cchc.workdays.services import office_hours_set

    with pytest.raises(PermissionDenied):
        office_hours_set(
            actor=personas.other_coordinator,
            unit=org.ward,
            periods="07:00-11:00",
            valid_from=date(2026, 3, 1),
        )
    # a ward officer has no screen, and may not add days
    assert login(personas.ward_officer).get("/mot-cua/lich-lam-viec/").status_code == 403
