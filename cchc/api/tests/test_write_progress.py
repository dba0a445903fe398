"""POST /api/v1/assignments/{id}/progress: the web's rules (evidence for a product, 100% for done), evidence as a
link (JSON) or a file (multipart); 404 outside the view scope, 403 when visible but not writable or read-only;
a retry is not sent twice; audited with the token's user."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cchc.api.models import ApiCallLog
from cchc.audit.models import AuditEvent
from cchc.plans.models import Assignment, Evidence, ProgressUpdate
from cchc.plans.tests.django.helpers import issued_plan

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def plan(org, personas):
    return issued_plan(org, personas)


def url(a: Assignment) -> str:
    return f"/api/v1/assignments/{a.pk}/progress"


def ward(plan, org, code="1.1") -> Assignment:
    return Assignment.objects.get(task__plan=plan, task__code=code, unit=org.ward)


def test_done_with_a_link_as_evidence(plan, org, personas, api):
    a = ward(plan, org)  # task 1.1 names a product ("Báo cáo")
    today = timezone.localdate().isoformat()
    r = api(personas.ward_officer, write=True).post(
        url(a),
        {"status": "done", "text": "Đã ban hành báo cáo", "links": ["https://vanban.example.vn/bc-12.pdf"],
         "completed_on": today, "document_date": today},
    )  # fmt: skip
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["percent"] == 100 and body["state"] == "submitted" and body["unit"] == "HP.CAP.A"
    assert body["evidence"] == [{"name": "https://vanban.example.vn/bc-12.pdf", "url": "https://vanban.example.vn/bc-12.pdf",
                                 "size": 0, "document_date": today}]  # fmt: skip
    update = ProgressUpdate.objects.get(pk=body["id"])
    assert update.author == personas.ward_officer
    event = AuditEvent.objects.filter(table_name="plans_progressupdate", object_pk=str(update.pk)).first()
    assert (
        event is not None and event.actor_id == personas.ward_officer.pk and event.source.startswith("api:")
    )
    assert ApiCallLog.objects.latest("pk").rows_written == 1


def test_a_file_as_evidence_in_multipart(plan, org, personas, api_token_for):
    a = ward(plan, org)
    _, raw = api_token_for(personas.ward_officer, write=True)
    r = Client().post(
        url(a),
        {"status": "done", "text": "Xong", "files": [SimpleUploadedFile("bc.pdf", PDF, "application/pdf")]},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert r.status_code == 201, r.content
    ev = Evidence.objects.get(update_id=r.json()["id"])
    assert ev.has_file and ev.name == "bc.pdf" and not ev.url


def test_the_webs_rules_hold_errors_named_nothing_written(plan, org, personas, api):
    a = ward(plan, org)
    client = api(personas.ward_officer, write=True)
    r = client.post(url(a), {"status": "done", "text": "Xong"})  # a product without evidence
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    fields = {e["field"] for e in r.json()["errors"]}
    assert "files" in fields and all(e["message"] and e["message_en"] for e in r.json()["errors"])
    r = client.post(url(a), {"status": "done", "text": "Xong", "percent": 90, "links": ["ftp://x"]})
    assert r.status_code == 400 and {"percent", "links"} <= {e["field"] for e in r.json()["errors"]}
    r = client.post(url(a), {"status": "in_progress", "text": "Đang làm", "percent": 140})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "percent"
    assert not ProgressUpdate.objects.exists()


def test_a_retry_is_not_sent_twice(plan, org, personas, api):
    a = ward(plan, org, "1.2")
    client = api(personas.ward_officer, write=True)
    first = client.post(url(a), {"status": "in_progress", "text": "Đang làm", "percent": 40})
    again = client.post(url(a), {"status": "in_progress", "text": "Đang làm", "percent": 40})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["repeated"] and again.json()["id"] == first.json()["id"]
    assert ProgressUpdate.objects.count() == 1


def test_outside_the_view_scope_is_404_visible_but_not_writable_403(plan, org, personas, api):
    a = ward(plan, org, "1.2")
    r = api(personas.sibling_officer, write=True).post(url(a), {"status": "in_progress", "text": "x"})
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = api(personas.leader, write=True).post(url(a), {"status": "in_progress", "text": "x"})
    assert r.status_code == 403
    r = api(personas.ward_officer).post(url(a), {"status": "in_progress", "text": "x"})
    assert r.status_code == 403 and r.json()["code"] == "token_read_only"
    assert not ProgressUpdate.objects.exists()
