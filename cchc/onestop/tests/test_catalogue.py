"""The procedure catalogue is held per organisation (issue 11): the national list is shared read-only; a coordinator
who imports a national procedure gets their organisation's own copy, which then rules their units' desk receipts,
and only theirs; another organisation's coordinator can neither see nor change it; a file that lacks a column keeps
the stored value of that column."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.onestop.catalogue import effective_procedure
from cchc.onestop.importing import dossier_create_at_desk, import_procedures
from cchc.onestop.models import Dossier, Procedure
from cchc.onestop.tables import read_table

from .helpers import TZ, csv_bytes, load_procedures

pytestmark = pytest.mark.django_db

RECEIVED = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)  # a Monday


def _upload(client, owner: str, header, rows, name="tthc.csv"):
    body = csv_bytes(header, rows)
    return client.post("/mot-cua/thu-tuc/nhap/", {"owner": owner, "file": SimpleUploadedFile(name, body)})


def _due(unit, code="1.002"):
    proc = effective_procedure(unit, code)
    d = dossier_create_at_desk(unit=unit, procedure=proc, received_at=RECEIVED)
    return d.due_at.astimezone(TZ), d.procedure


def test_another_organisations_coordinator_cannot_change_hp_procedures(login, personas, org):
    """The attack: a coordinator elsewhere sets a procedure Hải Phòng uses from 7 to 90 working days."""
    load_procedures()  # national list; 1.002 takes 7 working days
    national = Procedure.objects.get(code="1.002")
    c = login(personas.other_coordinator)
    r = _upload(c, "UBHP", ["code", "processing_amount"], [["1.002", "90"]])
    assert r.status_code == 302
    national.refresh_from_db()
    assert national.processing_amount == 7 and national.owner is None
    theirs = Procedure.objects.get(code="1.002", owner=org.other_city)
    assert (
        theirs.processing_amount == 90 and theirs.name == national.name
    )  # a copy, the file's column over it
    # Hải Phòng's desk still gives 7 working days; UBHP's own units get their 90.
    due, proc = _due(org.ward)
    assert proc == national and due.date().isoformat() == "2026-03-11"
    _due_snv, proc = _due(org.other_dept)
    assert proc == theirs
    # They cannot write into Hải Phòng's catalogue (not even name it) nor into the national list.
    for owner in ("HP", "__national__"):
        r = _upload(c, owner, ["code", "processing_amount"], [["1.002", "30"]])
        assert r.status_code == 200 and "owner" in r.context["form"].errors
    with pytest.raises(PermissionDenied):
        import_procedures(
            read_table(csv_bytes(["code", "processing_amount"], [["1.002", "30"]]), "x.csv"),
            owner=org.city,
            actor=personas.other_coordinator,
        )
    assert Procedure.objects.get(code="1.002", owner__isnull=True).processing_amount == 7


def test_hp_procedures_are_invisible_to_another_organisation(login, personas, org):
    load_procedures()
    hp = login(personas.coordinator)
    header = ["code", "name", "processing_amount", "processing_unit"]
    assert (
        _upload(hp, "HP", header, [["HP.9", "Thủ tục riêng Hải Phòng", "3", "working_days"]]).status_code
        == 302
    )
    own = Procedure.objects.get(code="HP.9")
    assert own.owner == org.city
    # Hải Phòng's people see it (their effective catalogue), the ward officer included.
    ward = login(personas.ward_officer)
    assert "Thủ tục riêng Hải Phòng" in ward.get("/mot-cua/thu-tuc/").content.decode()
    assert ward.get("/mot-cua/thu-tuc/HP.9/").status_code == 200
    # UBHP's coordinator does not, by any path.
    other = login(personas.other_coordinator)
    assert "Thủ tục riêng Hải Phòng" not in other.get("/mot-cua/thu-tuc/").content.decode()
    assert other.get("/mot-cua/thu-tuc/HP.9/").status_code == 404
    assert other.get("/mot-cua/thu-tuc/HP.9/?unit=HP").status_code == 404
    assert other.get("/mot-cua/thu-tuc/?unit=HP").status_code == 404
    # A procedure of the same code of their own is theirs alone.
    assert _upload(other, "UBHP", header, [["HP.9", "Của UBHP", "5", "days"]]).status_code == 302
    own.refresh_from_db()
    assert (own.name, own.processing_amount) == ("Thủ tục riêng Hải Phòng", 3)
    assert other.get("/mot-cua/thu-tuc/HP.9/").context["procedure"].name == "Của UBHP"


def test_copy_on_write_rules_the_organisations_units_only(login, personas, org):
    load_procedures()
    before, _p = _due(org.ward)
    before = Dossier.objects.get()
    _due(org.other_dept)
    elsewhere = Dossier.objects.get(unit=org.other_dept)
    c = login(personas.coordinator)
    assert _upload(c, "HP", ["code", "processing_amount"], [["1.002", "3"]]).status_code == 302
    national = Procedure.objects.get(code="1.002", owner__isnull=True)
    hp = Procedure.objects.get(code="1.002", owner=org.city)
    assert national.processing_amount == 7 and hp.processing_amount == 3
    assert (hp.name, hp.fee, hp.online_level, hp.postal) == (
        national.name,
        national.fee,
        national.online_level,
        national.postal,
    )
    due, proc = _due(org.ward)
    assert proc == hp and due.date().isoformat() == "2026-03-05"
    # Dossiers refer to the row in force for their unit, so the indicators read Hải Phòng's facts for its dossiers.
    early = Dossier.objects.get(code=before.code)
    assert early.procedure == hp and early.due_at == before.due_at  # the appointment given stays
    assert Dossier.objects.get(code=elsewhere.code).procedure == national
    _due_snv, proc = _due(org.other_dept)
    assert proc == national
    # Importing again updates Hải Phòng's row, not the national one.
    assert _upload(c, "HP", ["code", "processing_amount"], [["1.002", "4"]]).status_code == 302
    assert Procedure.objects.filter(code="1.002").count() == 2
    assert Procedure.objects.get(code="1.002", owner=org.city).processing_amount == 4
    # The desk form of the ward offers the catalogue in force there.
    form = login(personas.ward_officer).get("/mot-cua/ho-so/tiep-nhan/").context["form"]
    offered = form.fields["procedure"].queryset
    assert hp in offered and national not in offered


def test_a_partial_procedure_file_keeps_the_columns_it_lacks(personas, org):
    load_procedures()
    before = Procedure.objects.get(code="1.001")
    import_procedures(
        read_table(csv_bytes(["code", "name"], [["1.001", "Đăng ký thường trú (sửa)"]]), "ten.csv"),
        actor=personas.admin,
    )
    after = Procedure.objects.get(code="1.001")
    assert after.name == "Đăng ký thường trú (sửa)"
    for field in ("field", "level", "processing_amount", "processing_unit", "fee", "online_level", "postal"):
        assert getattr(after, field) == getattr(before, field), field
    assert (after.paper_result, after.for_citizens) == (before.paper_result, before.for_citizens)


def test_a_new_procedure_needs_its_name_and_processing_time(login, personas, org):
    c = login(personas.coordinator)
    r = _upload(c, "HP", ["code", "name"], [["HP.NEW", "Thủ tục mới"]])
    assert r.status_code == 200
    [error] = r.context["rejected"].errors
    assert (error.row, error.field) == (2, "processing_amount")
    assert not Procedure.objects.exists()


def test_only_administrators_change_the_national_list(personas, org):
    load_procedures()
    body = read_table(csv_bytes(["code", "processing_amount"], [["1.001", "1"]]), "x.csv")
    with pytest.raises(PermissionDenied):
        import_procedures(body, actor=personas.coordinator)
    import_procedures(body, actor=personas.admin)
    assert Procedure.objects.get(code="1.001").processing_amount == 1
