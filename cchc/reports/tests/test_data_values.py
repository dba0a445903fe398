"""Figures sent by another system for a unit's periodic report (``data_values_import``; the API's
``POST /data-values`` calls it): period codes map to the report, codes to the template's fields; platform figures
are never overwritten silently; a sent report is not editable; a stale version is refused; dry runs write nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from cchc.audit.context import audit_context
from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.core.versioning import StaleEdit
from cchc.onestop.importing import ImportRejected
from cchc.reports import services
from cchc.reports.data_values import API_NOTE, ReportNotEditable, data_values_import
from cchc.reports.models import Status, Submission

from .support import FakePlanTasks, make_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(org):
    return make_cycle(org)


def q1(org, unit=None) -> Submission:
    return Submission.objects.get(period__kind="q1", unit=unit or org.ward)


def send(personas, values, *, actor=None, period="2026Q1", unit="HP.CAP.A", **kw):
    return data_values_import(
        actor=actor or personas.ward_officer, unit=unit, period=period, values=values, **kw
    )


def test_typed_figures_and_narratives_are_written_by_code(org, personas, cycle):
    result = send(
        personas,
        [
            {"code": "staff_trained", "value": 3},
            {"code": "legal_docs", "value": "12.5"},
            {"code": "chi_dao.ke_hoach", "value": "Đã ban hành kế hoạch"},
        ],
    )
    sub = q1(org)
    assert sub.numbers == {"staff_trained": "3", "legal_docs": "12,5"}
    assert sub.narratives == {"chi_dao.ke_hoach": "Đã ban hành kế hoạch"}
    assert sub.status == Status.DRAFT
    body = result.as_json()
    assert body["import_count"] == {"imported": 3, "updated": 0, "deleted": 0, "ignored": 0}
    assert body["report"]["data_from"] == "2025-12-15" and body["report"]["version"] == sub.edit_version
    again = send(personas, [{"code": "staff_trained", "value": 4}, {"code": "legal_docs", "value": 12.5}])
    assert [v.action for v in again.values] == ["updated", "unchanged"]
    assert again.values[0].previous == "3"


def test_the_iso_window_names_the_same_report(org, personas, cycle):
    send(personas, [{"code": "staff_trained", "value": 2}], period="2025-12-15/P3M")
    assert q1(org).numbers == {"staff_trained": "2"}
    send(personas, [{"code": "staff_trained", "value": 7}], period="2026S1")
    assert Submission.objects.get(period__kind="h1", unit=org.ward).numbers == {"staff_trained": "7"}


def test_dry_run_writes_nothing_but_reports_what_would_change(org, personas, cycle):
    before = q1(org)
    result = send(personas, [{"code": "staff_trained", "value": 3}], dry_run=True)
    assert result.values[0].action == "created" and result.dry_run
    after = q1(org)
    assert after.numbers == {} and after.status == Status.NOT_STARTED
    assert after.edit_version == before.edit_version == result.submission.edit_version


def test_bad_values_reject_the_whole_set_each_named(org, personas, cycle):
    with pytest.raises(ImportRejected) as exc:
        send(
            personas,
            [
                {"code": "staff_trained", "value": 3},
                {"code": "nope", "value": 1},
                {"code": "legal_docs", "value": -1},
                {"code": "online_services", "value": "mười"},
                {"code": "staff_trained", "value": 4},
            ],
        )
    assert [(e.row, e.field) for e in exc.value.errors] == [
        (2, "code"),
        (3, "value"),
        (4, "value"),
        (5, "code"),
    ]
    assert "%(" not in " ".join(str(e.message) for e in exc.value.errors)  # parameters filled in
    assert q1(org).numbers == {}


def test_a_platform_figure_is_kept_unless_an_adjustment_gives_its_reason(org, personas, cycle):
    with FakePlanTasks({org.ward.pk: {"due": 5}}):
        same = send(personas, [{"code": "tasks_due", "value": 5}])
        assert same.values[0].action == "unchanged" and q1(org).overrides == {}
        with pytest.raises(ImportRejected) as exc:
            send(personas, [{"code": "tasks_due", "value": 6}])
        assert exc.value.errors[0].code == "computed_figure" and "note" in str(exc.value.errors[0].message)
        assert q1(org).overrides == {}
        send(personas, [{"code": "tasks_due", "value": 6, "note": "Thêm 1 nhiệm vụ giao miệng"}])
        assert q1(org).overrides == {"tasks_due": {"value": "6", "note": "Thêm 1 nhiệm vụ giao miệng"}}
        # sending the platform's figure again removes the adjustment
        back = send(personas, [{"code": "tasks_due", "value": 5}])
        assert back.values[0].action == "deleted" and q1(org).overrides == {}
    # no platform figure for the unit: stored as an adjustment saying where it came from
    send(personas, [{"code": "dossiers_received", "value": 40}])
    assert q1(org).overrides == {"dossiers_received": {"value": "40", "note": API_NOTE}}


def test_delete_strategy_removes_values(org, personas, cycle):
    send(personas, [{"code": "staff_trained", "value": 3}, {"code": "dossiers_received", "value": 4}])
    result = send(
        personas,
        [{"code": "staff_trained"}, {"code": "dossiers_received"}, {"code": "legal_docs"}],
        import_strategy="delete",
    )
    assert [v.action for v in result.values] == ["deleted", "deleted", "unchanged"]
    sub = q1(org)
    assert sub.overrides == {} and sub.numbers.get("staff_trained", "") == ""


def test_a_sent_report_is_not_editable(org, personas, cycle):
    sub = q1(org)
    services.submission_submit(submission=sub, actor=personas.ward_officer)
    with pytest.raises(ReportNotEditable) as exc:
        send(personas, [{"code": "staff_trained", "value": 3}])
    assert exc.value.code == "report_not_editable" and "đã gửi" in exc.value.vi


def test_a_stale_version_is_refused_and_nothing_written(org, personas, cycle):
    version = q1(org).edit_version
    with audit_context(personas.ward_head, "test"):
        send(personas, [{"code": "staff_trained", "value": 1}], actor=personas.ward_head, version=version)
    with audit_context(personas.ward_officer, "test"), pytest.raises(StaleEdit):
        send(personas, [{"code": "staff_trained", "value": 2}], version=version)
    assert q1(org).numbers == {"staff_trained": "1"}
    with audit_context(personas.ward_officer, "test"):
        send(personas, [{"code": "staff_trained", "value": 2}], version=q1(org).edit_version)
    assert q1(org).numbers == {"staff_trained": "2"}


def test_another_units_report_is_refused_and_nothing_written(org, personas, cycle):
    with pytest.raises(PermissionDenied):
        send(personas, [{"code": "staff_trained", "value": 1}], unit="HP.CAP.B")
    assert q1(org, org.sibling).numbers == {}


def test_unknown_unit_period_and_strategy(org, personas, cycle):
    for kw, code in (
        ({"unit": "XX"}, "unknown_unit"),
        ({"period": "2026Q2"}, "no_report_period"),
        ({"period": "2026Q9"}, "invalid_period"),
        ({"import_strategy": "replace"}, "invalid_strategy"),
    ):
        with pytest.raises(DomainError) as exc:
            send(personas, [{"code": "staff_trained", "value": 1}], **kw)
        assert exc.value.code == code


def test_the_write_is_audited_with_the_actor(org, personas, cycle):
    with audit_context(personas.ward_officer, "api:test"):
        send(personas, [{"code": "staff_trained", "value": 9}])
    event = AuditEvent.objects.filter(
        table_name="reports_submission", object_pk=str(q1(org).pk), action="U"
    ).get()
    assert event is not None and event.actor_id == personas.ward_officer.pk


def test_two_cycles_in_a_year_need_the_data_set(org, personas, cycle):
    make_cycle(org, template="cchc-cong-an")
    with pytest.raises(DomainError) as exc:
        send(personas, [{"code": "staff_trained", "value": 1}])
    assert exc.value.code == "ambiguous_period"
    send(personas, [{"code": "staff_trained", "value": 1}], data_set="cchc-cong-an")
    assert Submission.objects.get(period__kind="q1", unit=org.ward, template__code="cchc-cong-an").numbers
