"""A dossier import is held to the importer's data scope (issue 11): a row may neither change an existing dossier of
a unit outside it nor move one away from such a unit — refused with the row named, nothing written, through the
upload and the command alike; a dossier may move between two units the importer holds. Changes are audited with
their actor, and a file that lacks a column leaves that column of existing dossiers as it was."""

import io
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cchc.audit.models import AuditEvent
from cchc.onestop.importing import APPLICANT_COLUMNS, DOSSIER_COLUMNS, ImportRejected, import_dossiers
from cchc.onestop.models import Dossier
from cchc.onestop.tables import read_table

from .helpers import csv_bytes, load_procedures

pytestmark = pytest.mark.django_db

ROW = {
    "procedure_code": "1.001",
    "channel": "direct",
    "received_at": "2026-02-13T10:00",
    "status": "processing",
}


COLUMNS = (*DOSSIER_COLUMNS, *APPLICANT_COLUMNS)


def _csv(rows: list[dict]) -> bytes:
    return csv_bytes(COLUMNS, [[r.get(c, "") for c in COLUMNS] for r in rows])


@pytest.fixture
def dossiers(org):
    """One dossier in ward A, one in its sibling B (same organisation), one in UBHP's Sở Nội vụ (another one)."""
    load_procedures()
    rows = [
        {**ROW, "code": "HS-A", "unit_code": "HP.CAP.A", "applicant_name": "Chủ hồ sơ"},
        {**ROW, "code": "HS-B", "unit_code": "HP.CAP.B", "applicant_name": "Chủ hồ sơ"},
        {**ROW, "code": "HS-U", "unit_code": "UBHP.SNV", "applicant_name": "Chủ hồ sơ"},
    ]
    import_dossiers(read_table(_csv(rows), "seed.csv"))
    return {d.code: d for d in Dossier.objects.all()}


def _snapshot():
    return sorted(
        Dossier.objects.values_list(
            "code", "unit_id", "status", "applicant_name", "received_at", "updated_at"
        )
    )


def _takeover_file(code: str) -> bytes:
    """Ward A's own dossier changed, then another unit's dossier claimed for ward A with a new applicant."""
    return _csv(
        [
            {**ROW, "code": "HS-A", "unit_code": "HP.CAP.A", "status": "supplement"},
            {
                **ROW,
                "code": code,
                "unit_code": "HP.CAP.A",
                "status": "done",
                "finished_at": "2026-02-14T10:00",
                "received_at": "2026-02-13T08:00",
                "applicant_name": "Kẻ chiếm",
            },
        ]
    )


