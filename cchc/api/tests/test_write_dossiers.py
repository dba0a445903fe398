"""POST /api/v1/onestop/dossiers: the importer's validation and bulk write, all or nothing, held to the token
user's data scope, dry runs writing nothing, every call in the sharing log, changes audited with the token's user."""

from __future__ import annotations

from typing import Any

import pytest

from cchc.api.models import ApiCallLog
from cchc.audit.models import AuditEvent
from cchc.onestop.importing import import_dossier_rows
from cchc.onestop.models import Dossier, ImportBatch
from cchc.onestop.tests.helpers import load_procedures

pytestmark = pytest.mark.django_db

URL = "/api/v1/onestop/dossiers"


def row(code: str, unit: str = "HP.CAP.A", **kw: Any) -> dict[str, Any]:
    return {
        "code": code,
        "unit_code": unit,
        "procedure_code": "1.001",
        "channel": "online",
        "received_at": "2026-02-13T10:00:00+07:00",
        "status": "processing",
        "digitized": True,
        "supplement_requests": 0,
        **kw,
    }


@pytest.fixture(autouse=True)
def catalogue(org):
    load_procedures()


def test_rows_are_created_then_updated_by_code(org, personas, api):
    client = api(personas.ward_officer, write=True)
    r = client.post(URL, [row("HS-1"), row("HS-2", finished_at="2026-02-14T09:00", status="done")])
    assert r.status_code == 200, r.content
    assert r.json() == {"dry_run": False, "rows": 2, "created": 2, "updated": 0, "batch": r.json()["batch"]}
    d = Dossier.objects.get(code="HS-2")
    assert d.unit == org.ward and d.status == "done" and d.digitized and d.due_at is not None
    batch = ImportBatch.objects.get(pk=r.json()["batch"])
    assert batch.actor == personas.ward_officer and batch.via == "api" and batch.created == 2
    log = ApiCallLog.objects.latest("pk")
    assert (log.method, log.status, log.rows_written, log.user_id) == (
        "POST",
        200,
        2,
        personas.ward_officer.pk,
    )

    r = client.post(URL, [row("HS-1", status="supplement", supplement_requests=1,
                              supplement_requested_at="2026-02-13T15:00"), row("HS-2", finished_at="2026-02-14T09:00", status="done")])  # fmt: skip
    assert r.status_code == 200 and (r.json()["created"], r.json()["updated"]) == (0, 1)
    assert Dossier.objects.get(code="HS-1").status == "supplement" and Dossier.objects.count() == 2
    assert ApiCallLog.objects.latest("pk").rows_written == 1


def test_the_update_is_audited_with_the_tokens_user(org, personas, api):
    client = api(personas.ward_officer, write=True)
    assert client.post(URL, [row("HS-1")]).status_code == 200
    assert client.post(URL, [row("HS-1", channel="postal")]).status_code == 200
    d = Dossier.objects.get(code="HS-1")
    event = AuditEvent.objects.get(table_name="onestop_dossier", object_pk=str(d.pk), action="U")
    assert event.actor_id == personas.ward_officer.pk and event.source.startswith("api:")


def test_dry_run_counts_and_writes_nothing(org, personas, api):
    import_dossier_rows([row("HS-1")], actor=personas.ward_officer)
    before = ImportBatch.objects.count()
    client = api(personas.ward_officer, write=True)
    r = client.post(f"{URL}?dry_run=true", [row("HS-1", channel="postal"), row("HS-2"), row("HS-3")])
    assert r.status_code == 200, r.content
    assert r.json() == {"dry_run": True, "rows": 3, "created": 2, "updated": 1, "batch": None}
    assert Dossier.objects.count() == 1 and Dossier.objects.get(code="HS-1").channel == "online"
    assert ImportBatch.objects.count() == before
    assert ApiCallLog.objects.latest("pk").rows_written == 0


def test_bad_rows_are_each_named_and_nothing_is_written(org, personas, api):
    client = api(personas.ward_officer, write=True)
    r = client.post(
        URL,
        [row("HS-1"), row("HS-2", received_at="hôm qua"), row("HS-3", procedure_code="9.999"), row("HS-1")],
    )
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    body = r.json()
    assert (
        body["status"] == 400 and body["code"] == "import_rejected" and body["detail"] and body["detail_en"]
    )
    found = {(e["row"], e["field"]) for e in body["errors"]}
    assert {(2, "received_at"), (3, "procedure_code"), (4, "code")} <= found
    assert all(e["message"] and e["message_en"] for e in body["errors"])
    assert not Dossier.objects.exists()


def test_schema_errors_name_the_row(org, personas, api):
    r = api(personas.ward_officer, write=True).post(URL, [row("HS-1"), {**row("HS-2"), "colour": "đỏ"}])
    assert r.status_code == 400
    assert [(e["row"], e["field"]) for e in r.json()["errors"]] == [(2, "colour")]
    r = api(personas.ward_officer, write=True).post(URL, {"code": "x"})
    assert r.status_code == 400 and r.json()["errors"]


def test_a_row_of_another_unit_is_refused_with_403_and_nothing_written(org, personas, api):
    client = api(personas.ward_officer, write=True)
    r = client.post(URL, [row("HS-1"), row("HS-B", unit="HP.CAP.B")])
    assert r.status_code == 403 and r.json()["code"] == "out_of_scope"
    assert [(e["row"], e["field"]) for e in r.json()["errors"]] == [(2, "unit_code")]
    assert not Dossier.objects.exists() and not ImportBatch.objects.filter(via="api").exists()


def test_taking_over_another_units_dossier_is_refused_with_403(org, personas, api):
    import_dossier_rows([row("HS-B", unit="HP.CAP.B")], actor=personas.sibling_officer)
    r = api(personas.ward_officer, write=True).post(URL, [row("HS-A"), row("HS-B")])
    assert r.status_code == 403 and r.json()["errors"][0]["row"] == 2
    assert (
        Dossier.objects.get(code="HS-B").unit == org.sibling
        and not Dossier.objects.filter(code="HS-A").exists()
    )


def test_a_read_only_token_may_not_write(org, personas, api):
    r = api(personas.ward_officer).post(URL, [row("HS-1")])
    assert r.status_code == 403 and r.json()["code"] == "token_read_only"
    assert not Dossier.objects.exists()


def test_no_token_is_401(org, api):
    r = api().post(URL, [row("HS-1")])
    assert r.status_code == 401 and not Dossier.objects.exists()


def test_a_nul_character_in_any_value_of_a_repeated_parameter_is_a_clear_400(org, personas, api):
    # items() gave only the last value of a repeated parameter, so a NUL in an earlier one went through
    r = api(personas.ward_officer).get("/api/v1/units?on=2026-01-01&q=%00&q=HP")
    assert r.status_code == 400 and r.json()["code"] == "nul_character"


def test_a_nul_character_in_the_body_is_a_clear_400_not_a_server_error(org, personas, api):
    # found by the write fuzzing: PostgreSQL text cannot hold NUL, and the insert answered 500
    r = api(personas.ward_officer, write=True).post(URL, [row("HS-1", applicant_name="A\u0000B")])
    assert r.status_code == 400 and r.json()["code"] == "nul_character"
    assert not Dossier.objects.filter(code="HS-1").exists()
