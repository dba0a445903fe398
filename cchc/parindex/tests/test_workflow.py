"""Services: framework versions, self-assessment, approval, appraisal, explanation, publication, corrections."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.parindex import results, rules, services
from cchc.parindex.models import Adjustment, Assessment, Evidence, Framework, Round, Score

from .conftest import SMALL, assessment_of, publish

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def _complete_self(a, actor, values=None):
    values = values or {"1.1": "3.5", "1.2": "2", "2.1": "2"}
    services.self_assessment_save(
        assessment=a,
        actor=actor,
        entries={
            code: {"self": v, "note": "Đã làm", "no_evidence_note": "Lưu tại đơn vị"}
            for code, v in values.items()
        },
    )


def _appraise_all(rnd, actor, round_no, values):
    for a in rnd.assessments.all():
        services.appraisal_save(
            assessment=a, actor=actor, round_no=round_no,
            entries={code: {"score": v, "comment": ""} for code, v in values.items()},
        )  # fmt: skip


def test_sample_framework_is_100_points_and_marked(db):
    fw = services.sample_framework(year=2024)
    assert fw.is_sample
    assert fw.max_points == Decimal(100)
    assert fw.bonus_cap == Decimal(2) and fw.penalty_points == Decimal(2)
    assert [b["min"] for b in fw.bands] == ["95", "80", "70", "50", "0"]
    assert str(fw.evidence_from) == "2023-09-15" and str(fw.evidence_to) == "2024-09-14"
    assert services.sample_framework(year=2024) == fw  # idempotent
    other = services.sample_framework(year=2026)
    assert other.year == 2026 and "2026" in other.name and str(other.evidence_to) == "2026-09-14"


def test_import_makes_new_versions_and_rejects_bad_trees(db):
    a = services.framework_import(document=SMALL)
    b = services.framework_import(document=SMALL)
    assert (a.version, b.version) == (1, 2)
    assert a.criteria.filter(is_leaf=True).count() == 4
    assert a.criteria.get(code="1").max_points == Decimal(6)
    bad = json.loads(json.dumps(SMALL))
    bad["framework"]["criteria"][0]["max"] = 7
    with pytest.raises(DomainError, match="khác tổng điểm"):
        services.framework_import(document=bad)
    bad = json.loads(json.dumps(SMALL))
    bad["framework"]["criteria"][1]["children"][0]["method"] = "magic"
    with pytest.raises(DomainError, match="cách chấm"):
        services.framework_import(document=bad)
    assert Framework.objects.count() == 2


def test_excel_export_then_import_round_trips(db, tmp_path):
    from cchc.parindex.loaders import write_framework_xlsx

    fw = services.sample_framework(year=2024)
    path = tmp_path / "fw.xlsx"
    write_framework_xlsx(results.core_framework(fw), path)
    again = services.framework_import_file(path=path)
    assert again.version == 2
    assert results.framework_document(again)["criteria"] == results.framework_document(fw)["criteria"]


def test_rule_registry_no_data_then_plugged_source(par_round, org):
    a = assessment_of(par_round, org.pc06)
    s = a.scores.get(criterion__code="1.2")
    assert s.computed_points is None and "Chưa có dữ liệu" in s.computed_detail
    assert "Chưa có dữ liệu" in a.scores.get(criterion__code="2.2").computed_detail
    if "index766" not in rules.SOURCES:  # the onestop module has not plugged in: said clearly
        result = rules.evaluate_rule(
            "index766", org.pc06, date(2025, 1, 1), date(2025, 12, 31), None, Decimal(5)
        )
        assert not result.has_data and "chưa được kết nối" in result.detail
    previous = rules.SOURCES.get("plan_tasks_on_time")
    rules.register_source("plan_tasks_on_time", lambda unit, start, end: rules.Measure(Decimal(85), "17/20"))
    try:
        services.refresh_computed(assessment=a)
    finally:
        rules.SOURCES["plan_tasks_on_time"] = previous
    s.refresh_from_db()
    assert s.computed_points == Decimal("1.5") and s.self_score == Decimal("1.5")
    assert rules.points_for(Decimal(100), None, Decimal(4)) == Decimal(4)
    with pytest.raises(KeyError):
        rules.register_source("nope", lambda *a: None)


def test_plan_tasks_on_time_reads_the_plans_module(par_round, org):
    from cchc.plans.models import Assignment, Plan, Task

    plan = Plan.objects.create(
        issuer=org.city, title="Kế hoạch CCHC 2026", year=2026, status=Plan.Status.ISSUED
    )
    for i, status in enumerate(["done", "done", "done", "done_late", "in_progress"]):
        task = Task.objects.create(
            plan=plan, content=f"Nhiệm vụ {i}", order=i, deadline_end=date(2026, 3, 1 + i)
        )
        Assignment.objects.create(task=task, unit=org.pc06, role="lead", status=status)
    late = Task.objects.create(plan=plan, content="Ngoài kỳ", order=9, deadline_end=date(2026, 12, 1))
    Assignment.objects.create(task=late, unit=org.pc06, role="lead", status="not_done")
    a = assessment_of(par_round, org.pc06)
    services.refresh_computed(assessment=a)
    s = a.scores.get(criterion__code="1.2")
    assert s.computed_points == Decimal(0)  # 3/5 = 60 % is below the 80 % step
    assert s.computed_detail.startswith("3/5")


def test_self_assessment_rules(par_round, org, personas):
    a = assessment_of(par_round, org.pc06)
    staff = personas.department_head
    with pytest.raises(ValidationError, match="khoảng"):
        services.self_assessment_save(assessment=a, actor=staff, entries={"1.1": {"self": "5"}})
    with pytest.raises(ValidationError, match="khảo sát"):
        services.self_assessment_save(assessment=a, actor=staff, entries={"2.2": {"self": "1"}})
    with pytest.raises(ValidationError, match="lý do"):
        services.self_assessment_save(assessment=a, actor=staff, entries={"2.1": {"na": True}})
    services.self_assessment_save(assessment=a, actor=staff, entries={"1.1": {"self": "3,5"}})
    problems = services.self_assessment_problems(a)
    assert any("1.1" in p and "tài liệu" in p for p in problems)  # evidence required unless explained
    assert any("1.2" in p for p in problems) and not any("2.2" in p for p in problems)
    with pytest.raises(DomainError):
        services.self_assessment_submit(assessment=a, actor=staff)
    crit = a.scores.get(criterion__code="1.1").criterion
    with pytest.raises(ValidationError, match="pdf"):
        services.evidence_add(
            assessment=a, criterion=crit, actor=staff, upload=SimpleUploadedFile("x.exe", b"MZ")
        )
    with pytest.raises(ValidationError, match="không đúng định dạng"):  # a renamed executable
        services.evidence_add(
            assessment=a, criterion=crit, actor=staff, upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00")
        )
    ev = services.evidence_add(
        assessment=a, criterion=crit, actor=staff, upload=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 test")
    )
    assert ev.file.name.startswith(f"parindex/evidence/{par_round.pk}/HP.PC06/1.1/")
    services.self_assessment_save(
        assessment=a,
        actor=staff,
        entries={
            "1.2": {"self": "2", "no_evidence_note": "Số liệu phân hệ kế hoạch"},
            "2.1": {"na": True, "na_reason": "Không giải quyết TTHC"},
        },
    )
    assert services.self_assessment_problems(a) == []


def test_staff_submits_head_approves(par_round, org, personas):
    a = assessment_of(par_round, org.ward)
    services.self_assessment_save(
        assessment=a, actor=personas.ward_officer,
        entries={c: {"self": "1", "no_evidence_note": "Lưu tại đơn vị"} for c in ("1.1", "1.2", "2.1")},
    )  # fmt: skip
    services.self_assessment_submit(assessment=a, actor=personas.ward_officer)
    assert a.status == Assessment.Status.AWAITING_HEAD
    with pytest.raises(PermissionDenied):
        services.self_assessment_approve(assessment=a, actor=personas.ward_officer)
    with pytest.raises(DomainError):
        services.self_assessment_save(
            assessment=a, actor=personas.ward_officer, entries={"1.1": {"self": "2"}}
        )
    services.self_assessment_approve(assessment=a, actor=personas.ward_head)
    assert a.status == Assessment.Status.SUBMITTED and a.approved_by == personas.ward_head


def test_full_round_publication_matches_the_command(par_round, org, personas, tmp_path):
    coordinator, appraiser = personas.coordinator, personas.appraiser
    pc06 = assessment_of(par_round, org.pc06)
    ward = assessment_of(par_round, org.ward)
    _complete_self(pc06, personas.department_head)
    services.self_assessment_save(
        assessment=ward, actor=personas.ward_officer,
        entries={"2.1": {"na": True, "na_reason": "Không có bộ phận một cửa"}},
    )  # fmt: skip
    _complete_self(ward, personas.ward_officer, {"1.1": "4", "1.2": "1"})
    services.self_assessment_submit(assessment=pc06, actor=personas.department_head)
    assert pc06.status == Assessment.Status.SUBMITTED  # the head's submission is the approval
    with pytest.raises(DomainError):
        services.appraisal_save(assessment=pc06, actor=appraiser, round_no=1, entries={"1.1": {"score": "3"}})
    with pytest.raises(
        DomainError, match=r"HP\.CAP\.A"
    ) as refused:  # the ward never submitted: confirm first
        services.round_advance(rnd=par_round, actor=coordinator)
    assert refused.value.code == "confirm_phase_change" and par_round.phase == Round.Phase.SELF
    services.round_advance(rnd=par_round, actor=coordinator, confirm=True)
    assert par_round.phase == Round.Phase.ROUND1
    with pytest.raises(DomainError):  # no self edits once appraisal starts
        services.self_assessment_save(
            assessment=ward, actor=personas.ward_officer, entries={"1.1": {"self": "1"}}
        )
    _appraise_all(par_round, appraiser, 1, {"1.1": "3", "1.2": "1.5", "2.1": "2", "2.2": "1.5"})
    services.appraisal_save(
        assessment=ward,
        actor=appraiser,
        round_no=1,
        entries={"2.1": {"score": "", "na_decision": "approved"}},
    )
    services.appraisal_save(
        assessment=pc06,
        actor=appraiser,
        round_no=1,
        entries={"1.1": {"score": "2", "comment": "Thiếu kế hoạch"}},
    )
    with pytest.raises(DomainError):
        services.round_request_publication(rnd=par_round, actor=coordinator)
    services.round_advance(rnd=par_round, actor=coordinator)
    services.explanation_save(
        assessment=pc06, actor=personas.department_head, entries={"1.1": "Bổ sung kế hoạch"}, submit=True
    )
    crit = pc06.scores.get(criterion__code="1.1").criterion
    with pytest.raises(DomainError):
        services.evidence_add(
            assessment=pc06, criterion=crit, actor=personas.department_head, url="https://x.vn/kh"
        )
    services.round_advance(rnd=par_round, actor=coordinator)
    assert par_round.phase == Round.Phase.ROUND2
    services.appraisal_save(
        assessment=pc06,
        actor=appraiser,
        round_no=2,
        entries={"1.1": {"score": "3.5", "comment": "Chấp nhận"}},
    )
    with pytest.raises(DomainError, match="lớn hơn 0"):
        services.adjustment_add(assessment=pc06, actor=appraiser, kind="bonus", points="0", reason="x")
    services.adjustment_add(assessment=pc06, actor=appraiser, kind="bonus", points="1.5", reason="Sáng kiến")
    with pytest.raises(DomainError, match="tối đa 2") as over:  # 1.5 + 1 is above the framework's cap of 2
        services.adjustment_add(
            assessment=pc06, actor=appraiser, kind="bonus", points="1", reason="Cách làm mới"
        )
    assert over.value.code == "bonus_over_cap"
    services.adjustment_add(
        assessment=pc06, actor=appraiser, kind="bonus", points="0.5", reason="Cách làm mới"
    )
    services.adjustment_add(
        assessment=ward, actor=appraiser, kind="penalty", points="2", reason="Đơn thư đúng"
    )
    unsubmitted = services.never_submitted(par_round)
    assert unsubmitted  # a unit that never sent its self-assessment is published only when confirmed
    with pytest.raises(DomainError, match="chưa gửi tự đánh giá"):
        services.round_request_publication(rnd=par_round, actor=coordinator)
    services.round_request_publication(rnd=par_round, actor=coordinator, confirm_unsubmitted=True)
    with pytest.raises(DomainError):  # frozen while the leader decides
        services.appraisal_save(assessment=pc06, actor=appraiser, round_no=2, entries={"1.1": {"score": "1"}})
    with pytest.raises(PermissionDenied):  # the coordinator does not approve
        services.round_publish(rnd=par_round, actor=coordinator)
    version = services.round_publish(rnd=par_round, actor=personas.leader)
    assert par_round.phase == Round.Phase.PUBLISHED and version.number == 1
    units = {u["code"]: u for u in version.document["units"]}
    # PC06: 3.5 + 1.5 + 2 + 1.5 = 8.5 of 10, bonus capped at 2 → 105.00
    assert units["HP.PC06"]["index"] == 105 and units["HP.PC06"]["bonus"] == 2
    assert units["HP.PC06"]["band"] == "Xuất sắc" and units["HP.PC06"]["rank"] == 1
    # Ward: 2.1 not applicable → (3 + 1.5 + 1.5 − 2) / 8 = 50.00
    assert units["HP.CAP.A"]["max"] == 8 and units["HP.CAP.A"]["index"] == 50
    assert units["HP.CAP.A"]["band"] == "Hoàn thành nhiệm vụ"
    # The command computes the very same numbers from the stored input document.
    path = tmp_path / "round.json"
    path.write_text(json.dumps(version.input_document, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "manage.py", "parindex_evaluate", str(path), "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    command = json.loads(proc.stdout)
    stored = {k: v for k, v in version.document.items() if k != "bands"}
    for unit in stored["units"]:
        unit.pop("leaves")
    assert command == stored
    # Frozen after publication.
    with pytest.raises(DomainError):
        services.appraisal_save(assessment=pc06, actor=appraiser, round_no=2, entries={"1.1": {"score": "1"}})
    # A correction makes a new, visible version; the first stays.
    with pytest.raises(DomainError):
        services.round_reopen(rnd=par_round, actor=coordinator, reason=" ")
    services.round_reopen(rnd=par_round, actor=coordinator, reason="Sai điểm tiêu chí 1.1")
    services.appraisal_save(assessment=pc06, actor=appraiser, round_no=2, entries={"1.1": {"score": "3"}})
    with pytest.raises(DomainError):
        services.round_request_publication(rnd=par_round, actor=coordinator)
    v2 = publish(par_round, personas, reason="Sai điểm tiêu chí 1.1")
    assert v2.number == 2 and par_round.versions.count() == 2
    assert {u["code"]: u["index"] for u in v2.document["units"]}["HP.PC06"] == 100
    assert {u["code"]: u["index"] for u in version.document["units"]}["HP.PC06"] == 105
    # Every change is audited.
    assert AuditEvent.objects.filter(table_name="parindex_score", action="U").count() > 5
    assert AuditEvent.objects.filter(table_name="parindex_adjustment", action="I").count() == 3
    assert AuditEvent.objects.filter(table_name="parindex_resultversion").count() == 2


def test_self_index_leaves_out_unmeasured_survey_criteria(par_round, org, personas):
    a = assessment_of(par_round, org.pc06)
    _complete_self(a, personas.department_head, {"1.1": "4", "1.2": "2", "2.1": "1"})
    r = results.unit_result(a, "self")
    assert r.max == Decimal(8) and r.index == Decimal("87.50")
    assert results.unit_result(a, "appraised") is None  # not appraised yet


def test_publish_refuses_pending_na_requests(par_round, org, personas):
    a = assessment_of(par_round, org.pc06)
    services.self_assessment_save(
        assessment=a,
        actor=personas.department_head,
        entries={"2.1": {"na": True, "na_reason": "Không áp dụng"}},
    )
    par_round.phase = Round.Phase.ROUND2
    par_round.save()
    _appraise_all(par_round, personas.appraiser, 2, {"1.1": "3", "1.2": "1", "2.1": "1", "2.2": "1"})
    with pytest.raises(DomainError, match="hạ chuẩn"):
        services.round_request_publication(rnd=par_round, actor=personas.coordinator)
    services.appraisal_save(
        assessment=a,
        actor=personas.appraiser,
        round_no=2,
        entries={"2.1": {"score": "1", "na_decision": "rejected"}},
    )
    version = publish(par_round, personas)
    assert {u["code"]: u["max"] for u in version.document["units"]}["HP.PC06"] == 10
    assert Score.objects.get(assessment=a, criterion__code="2.1").na_decision == "rejected"
    assert Adjustment.objects.count() == 0 and Evidence.objects.count() == 0


def test_round_one_starts_survey_criteria_at_the_survey_points(par_round, org, personas):
    previous = rules.SOURCES.get("survey_index")
    rules.register_source(
        "survey_index", lambda unit, start, end: rules.Measure(Decimal(92), "Chỉ số hài lòng 92%")
    )
    try:
        services.round_advance(rnd=par_round, actor=personas.coordinator, confirm=True)
    finally:
        if previous is None:
            rules.unregister_source("survey_index")
        else:
            rules.SOURCES["survey_index"] = previous
    s = Score.objects.get(assessment__round=par_round, assessment__unit=org.pc06, criterion__code="2.2")
    assert s.computed_points == Decimal("1.84") and s.round1 == Decimal("1.84")  # linear: 2 × 92 %
    assert s.self_score is None  # never self-scored