@pytest.mark.parametrize("code", ["HS-B", "HS-U"], ids=["sibling-unit", "other-organisation"])
def test_upload_refuses_a_row_taking_over_another_units_dossier(login, personas, dossiers, code):
    before = _snapshot()
    c = login(personas.ward_officer)
    r = c.post("/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("chiem.csv", _takeover_file(code))})
    assert r.status_code == 200
    [error] = r.context["rejected"].errors
    assert (error.row, error.field) == (3, "code")
    assert f"hồ sơ {code} đã có và thuộc đơn vị ngoài phạm vi nhập liệu" in r.content.decode()
    assert _snapshot() == before  # not even ward A's own row was written
    assert Dossier.objects.get(code=code).unit_id == dossiers[code].unit_id


@pytest.mark.parametrize("code", ["HS-B", "HS-U"], ids=["sibling-unit", "other-organisation"])
def test_command_refuses_a_row_taking_over_another_units_dossier(tmp_path, personas, dossiers, code):
    path = tmp_path / "chiem.csv"
    path.write_bytes(_takeover_file(code))
    before = _snapshot()
    err = io.StringIO()
    old, sys.stderr = sys.stderr, err
    try:
        with pytest.raises(SystemExit) as exc:
            call_command("import_dossiers", str(path), "--actor", "canbo.a", "--json")
    finally:
        sys.stderr = old
    assert exc.value.code == 2
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 1 and "dòng 3, cột code" in lines[0] and "ngoài phạm vi nhập liệu" in lines[0]
    assert _snapshot() == before


def test_command_without_user_is_the_operator_and_with_a_user_records_them(tmp_path, personas, dossiers):
    path = tmp_path / "a.csv"
    path.write_bytes(_csv([{**ROW, "code": "HS-A", "unit_code": "HP.CAP.A", "status": "supplement"}]))
    out = io.StringIO()
    call_command("import_dossiers", str(path), "--actor", "canbo.a", "--json", stdout=out)
    assert Dossier.objects.get(code="HS-A").status == "supplement"
    event = AuditEvent.objects.get(table_name="onestop_dossier", object_pk=str(dossiers["HS-A"].pk))
    assert event.actor_id == personas.ward_officer.pk and "status" in event.changed
    assert event.source.startswith("command:import_dossiers")


def test_a_coordinator_moves_a_dossier_between_units_they_hold_and_the_change_is_audited(
    login, personas, dossiers
):
    c = login(personas.coordinator)
    body = _csv([{**ROW, "code": "HS-A", "unit_code": "HP.CAP.B"}])
    r = c.post("/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("chuyen.csv", body)})
    assert r.status_code == 302
    moved = Dossier.objects.get(code="HS-A")
    assert moved.unit_id == personas.sibling_officer.memberships.get().unit_id
    event = AuditEvent.objects.get(table_name="onestop_dossier", object_pk=str(moved.pk))
    assert event.action == "U" and event.actor_id == personas.coordinator.pk
    assert "unit_id" in event.changed and event.source == "web:import_dossiers"
    # ... but not into another organisation's unit, nor out of one.
    body = _csv([{**ROW, "code": "HS-U", "unit_code": "HP.CAP.A"}])
    r = c.post("/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("chuyen2.csv", body)})
    assert r.status_code == 200 and "ngoài phạm vi nhập liệu" in r.content.decode()
    assert Dossier.objects.get(code="HS-U").unit_id == dossiers["HS-U"].unit_id


def test_the_history_of_a_dossier_shows_its_changes(login, personas, dossiers):
    c = login(personas.coordinator)
    body = _csv([{**ROW, "code": "HS-A", "unit_code": "HP.CAP.A", "status": "supplement"}])
    assert c.post("/mot-cua/ho-so/nhap/", {"file": SimpleUploadedFile("s.csv", body)}).status_code == 302
    r = c.get("/mot-cua/ho-so/HS-A/")
    [event] = r.context["history"]
    assert event.actor == personas.coordinator and "status" in event.changed
    assert personas.coordinator.display_name in r.content.decode()


def test_a_file_without_a_column_keeps_that_column(personas, dossiers):
    import_dossiers(
        read_table(
            _csv(
                [
                    {
                        **ROW,
                        "code": "HS-A",
                        "unit_code": "HP.CAP.A",
                        "applicant_name": "Chủ hồ sơ",
                        "digitized": "1",
                        "channel": "online",
                        "applicant_phone": "0901",
                    }
                ]
            ),
            "day-du.csv",
        )
    )
    header = ["code", "unit_code", "procedure_code", "received_at", "status", "finished_at"]
    body = csv_bytes(header, [["HS-A", "HP.CAP.A", "1.001", "2026-02-13T10:00", "done", "2026-02-16T09:00"]])
    result = import_dossiers(read_table(body, "ket-qua.csv"), actor=personas.ward_officer)
    assert (result.created, result.updated) == (0, 1)
    d = Dossier.objects.get(code="HS-A")
    assert d.status == "done" and d.finished_at is not None
    assert d.digitized and d.channel == "online"
    assert (d.applicant_name, d.applicant_phone) == ("Chủ hồ sơ", "0901")
    assert d.due_at == dossiers["HS-A"].due_at  # same receipt and procedure: the due date stays


def test_a_new_receipt_time_after_the_kept_finishing_time_is_refused(personas, dossiers):
    import_dossiers(
        read_table(
            _csv(
                [
                    {
                        **ROW,
                        "code": "HS-A",
                        "unit_code": "HP.CAP.A",
                        "status": "done",
                        "finished_at": ROW["received_at"],
                    }
                ]
            ),
            "xong.csv",
        )
    )
    body = csv_bytes(
        ["code", "unit_code", "procedure_code", "received_at"],
        [["HS-A", "HP.CAP.A", "1.001", "2026-02-20T10:00"]],
    )
    with pytest.raises(ImportRejected) as exc:
        import_dossiers(read_table(body, "muon.csv"), actor=personas.ward_officer)
    assert "dòng 2, cột received_at" in exc.value.vi
