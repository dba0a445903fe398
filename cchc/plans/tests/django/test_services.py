"""Services of the plans module: import → draft plan, resolution, issuing, cascade, progress workflow, reminders."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.errors import DomainError
from cchc.plans import services
from cchc.plans.models import Assignment, Notification, Plan, ProgressUpdate, Status, TaskUnit
from cchc.plans.services import progress as progress_services

from .helpers import issued_plan, make_groups, sample

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def pdf(name="minh-chung.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_save_extracted_plan_makes_a_resolved_draft(org):
    make_groups(org)
    pk = services.save_extracted_plan(sample(), "HP")
    plan = Plan.objects.get(pk=pk)
    assert plan.status == Plan.Status.DRAFT
    assert plan.issuer == org.city
    assert (plan.doc_number, plan.issue_date, plan.year) == ("447/KH-CAHP-PV01", date(2026, 1, 19), 2026)
    assert plan.tasks.count() == 3
    assert plan.sections.count() == 2
    assert plan.subplan_days == 7  # "Trong vòng 7 ngày kể từ ngày nhận được Kế hoạch này"
    refs = {r.text: r for r in TaskUnit.objects.filter(task__plan=plan)}
    assert refs["PV01"].unit == org.pv01
    assert refs["PC06"].unit == org.pc06
    assert refs["Công an các đơn vị, địa phương"].group.code == "HP.CADVDP"
    assert refs["Công an xã, phường, đặc khu"].group.code == "HP.CAXP"
    assert not refs["Các đơn vị nghiệp vụ được giao chủ trì"].resolved
    t = plan.tasks.get(code="8.8")
    assert (t.leader, t.target, t.deadline_kind) == (
        "Đ/c Phó Giám đốc",
        "100% đơn vị ban hành kế hoạch",
        "relative",
    )


def test_save_extracted_plan_unknown_issuer_is_bad_input(org):
    with pytest.raises(DomainError):
        services.save_extracted_plan(sample(), "NOWHERE")
    assert not Plan.objects.exists()


def test_issue_refuses_unresolved_then_maps_and_remembers(org, personas):
    make_groups(org)
    plan = Plan.objects.get(pk=services.save_extracted_plan(sample(), "HP"))
    with pytest.raises(DomainError) as refused:
        services.plan_issue(plan=plan, user=personas.coordinator)
    assert refused.value.code == "unresolved_references"
    services.plan_map_reference(
        plan=plan,
        user=personas.coordinator,
        text="Các đơn vị nghiệp vụ được giao chủ trì",
        target=f"unit:{org.pv01.pk}",
    )
    assert org.pv01.aliases.filter(name="Các đơn vị nghiệp vụ được giao chủ trì").exists()
    counts = services.plan_issue(plan=plan, user=personas.coordinator, on=date(2026, 1, 19))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED
    # task 1.1: PV01 lead; group "all" gives PV01 (kept as lead), PC06, ward A, ward B as coordinating
    rows = dict(Assignment.objects.filter(task__code="1.1").values_list("unit__code", "role"))
    assert rows == {
        "HP.PV01": "lead",
        "HP.PC06": "coordinate",
        "HP.CAP.A": "coordinate",
        "HP.CAP.B": "coordinate",
    }
    assert Assignment.objects.filter(task__code="1.1", unit=org.ward).get().via_group.code == "HP.CADVDP"
    # task 8.8: one assignment per ward
    assert set(Assignment.objects.filter(task__code="8.8").values_list("unit__code", flat=True)) == {
        "HP.CAP.A",
        "HP.CAP.B",
    }
    assert counts["units"] == 4
    # next import: the alias resolves it
    from cchc.plans.resolve import Resolver

    assert Resolver(org.city).resolve("Các đơn vị nghiệp vụ được giao chủ trì").unit == org.pv01


def test_group_mapping_is_remembered_as_group_alias(org, personas):
    all_units, _wards = make_groups(org)
    services.remember_mapping(
        text="Công an các đơn vị có liên quan", target=f"group:{all_units.pk}", issuer=org.city
    )
    all_units.refresh_from_db()
    assert "Công an các đơn vị có liên quan" in all_units.aliases


def test_other_coordinator_cannot_issue_or_map(org, personas):
    make_groups(org)
    plan = Plan.objects.get(pk=services.save_extracted_plan(sample(), "HP"))
    with pytest.raises(PermissionDenied):
        services.plan_issue(plan=plan, user=personas.other_coordinator)
    with pytest.raises(PermissionDenied):
        services.plan_map_reference(
            plan=plan, user=personas.other_coordinator, text="x", target=f"unit:{org.pv01.pk}"
        )
    with pytest.raises(PermissionDenied):
        services.plan_issue(plan=plan, user=personas.ward_head)


def test_progress_workflow_submit_confirm_accept(org, personas):
    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    update = services.progress_submit(
        assignment=a, user=personas.ward_officer, text="Đã rà soát", status="done", files=[pdf()]
    )
    assert update.state == ProgressUpdate.State.SUBMITTED and update.percent == 100
    assert update.evidence.get().name == "minh-chung.pdf"
    a.refresh_from_db()
    assert a.status == Status.IN_PROGRESS  # not done until accepted
    with pytest.raises(PermissionDenied):
        services.progress_confirm(update=update, user=personas.ward_officer)
    with pytest.raises(DomainError) as refused:
        services.progress_accept(update=update, user=personas.coordinator)  # head has not confirmed
    assert refused.value.code == "not_confirmed"
    services.progress_confirm(update=update, user=personas.ward_head)
    with pytest.raises(PermissionDenied):
        services.progress_accept(update=update, user=personas.other_coordinator)
    services.progress_accept(update=update, user=personas.coordinator, today=date(2026, 3, 1))
    a.refresh_from_db()
    assert a.percent == 100
    assert a.status in (Status.DONE, Status.DONE_LATE)


def test_return_needs_a_comment_and_notifies_the_unit(org, personas):
    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    update = services.progress_submit(
        assignment=a, user=personas.ward_head, text="Báo cáo", status="in_progress", percent=40
    )
    assert update.state == ProgressUpdate.State.CONFIRMED  # a head's own report is confirmed
    with pytest.raises(DomainError) as exc:
        services.progress_return(update=update, user=personas.coordinator, comment="")
    assert exc.value.code == "reason_required"
    services.progress_return(update=update, user=personas.coordinator, comment="Thiếu minh chứng")
    assert Notification.objects.filter(user=personas.ward_officer, text__contains="Thiếu minh chứng").exists()


def test_unit_cannot_report_on_another_units_assignment(org, personas):
    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    with pytest.raises(PermissionDenied):
        services.progress_submit(
            assignment=a, user=personas.sibling_officer, text="x", status="in_progress", percent=10
        )


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("virus.exe", b"MZ....", "chỉ nhận"),
        ("fake.pdf", b"GIF89a....", "không đúng định dạng"),
    ],
)
def test_evidence_type_is_checked(org, personas, name, data, error):
    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    with pytest.raises(ValidationError) as exc:
        services.progress_submit(
            assignment=a,
            user=personas.ward_officer,
            text="x",
            status="in_progress",
            percent=10,
            files=[SimpleUploadedFile(name, data)],
        )
    assert error in str(exc.value)
    assert not ProgressUpdate.objects.exists()


def test_evidence_size_limit(org, personas, monkeypatch):
    monkeypatch.setattr(progress_services, "EVIDENCE_MAX_BYTES", 10)  # where _check_file looks it up
    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    with pytest.raises(ValidationError, match="quá lớn"):
        services.progress_submit(
            assignment=a,
            user=personas.ward_officer,
            text="x",
            status="in_progress",
            percent=10,
            files=[pdf()],
        )


def test_not_done_needs_a_reason(org, personas):
    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    with pytest.raises(ValidationError, match="lý do"):
        services.progress_submit(
            assignment=a, user=personas.ward_officer, text="x", status="not_done", percent=0
        )


def test_recurring_task_stays_open_and_records_the_period(org, personas):
    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.2", unit=org.pc06)
    u = services.progress_submit(
        assignment=a, user=personas.department_head, text="Quý I", status="done", today=date(2026, 3, 20)
    )
    assert u.period == "2026-Q1"
    services.progress_accept(update=u, user=personas.coordinator, today=date(2026, 3, 25))
    a.refresh_from_db()
    assert a.status == Status.IN_PROGRESS and a.last_period == "2026-Q1"


def test_manual_task_progress_needs_a_note(org, personas):
    plan = issued_plan(org, personas)
    task = plan.tasks.get(code="1.1")
    with pytest.raises(DomainError) as refused:
        services.task_set_progress(task=task, user=personas.coordinator, percent=50, note="")
    assert (refused.value.code, refused.value.field) == ("note_required", "note")
    services.task_set_progress(task=task, user=personas.coordinator, percent=50, note="Theo báo cáo tổng hợp")
    from cchc.plans.selectors import task_percent

    assert task_percent(task) == 50
    with pytest.raises(PermissionDenied):
        services.task_set_progress(task=task, user=personas.ward_head, percent=60, note="x")


def test_cascade_copies_tasks_and_tracks_lateness(org, personas):
    plan = issued_plan(org, personas)
    child = services.plan_cascade(parent=plan, unit=org.ward, user=personas.ward_head)
    assert child.parent_plan == plan and child.issuer == org.ward and child.status == Plan.Status.DRAFT
    copied = {t.code: t.parent_task.code for t in child.tasks.select_related("parent_task")}
    assert copied == {"1.1": "1.1", "1.2": "1.2", "8.8": "8.8"}
    # its own task added
    services.task_save(
        plan=child,
        user=personas.ward_head,
        content="Nhiệm vụ riêng của phường",
        lead=["Công an phường Hồng Bàng"],
        deadline_text="Tháng 6/2026",
    )
    services.plan_issue(plan=child, user=personas.ward_head, on=date(2026, 1, 22))
    assert services.plan_cascade(parent=plan, unit=org.ward, user=personas.ward_head) == child
    with pytest.raises(PermissionDenied):
        services.plan_cascade(parent=plan, unit=org.sibling, user=personas.ward_head)
    rows = {r["unit"].code: r for r in services.cascade_status(plan, today=date(2026, 2, 10))}
    assert plan.subplan_days == 7
    assert rows["HP.CAP.A"]["plan"] == child
    assert rows["HP.CAP.B"]["state"] == "overdue"


def test_reminders_notify_once_per_day(org, personas, mailoutbox):
    issued_plan(org, personas)
    out = services.send_reminders(today=date(2026, 3, 27), days=5)
    assert out["notifications"] >= 1
    n = Notification.objects.filter(user=personas.ward_officer, key__startswith="remind:").count()
    assert n == 1
    assert any("quá hạn" in m.subject or "sắp đến hạn" in m.subject for m in mailoutbox)
    services.send_reminders(today=date(2026, 3, 27), days=5)
    assert Notification.objects.filter(user=personas.ward_officer, key__startswith="remind:").count() == n


def test_reminder_job_runs(org, personas):
    from cchc.plans.tasks import send_plan_reminders

    issued_plan(org, personas)
    assert "notifications" in send_plan_reminders()


def test_import_plan_command_save(org, capsys):
    from pathlib import Path

    from django.core.management import call_command

    make_groups(org)
    seed = Path(__file__).resolve().parents[2] / "data" / "seeds" / "seed000.txt"
    call_command("import_plan", str(seed), "--save", "--issuer", "HP")
    pk = int(capsys.readouterr().out.strip())
    plan = Plan.objects.get(pk=pk)
    assert plan.status == Plan.Status.DRAFT and plan.issuer == org.city and plan.tasks.count() >= 70
    assert plan.doc_number == "447/KH-CAHP-PV01"
