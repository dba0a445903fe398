"""Cycles, periods and the submission workflow (services)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.audit.models import AuditEvent
from cchc.reports import services
from cchc.reports.models import ReportPeriod, ReportTemplate, Status, Submission
from cchc.reports.selectors import period_completeness, submission_values, synthesis_table

from .support import FakePlanTasks, FixedClock, approve, at, make_cycle, make_period

pytestmark = pytest.mark.django_db


def test_cycle_makes_the_preset_periods_with_one_submission_per_expected_unit(org, personas):
    cycle = make_cycle(org, preset="haiphong")
    periods = list(cycle.periods.order_by("due"))
    assert [(p.kind, p.due) for p in periods] == [
        ("q1", date(2026, 3, 10)),
        ("h1", date(2026, 6, 10)),
        ("q3", date(2026, 9, 10)),
        ("year", date(2026, 12, 10)),
    ]
    assert periods[0].data_from == date(2025, 12, 15) and periods[0].data_to == date(2026, 3, 14)
    for p in periods:
        assert set(p.submissions.values_list("unit__code", flat=True)) == {"HP.CAP.A", "HP.CAP.B"}
    # generating again adds nothing
    services.periods_generate(cycle=cycle)
    assert Submission.objects.count() == 8


def test_last_safe_day_is_the_working_day_before_a_weekend_due_date(org):
    cycle = make_cycle(org, preset="bnv")
    q1 = cycle.periods.get(kind="q1")  # 20/3/2026 is a Friday
    assert q1.last_safe_day == q1.due == date(2026, 3, 20)
    h1 = cycle.periods.get(kind="h1")  # 20/6/2026 is a Saturday
    assert h1.due == date(2026, 6, 20) and h1.last_safe_day == date(2026, 6, 19)


def test_expected_units_from_a_group(org):
    from cchc.orgs.models import UnitGroup

    group = UnitGroup.objects.create(
        code="HP.CAXP", name="Công an xã, phường", root=org.city, kinds=["commune_police"]
    )
    cycle = services.cycle_create(
        office=org.city, name="", year=2026, preset="bnv", template_code="cchc-cong-an", group=group
    )
    assert [u.code for u in services.expected_units(cycle)] == ["HP.CAP.A", "HP.CAP.B"]
    assert cycle.template.code == "cchc-cong-an"


def test_custom_preset_of_a_coordinator(org):
    cycle = services.cycle_create(
        office=org.city,
        name="Riêng",
        year=2026,
        preset=services.CUSTOM_PRESET,
        template_code="cchc-dinh-ky",
        units=[org.ward],
        custom_rules=services.custom_rules_doc({"q2": 25, "year": 5}),
    )
    assert [(p.kind, p.due) for p in cycle.periods.order_by("due")] == [
        ("q2", date(2026, 6, 25)),
        ("year", date(2026, 12, 5)),
    ]


def test_cycle_units_must_be_inside_the_office(org, personas):
    with pytest.raises(ValidationError):
        make_cycle(org, units=[org.other_dept])
    with pytest.raises(PermissionDenied):
        services.cycle_create(
            office=org.city,
            name="",
            year=2026,
            preset="bnv",
            template_code="cchc-dinh-ky",
            units=[org.ward],
            actor=personas.ward_officer,
        )


def test_adhoc_report_has_its_own_window_and_due_date(org):
    period = make_period(org, due=date(2026, 11, 30), title="Báo cáo đột xuất về Đề án 06")
    assert period.kind == ReportPeriod.ADHOC and period.content
    assert period.submissions.count() == 2
    make_period(org, due=date(2026, 12, 3), cycle=period.cycle)  # several ad-hoc reports in one cycle


def test_template_version_is_stored_once(org):
    make_cycle(org)
    make_cycle(org)
    assert ReportTemplate.objects.filter(code="cchc-dinh-ky").count() == 1


def test_full_workflow_and_lock(org, personas, monkeypatch):
    clock = FixedClock(monkeypatch)
    period = make_period(org, due=date(2026, 9, 10))
    sub = period.submissions.get(unit=org.ward)
    sub = services.submission_save(
        submission=sub,
        actor=personas.ward_officer,
        narratives={"chi_dao.ke_hoach": "Đã ban hành kế hoạch", "nope": "ignored"},
        numbers={"staff_trained": "3"},
    )
    assert sub.status == Status.DRAFT and sub.narratives == {"chi_dao.ke_hoach": "Đã ban hành kế hoạch"}
    clock.set(at(2026, 9, 10, 23, 59, 59))
    services.submission_submit(submission=sub, actor=personas.ward_officer)
    with pytest.raises(PermissionDenied):
        services.submission_approve(submission=sub, actor=personas.ward_officer)
    with pytest.raises(PermissionDenied):
        services.submission_approve(submission=sub, actor=personas.department_head)
    with pytest.raises(ValidationError):  # not yet approved
        services.submission_accept(submission=sub, actor=personas.coordinator)
    clock.set(at(2026, 9, 12))
    services.submission_approve(submission=sub, actor=personas.ward_head)
    with pytest.raises(PermissionDenied):
        services.submission_accept(submission=sub, actor=personas.other_coordinator)
    services.submission_accept(submission=sub, actor=personas.coordinator)
    sub.refresh_from_db()
    assert sub.status == Status.ACCEPTED
    # the report is the unit's when its head approved it: sent by staff on the due date, approved two days later,
    # it is late (issue 14: nothing the head has not approved counts)
    c = period_completeness(period)
    assert (c.expected, c.on_time, c.late, c.missing) == (2, 0, 1, 1)
    # locked
    with pytest.raises(ValidationError):
        services.submission_save(submission=sub, actor=personas.ward_officer, numbers={"staff_trained": "4"})
    with pytest.raises(PermissionDenied):
        services.submission_reopen(submission=sub, actor=personas.ward_head, reason="x")
    with pytest.raises(ValidationError):
        services.submission_reopen(submission=sub, actor=personas.coordinator, reason=" ")
    services.submission_reopen(submission=sub, actor=personas.coordinator, reason="Bổ sung số liệu kiểm tra")
    sub.refresh_from_db()
    assert sub.status == Status.RETURNED and sub.comment == "Bổ sung số liệu kiểm tra"
    services.submission_save(submission=sub, actor=personas.ward_officer, numbers={"staff_trained": "4"})
    clock.set(at(2026, 9, 20))
    services.submission_submit(submission=sub, actor=personas.ward_officer)
    sub.refresh_from_db()
    assert sub.first_submitted_at == at(2026, 9, 10, 23, 59, 59)  # the first submission still counts
    assert [e.action for e in sub.events.all()] == ["submit", "approve", "accept", "reopen", "submit"]
    assert AuditEvent.objects.filter(table_name="reports_submission", object_pk=str(sub.pk)).exists()


def test_return_needs_a_comment_and_reopens_the_draft(org, personas):
    period = make_period(org, due=date(2026, 9, 10))
    sub = period.submissions.get(unit=org.ward)
    services.submission_submit(submission=sub, actor=personas.ward_officer)
    with pytest.raises(ValidationError):
        services.submission_return(submission=sub, actor=personas.coordinator, comment="")
    services.submission_return(submission=sub, actor=personas.coordinator, comment="Thiếu phần đánh giá")
    sub.refresh_from_db()
    assert sub.status == Status.RETURNED and sub.editable


def test_a_failed_submit_keeps_the_draft(org, personas):
    period = make_period(org, due=date(2026, 9, 10))
    sub = period.submissions.get(unit=org.ward)
    services.submission_save(
        submission=sub,
        actor=personas.ward_officer,
        narratives={"danh_gia.uu_diem": "Nhiều kết quả"},
        numbers={"staff_trained": "ba"},
    )
    with pytest.raises(ValidationError) as exc:
        services.submission_submit(submission=sub, actor=personas.ward_officer)
    assert "staff_trained" in exc.value.message_dict
    sub.refresh_from_db()
    assert sub.status == Status.DRAFT
    assert sub.numbers == {"staff_trained": "ba"} and sub.narratives == {"danh_gia.uu_diem": "Nhiều kết quả"}


def test_sibling_cannot_write_the_ward_report(org, personas):
    period = make_period(org, due=date(2026, 9, 10))
    sub = period.submissions.get(unit=org.ward)
    with pytest.raises(PermissionDenied):
        services.submission_save(
            submission=sub, actor=personas.sibling_officer, numbers={"staff_trained": "1"}
        )
    with pytest.raises(PermissionDenied):
        services.submission_submit(submission=sub, actor=personas.sibling_officer)


def test_platform_figures_fill_fields_and_overrides_need_a_note(org, personas):
    period = make_period(org, due=date(2026, 9, 10))
    sub = period.submissions.get(unit=org.ward)
    with FakePlanTasks({org.ward.pk: {"due": 5, "done_on_time": 3, "done_late": 1, "overdue": 1}}) as fake:
        values = submission_values(sub)
        assert values["tasks_due"] == 5 and values["tasks_overdue"] == 1
        assert values["dossiers_received"] is None  # no onestop source yet: "chưa có dữ liệu"
        assert fake.calls[0][1:] == (period.data_from, period.data_to)
        services.submission_save(
            submission=sub, actor=personas.ward_officer, overrides={"tasks_due": {"value": "6", "note": ""}}
        )
        with pytest.raises(ValidationError):
            services.submission_submit(submission=sub, actor=personas.ward_officer)
        services.submission_save(
            submission=sub,
            actor=personas.ward_officer,
            overrides={"tasks_due": {"value": "6", "note": "Thêm 1 nhiệm vụ giao bằng văn bản"}},
        )
        services.submission_submit(submission=sub, actor=personas.ward_officer)
    sub.refresh_from_db()
    assert sub.figures["tasks_due"] == "5"  # snapshot at submission
    values = submission_values(sub)  # source gone: the snapshot still answers
    assert values["tasks_due"] == Decimal(6) and values["tasks_on_time"] == Decimal(3)
    assert sub.overrides["tasks_due"]["note"] == "Thêm 1 nhiệm vụ giao bằng văn bản"


def test_synthesis_adds_up_sent_reports_only(org, personas):
    period = make_period(org, due=date(2026, 9, 10))
    ward = period.submissions.get(unit=org.ward)
    sibling = period.submissions.get(unit=org.sibling)
    with FakePlanTasks({org.ward.pk: {"due": 5}, org.sibling.pk: {"due": 7}}):
        services.submission_save(submission=ward, actor=personas.ward_officer, numbers={"staff_trained": "2"})
        services.submission_submit(submission=ward, actor=personas.ward_officer)
        services.submission_save(
            submission=sibling, actor=personas.sibling_officer, numbers={"staff_trained": "9"}
        )
        rows, totals = synthesis_table(period)
        assert rows == [] and totals["staff_trained"] is None  # sent, not yet approved by its head
        services.submission_approve(submission=ward, actor=personas.ward_head)
        rows, totals = synthesis_table(period)
        assert totals["staff_trained"] == 2 and totals["tasks_due"] == 5  # the sibling's draft is not counted
        services.submission_submit(submission=sibling, actor=personas.sibling_officer)
        approve(period.submissions.get(unit=org.sibling), personas)
    rows, totals = synthesis_table(period)
    assert len(rows) == 2
    assert totals["staff_trained"] == 11 and totals["tasks_due"] == 12
    assert totals["legal_docs"] is None and totals["satisfaction"] is None
    synthesis = services.synthesis_get_or_create(period=period, actor=personas.coordinator)
    services.synthesis_save(
        synthesis=synthesis,
        actor=personas.coordinator,
        overrides={"staff_trained": {"value": "12", "note": "Cộng PC06"}},
    )
    with pytest.raises(PermissionDenied):
        services.synthesis_save(synthesis=synthesis, actor=personas.ward_head)
