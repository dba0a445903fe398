"""POST /api/v1/data-values: figures into a unit's periodic report by period code and field code; platform figures
never overwritten silently; sent reports and stale versions answer 409; cross-unit 403; dry runs write nothing;
audited with the token's user."""

from __future__ import annotations

import pytest

from cchc.api.models import ApiCallLog
from cchc.audit.models import AuditEvent
from cchc.reports import services
from cchc.reports.models import Submission
from cchc.reports.tests.support import FakePlanTasks, make_cycle

pytestmark = pytest.mark.django_db

URL = "/api/v1/data-values"


@pytest.fixture
def cycle(org):
    return make_cycle(org)


def q1(org, unit=None) -> Submission:
    return Submission.objects.get(period__kind="q1", unit=unit or org.ward)


def body(values, period="2026Q1", unit="HP.CAP.A", **kw):
    return {"period": period, "unit": unit, "values": values, **kw}


def test_values_are_written_and_audited_with_the_tokens_user(org, personas, cycle, api):
    client = api(personas.ward_officer, write=True)
    r = client.post(URL, body([{"code": "staff_trained", "value": 3}, {"code": "chi_dao.ke_hoach", "value": "KH"}],
                              period="2025-12-15/P3M"))  # fmt: skip
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["import_count"] == {"imported": 2, "updated": 0, "deleted": 0, "ignored": 0}
    assert out["report"]["unit"] == "HP.CAP.A" and out["report"]["data_to"] == "2026-03-14"
    sub = q1(org)
    assert sub.numbers == {"staff_trained": "3"} and out["report"]["version"] == sub.edit_version
    event = AuditEvent.objects.get(table_name="reports_submission", object_pk=str(sub.pk), action="U")
    assert event.actor_id == personas.ward_officer.pk and event.source.startswith("api:")
    assert ApiCallLog.objects.latest("pk").rows_written == 2


def test_dry_run_writes_nothing(org, personas, cycle, api):
    r = api(personas.ward_officer, write=True).post(
        f"{URL}?dry_run=true", body([{"code": "staff_trained", "value": 3}])
    )
    assert r.status_code == 200 and r.json()["dry_run"] and r.json()["values"][0]["action"] == "created"
    assert q1(org).numbers == {} and q1(org).edit_version == r.json()["report"]["version"]
    assert ApiCallLog.objects.latest("pk").rows_written == 0


def test_delete_strategy(org, personas, cycle, api):
    client = api(personas.ward_officer, write=True)
    client.post(URL, body([{"code": "staff_trained", "value": 3}]))
    r = client.post(f"{URL}?import_strategy=delete", body([{"code": "staff_trained"}]))
    assert r.status_code == 200 and r.json()["import_count"]["deleted"] == 1
    assert q1(org).numbers.get("staff_trained") == ""
    assert client.post(f"{URL}?import_strategy=merge", body([{"code": "staff_trained"}])).status_code == 400


def test_validation_errors_name_each_value(org, personas, cycle, api):
    with FakePlanTasks({org.ward.pk: {"due": 5}}):
        r = api(personas.ward_officer, write=True).post(
            URL,
            body([{"code": "staff_trained", "value": 1}, {"code": "nope", "value": 1},
                  {"code": "tasks_due", "value": 7}, {"code": "legal_docs", "value": "nhiều"}]),
        )  # fmt: skip
    assert r.status_code == 400 and r["Content-Type"].startswith("application/problem+json")
    errors = r.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(2, "code"), (3, "value"), (4, "value")]
    assert "nền tảng" in errors[1]["message"] and "platform" in errors[1]["message_en"]
    assert q1(org).numbers == {}
    r = api(personas.ward_officer, write=True).post(URL, body([{"code": "x", "value": 1, "colour": 2}]))
    assert r.status_code == 400 and r.json()["errors"][0]["row"] == 1
    r = api(personas.ward_officer, write=True).post(URL, body([{"code": "x"}], period="Q1/2026"))
    assert r.status_code == 400 and r.json()["code"] == "invalid_period"


def test_another_units_report_is_403_and_nothing_written(org, personas, cycle, api):
    r = api(personas.ward_officer, write=True).post(
        URL, body([{"code": "staff_trained", "value": 1}], unit="HP.CAP.B")
    )
    assert r.status_code == 403 and q1(org, org.sibling).numbers == {}


def test_a_read_only_token_may_not_write(org, personas, cycle, api):
    r = api(personas.ward_officer).post(URL, body([{"code": "staff_trained", "value": 1}]))
    assert r.status_code == 403 and r.json()["code"] == "token_read_only" and q1(org).numbers == {}


def test_a_stale_version_is_409_and_nothing_written(org, personas, cycle, api):
    version = q1(org).edit_version
    ok = api(personas.ward_head, write=True).post(
        URL, body([{"code": "staff_trained", "value": 1}], version=version)
    )
    assert ok.status_code == 200
    r = api(personas.ward_officer, write=True).post(
        URL, body([{"code": "staff_trained", "value": 2}], version=version)
    )
    assert r.status_code == 409 and r.json()["code"] == "stale_write" and r.json()["detail_en"]
    assert q1(org).numbers == {"staff_trained": "1"}
    again = api(personas.ward_officer, write=True).post(
        URL, body([{"code": "staff_trained", "value": 2}], version=ok.json()["report"]["version"])
    )
    assert again.status_code == 200 and again.json()["values"][0]["previous"] == "1"


def test_a_sent_report_is_409(org, personas, cycle, api):
    services.submission_submit(submission=q1(org), actor=personas.ward_officer)
    r = api(personas.ward_officer, write=True).post(URL, body([{"code": "staff_trained", "value": 1}]))
    assert r.status_code == 409 and r.json()["code"] == "report_not_editable"
    assert (
        "đã gửi" in r.json()["detail"] and "sent" in r.json()["detail_en"] and "%(" not in r.json()["detail"]
    )
