"""POST /api/v1/pakn: one record from another system, validated as an import_pakn row, into the unit's numbered
register; held to the token user's data scope; dry runs write nothing; audited with the token's user."""

from __future__ import annotations

from typing import Any

import pytest

from cchc.api.models import ApiCallLog
from cchc.audit.models import AuditEvent
from cchc.pakn.models import Record

pytestmark = pytest.mark.django_db

URL = "/api/v1/pakn"


def record(code: str = "PA-1", unit: str = "HP.CAP.A", **kw: Any) -> dict[str, Any]:
    return {
        "code": code,
        "unit_code": unit,
        "received_at": "2026-03-02T09:00:00+07:00",
        "channel": "portal",
        "sender_type": "citizen",
        "kind": "phan_anh",
        "category": "regulation",
        "title": "Chậm trả kết quả",
        "content": "Hồ sơ trễ hẹn",
        "sender_name": "Nguyễn Văn A",
        "sender_phone": "0912345678",
        "likes": 0,
        **kw,
    }


def test_a_new_record_enters_the_register_then_updates_by_code(org, personas, api):
    client = api(personas.ward_officer, write=True)
    r = client.post(URL, record())
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["created"] and body["unit"] == "HP.CAP.A" and body["register_number"] == 1
    assert body["register_label"] == "01/2026"
    saved = Record.objects.get(code="PA-1")
    assert saved.unit == org.ward and saved.entered_by == personas.ward_officer and saved.imported
    assert client.post(URL, record("PA-2")).json()["register_number"] == 2
    r = client.post(URL, record(handled_at="2026-03-05T10:00"))
    assert r.status_code == 200 and not r.json()["created"] and r.json()["register_number"] == 1
    assert Record.objects.count() == 2 and Record.objects.get(code="PA-1").handled_at is not None
    assert ApiCallLog.objects.latest("pk").rows_written == 1
    event = AuditEvent.objects.get(table_name="pakn_record", object_pk=str(saved.pk), action="U")
    assert event.actor_id == personas.ward_officer.pk and event.source.startswith("api:")


def test_dry_run_validates_and_writes_nothing(org, personas, api):
    r = api(personas.ward_officer, write=True).post(f"{URL}?dry_run=true", record())
    assert r.status_code == 200 and r.json()["dry_run"] and r.json()["created"]
    assert r.json()["register_number"] is None and not Record.objects.exists()
    assert ApiCallLog.objects.latest("pk").rows_written == 0


def test_bad_fields_are_named_and_nothing_written(org, personas, api):
    r = api(personas.ward_officer, write=True).post(URL, record(channel="fax", handled_at="2026-03-01T09:00"))
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    errors = r.json()["errors"]
    assert errors[0]["row"] == 1 and errors[0]["field"] == "channel"
    assert errors[0]["message"] and errors[0]["message_en"]
    r = api(personas.ward_officer, write=True).post(URL, record(handled_at="2026-03-01T09:00"))
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "handled_at"
    r = api(personas.ward_officer, write=True).post(URL, {**record(), "extra": 1})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "extra"
    assert not Record.objects.exists()


def test_another_units_record_is_refused_with_403(org, personas, api):
    r = api(personas.ward_officer, write=True).post(URL, record(unit="HP.CAP.B"))
    assert r.status_code == 403 and r.json()["code"] == "out_of_scope"
    assert r.json()["errors"][0]["field"] == "unit_code" and not Record.objects.exists()


def test_a_read_only_token_may_not_submit(org, personas, api):
    r = api(personas.ward_officer).post(URL, record())
    assert r.status_code == 403 and r.json()["code"] == "token_read_only" and not Record.objects.exists()
