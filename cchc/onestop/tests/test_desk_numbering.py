"""Desk-receipt numbers come from an atomic per-unit, per-year counter (issue 11): two simultaneous receipts never
get the same number, and a number an imported dossier already uses is skipped."""

from datetime import datetime

import pytest

from cchc.onestop.catalogue import effective_procedure
from cchc.onestop.importing import desk_number_next, dossier_create_at_desk, import_dossiers
from cchc.onestop.models import DeskCounter, Dossier
from cchc.onestop.tables import read_table
from tests.concurrency import while_held

from .helpers import TZ, dossiers_csv, load_procedures

RECEIVED = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_receipts_get_different_numbers(org):
    load_procedures()
    proc = effective_procedure(org.ward, "1.001")

    def receive() -> str:
        return dossier_create_at_desk(unit=org.ward, procedure=proc, received_at=RECEIVED).code

    codes = while_held(
        receive, receive
    )  # the first receipt's transaction still open while the second is taken
    assert sorted(codes) == ["HP.CAP.A-260302-0001", "HP.CAP.A-260302-0002"]
    assert Dossier.objects.count() == 2
    assert DeskCounter.objects.get(unit=org.ward, year=2026).last == 2


@pytest.mark.django_db
def test_numbers_count_per_unit_and_year_and_skip_imported_codes(org):
    load_procedures()
    import_dossiers(
        read_table(
            dossiers_csv(
                [
                    {
                        "code": "HP.CAP.A-260302-0001",
                        "unit_code": "HP.CAP.A",
                        "procedure_code": "1.001",
                        "received_at": "2026-03-02T08:00",
                    }
                ]
            ),
            "cu.csv",
        )
    )
    proc = effective_procedure(org.ward, "1.001")
    d = dossier_create_at_desk(unit=org.ward, procedure=proc, received_at=RECEIVED)
    assert d.code == "HP.CAP.A-260302-0002"
    later = dossier_create_at_desk(
        unit=org.ward, procedure=proc, received_at=datetime(2026, 3, 3, 9, tzinfo=TZ)
    )
    assert later.code == "HP.CAP.A-260303-0003"  # the number runs through the year
    other = dossier_create_at_desk(unit=org.sibling, procedure=proc, received_at=RECEIVED)
    assert other.code == "HP.CAP.B-260302-0001"
    assert desk_number_next(unit=org.ward, year=2027) == 1


@pytest.mark.django_db
def test_a_typed_code_a_dossier_already_has_is_refused_by_the_service(org):
    from cchc.core.errors import DomainError

    load_procedures()
    proc = effective_procedure(org.ward, "1.001")
    dossier_create_at_desk(unit=org.ward, procedure=proc, received_at=RECEIVED, code="TAY-1")
    with pytest.raises(DomainError) as exc:
        dossier_create_at_desk(unit=org.sibling, procedure=proc, received_at=RECEIVED, code="TAY-1")
    assert exc.value.code == "dossier_code_taken" and exc.value.field == "code"
    assert Dossier.objects.filter(code="TAY-1").count() == 1
