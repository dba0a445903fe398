"""The finding -> task -> closure loop, re-inspection, coverage (the contract command), documents, figures and the
home-page items."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from docx import Document

from cchc.core.errors import DomainError
from cchc.inspections import services
from cchc.inspections.models import Finding, Visit
from cchc.plans.models import Assignment, ProgressUpdate, Status, Task
from cchc.plans.services import progress_confirm, progress_submit

from .helpers import concluded, evidence, plan_with_visit, record

pytestmark = pytest.mark.django_db


def coverage_json(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("inspection_coverage", *args, "--json", stdout=out)
    doc: dict[str, Any] = json.loads(out.getvalue())
    return doc


def _a(finding: Finding) -> Assignment:
    assert finding.assignment is not None
    return finding.assignment


def test_a_finding_becomes_a_task_of_the_unit_with_its_deadline(org: Any, personas: Any) -> None:
    plan, visit, finding = concluded(org, personas.coordinator)
    a = finding.assignment
    assert a is not None and a.unit == org.ward and a.task.plan == plan
    assert a.task.deadline_end == date(2026, 6, 30) and a.status == Status.NOT_STARTED
    # the visit's own task (led by the inspecting office) is done
    assert Assignment.objects.get(task=visit.task).unit == org.pv01
    assert Assignment.objects.get(task=visit.task).status == Status.DONE


def test_deadline_in_working_days_is_put_on_the_calendar(org: Any, personas: Any) -> None:
    _plan, _visit, finding = concluded(org, personas.coordinator, deadline=None, days=3, on=date(2026, 4, 28))
    assert finding.assignment.task.deadline_end == date(2026, 5, 5)  # 30/04, 01/05 and the weekend skipped


def test_closed_only_when_the_inspecting_office_accepts_the_remedy(org: Any, personas: Any) -> None:
    _plan, _visit, finding = concluded(org, personas.coordinator)
    with pytest.raises(DomainError) as err:
        services.finding_close(finding=finding, actor=personas.coordinator)
    assert err.value.code == "remedy_not_reported"
    update = progress_submit(
        assignment=_a(finding),
        user=personas.ward_officer,
        text="Đã khắc phục",
        status="done",
        files=evidence(),
    )
    finding.refresh_from_db()
    assert not services.remedy_proposed(finding)  # the head has not confirmed yet
    progress_confirm(update=update, user=personas.ward_head)
    assert services.remedy_proposed(finding)
    # the inspected unit cannot close its own finding
    with pytest.raises(PermissionDenied):
        services.finding_close(finding=finding, actor=personas.ward_head)
    services.finding_close(finding=finding, actor=personas.coordinator, note="Đạt")
    finding.refresh_from_db()
    assert finding.state == Finding.State.CLOSED and finding.closed_by == personas.coordinator
    assert _a(finding).status in (Status.DONE, Status.DONE_LATE)
    assert ProgressUpdate.objects.get(pk=update.pk).state == ProgressUpdate.State.ACCEPTED


def test_refusing_the_remedy_returns_the_report(org: Any, personas: Any) -> None:
    _plan, _visit, finding = concluded(org, personas.coordinator)
    update = progress_submit(
        assignment=_a(finding), user=personas.ward_head, text="Xong", status="done", files=evidence()
    )
    with pytest.raises(DomainError):
        services.finding_refuse_remedy(finding=finding, actor=personas.coordinator, note="")
    services.finding_refuse_remedy(finding=finding, actor=personas.coordinator, note="Thiếu minh chứng")
    update.refresh_from_db()
    finding.refresh_from_db()
    assert update.state == ProgressUpdate.State.RETURNED and finding.state == Finding.State.OPEN


def test_re_inspection_checks_the_open_findings(org: Any, personas: Any) -> None:
    plan, visit, finding = concluded(org, personas.coordinator)
    again = services.visit_add(
        plan=plan,
        actor=personas.coordinator,
        data=services.VisitInput(
            unit=org.ward, office=org.pv01, kind="re_inspection", mode="on_site", announced=False,
            planned_from=date(2026, 9, 1), planned_to=date(2026, 9, 2), checklist=visit.checklist,
            re_inspection_of=visit,
        ),
    )  # fmt: skip
    assert again.task.assignments.exists()  # added to an issued plan: assigned at once
    with pytest.raises(DomainError):
        services.finding_recheck(
            finding=finding, visit=visit, actor=personas.coordinator, remedied=True, note="x"
        )
    services.finding_recheck(
        finding=finding, visit=again, actor=personas.coordinator, remedied=False, note="Chưa xong"
    )
    finding.refresh_from_db()
    assert finding.state == Finding.State.OPEN and finding.rechecked_in == again
    services.finding_recheck(
        finding=finding, visit=again, actor=personas.coordinator, remedied=True, note="Đã xong"
    )
    finding.refresh_from_db()
    assert finding.state == Finding.State.CLOSED and finding.assignment.status == Status.DONE


def test_re_inspection_needs_a_concluded_visit_of_the_same_unit(org: Any, personas: Any) -> None:
    plan, visit = plan_with_visit(org, personas.coordinator)
    with pytest.raises(DomainError) as err:
        services.visit_add(
            plan=plan, actor=personas.coordinator,
            data=services.VisitInput(unit=org.sibling, office=org.pv01, kind="re_inspection", mode="on_site",
                                     announced=True, planned_from=date(2026, 9, 1), planned_to=date(2026, 9, 1),
                                     checklist=visit.checklist, re_inspection_of=visit),
        )  # fmt: skip
    assert err.value.code == "re_inspection_needs_prior"


def test_visit_steps_are_checked(org: Any, personas: Any) -> None:
    _plan, visit = plan_with_visit(org, personas.coordinator, issue=False)
    with pytest.raises(DomainError) as err:
        services.visit_record(visit=visit, actor=personas.coordinator, visit_date=date(2026, 3, 11), place="",
                              unit_people="", summary="x")  # fmt: skip
    assert err.value.code == "team_missing"
    services.visit_team_set(visit=visit, actor=personas.coordinator, members=[("A", "", "leader")])
    with pytest.raises(DomainError) as err:
        services.visit_record(visit=visit, actor=personas.coordinator, visit_date=date(2026, 3, 11), place="",
                              unit_people="", summary="x")  # fmt: skip
    assert err.value.code == "results_missing"
    record(visit, personas.coordinator)
    with pytest.raises(DomainError) as err:
        services.visit_conclude(visit=visit, actor=personas.coordinator, strengths="x", report_back_date=None)
    assert err.value.code == "plan_not_issued"
    # the inspected unit's members never do the inspector's acts
    with pytest.raises(PermissionDenied):
        services.finding_save(
            visit=visit, actor=personas.ward_head, text="x", request="y", deadline=date(2026, 6, 1)
        )
    with pytest.raises(PermissionDenied):
        services.visit_results_save(visit=visit, actor=personas.sibling_officer, results={})


def test_a_visit_outside_the_issuer_is_refused(org: Any, personas: Any) -> None:
    plan, visit = plan_with_visit(org, personas.coordinator, issue=False)
    with pytest.raises(DomainError) as err:
        services.visit_add(
            plan=plan, actor=personas.coordinator,
            data=services.VisitInput(unit=org.other_dept, office=org.pv01, kind="periodic", mode="on_site",
                                     announced=True, planned_from=date(2026, 9, 1), planned_to=date(2026, 9, 1),
                                     checklist=visit.checklist),
        )  # fmt: skip
    assert err.value.code == "unit_outside_plan"
    with pytest.raises(PermissionDenied):
        services.inspection_plan_create(
            issuer=org.city, actor=personas.other_coordinator, year=2026, title="x"
        )


def test_coverage_command_follows_the_contract(org: Any, personas: Any) -> None:
    _plan, visit, _finding = concluded(org, personas.coordinator)
    doc = coverage_json("--year", "2026", "--under", "HP", "--as-of", "2026-07-01")
    assert doc["year"] == 2026 and doc["as_of"] == "2026-07-01"
    codes = [u["code"] for u in doc["units"]]
    assert set(codes) == {"HP.PV01", "HP.PC06", "HP.CAP.A", "HP.CAP.B"}
    assert doc["coverage"] == {"units": 4, "inspected": 1, "percent": 25.0}
    ward = next(u for u in doc["units"] if u["code"] == "HP.CAP.A")
    assert ward["inspected_by"] == "HP.PV01"
    assert ward["visits"] == [
        {"id": visit.pk, "kind": "periodic", "mode": "on_site", "announced": True, "date": "2026-03-11",
         "state": "concluded", "conclusion_date": "2026-03-20"}
    ]  # fmt: skip
    assert (ward["findings"], ward["closed"], ward["open"], ward["overdue"]) == (1, 0, 1, 1)
    # the day of the deadline: not yet overdue
    ward = next(u for u in coverage_json("--year", "2026", "--under", "HP", "--as-of", "2026-06-29")["units"]
                if u["code"] == "HP.CAP.A")  # fmt: skip
    assert ward["overdue"] == 0 and ward["open"] == 1
    # before the conclusion: not inspected yet
    early = coverage_json("--year", "2026", "--under", "HP", "--as-of", "2026-03-19")
    assert early["coverage"]["inspected"] == 0
    # another year
    assert coverage_json("--year", "2027", "--under", "HP")["coverage"]["inspected"] == 0


def test_coverage_counts_self_inspections_of_sub_units_and_skips_groupings(org: Any, personas: Any) -> None:
    from cchc.orgs.models import OrgUnit

    team = OrgUnit.objects.create(code="HP.CAP.A.D1", name="Tổ một cửa", kind="team", parent=org.ward)
    OrgUnit.objects.create(code="HP.CAP.A.D2", name="Tổ tổng hợp", kind="team", parent=org.ward)
    OrgUnit.objects.create(code="HP.ANHP", name="Chuyên đề", kind="other", parent=org.city)
    plan = services.inspection_plan_create(issuer=org.ward, actor=personas.ward_head, year=2026, title="Tự kiểm tra",
                                           self_inspection=True)  # fmt: skip
    visit = services.visit_add(
        plan=plan, actor=personas.ward_head,
        data=services.VisitInput(unit=team, office=org.ward, kind="self", mode="on_site", announced=True,
                                 planned_from=date(2026, 4, 1), planned_to=date(2026, 4, 1),
                                 checklist=services.default_checklist()),
    )  # fmt: skip
    services.plan_issue(plan=plan, actor=personas.ward_head)
    # the head of the inspecting unit inspects its sub-unit (no membership in the team)
    record(visit, personas.ward_head)
    services.visit_conclude(visit=visit, actor=personas.ward_head, strengths="Tốt", report_back_date=None,
                            on=date(2026, 4, 10))  # fmt: skip
    doc = coverage_json("--year", "2026", "--under", "HP", "--as-of", "2026-12-31")
    assert "HP.ANHP" not in [u["code"] for u in doc["units"]]
    ward = next(u for u in doc["units"] if u["code"] == "HP.CAP.A")
    assert (ward["sub_units"], ward["sub_units_self_inspected"]) == (2, 1)
    sub = coverage_json("--year", "2026", "--under", "HP.CAP.A")
    assert sub["coverage"] == {"units": 2, "inspected": 1, "percent": 50.0}
    assert next(u for u in sub["units"] if u["code"] == "HP.CAP.A.D1")["visits"][0]["kind"] == "self"


def test_coverage_command_keeps_to_the_actors_scope(org: Any, personas: Any) -> None:
    concluded(org, personas.coordinator)
    doc = coverage_json("--year", "2026", "--actor", personas.ward_officer.username)
    assert [u["code"] for u in doc["units"]] == ["HP.CAP.A"]
    from django.core.management.base import CommandError

    with pytest.raises((CommandError, SystemExit, DomainError)):
        coverage_json("--year", "2026", "--under", "HP", "--actor", personas.ward_officer.username)


def test_documents_numbered_from_the_register(org: Any, personas: Any, login: Any) -> None:
    plan, visit, _finding = concluded(org, personas.coordinator)
    client = login(personas.coordinator)
    r = client.post(f"/kiem-tra/ke-hoach/{plan.pk}/van-ban/")
    assert r.status_code == 302
    client.post(f"/kiem-tra/ke-hoach/{plan.pk}/van-ban/")  # a second time takes no other number
    docs = {}
    for kind in ("QD", "BB", "BC", "TB"):
        assert client.post(f"/kiem-tra/cuoc/{visit.pk}/van-ban/{kind}/").status_code == 302
    from cchc.documents.models import IssuedDocument

    numbers = sorted((d.doc_type, d.number, d.symbol) for d in IssuedDocument.objects.filter(issuer=org.city))
    assert [n[0] for n in numbers] == ["BB", "BC", "KH", "QD", "TB"] and len({n[1] for n in numbers}) == 5
    for kind in ("QD", "BB", "BC", "TB"):
        r = client.get(f"/kiem-tra/cuoc/{visit.pk}/van-ban/{kind}/")
        assert r.status_code == 200
        d = Document(io.BytesIO(r.content))
        docs[kind] = "\n".join(
            [p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells]
        )
    assert "THÔNG BÁO" in docs["TB"] and "Chỉ đạo sát sao" in docs["TB"]
    assert (
        "1. Chưa cập nhật sổ theo dõi" in docs["TB"]
        and "30/06/2026" in docs["TB"]
        and "01/05/2026" in docs["TB"]
    )
    assert "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA" in docs["BB"] and "TRƯỞNG ĐOÀN KIỂM TRA" in docs["BB"]
    assert "Nguyễn Văn A" in docs["QD"] and "QUYẾT ĐỊNH" in docs["QD"]
    assert "BÁO CÁO" in docs["BC"]
    number = IssuedDocument.objects.get(doc_type="TB").number_text
    assert number in docs["TB"]
    r = client.get(f"/kiem-tra/ke-hoach/{plan.pk}/van-ban/")
    assert "Công an phường Hồng Bàng" in "\n".join(
        c.text for t in Document(io.BytesIO(r.content)).tables for row in t.rows for c in row.cells
    )


def test_a_conclusion_notice_cannot_be_numbered_before_the_conclusion(org: Any, personas: Any) -> None:
    _plan, visit = plan_with_visit(org, personas.coordinator)
    with pytest.raises(DomainError):
        services.document_issue(kind="TB", actor=personas.coordinator, visit=visit)


def test_figures_and_home_page_items(org: Any, personas: Any) -> None:
    from cchc.core.attention import items_for
    from cchc.reports.figures import SOURCES

    concluded(org, personas.coordinator)
    figures = SOURCES["inspections"]
    from cchc.orgs.models import OrgUnit

    out = figures(
        OrgUnit.objects.filter(pk__in=[org.city.pk, org.ward.pk]), date(2026, 1, 1), date(2026, 12, 31)
    )
    assert out[org.city.pk]["visits"] == 1 and out[org.city.pk]["findings_overdue"] == 1
    assert out[org.ward.pk]["findings_open"] == 1
    titles = [i.title for i in items_for(personas.ward_officer)]
    assert any("quá hạn khắc phục" in t for t in titles)
    assert not any("kiến nghị" in i.title for i in items_for(personas.sibling_officer))


def test_report_figures_lists_the_inspection_figures_by_title(org: Any, personas: Any) -> None:
    """Registered with the new form: ``report_figures`` prints each figure's title and the owning module."""
    from cchc.reports.figures import INFO, unit_figures

    concluded(org, personas.coordinator)
    info = INFO["inspections"]
    assert info.module == "inspections"
    fields = [f.field for f in info.figures]
    assert fields == [
        "visits",
        "visits_on_site",
        "visits_electronic",
        "self_inspections",
        "findings",
        "findings_closed",
        "findings_open",
        "findings_overdue",
    ]
    by_code = {
        f.code: f
        for f in unit_figures(org.city, date(2026, 1, 1), date(2026, 12, 31))
        if f.code.startswith("inspections.")
    }
    assert list(by_code) == [f"inspections.{name}" for name in fields]
    assert by_code["inspections.visits"].title == "Cuộc kiểm tra CCHC đã kết luận"
    assert by_code["inspections.visits"].value == 1 and by_code["inspections.findings_overdue"].value == 1
    assert all(f.title != f.code.split(".")[1] for f in by_code.values())  # titles, not the bare field names
    assert all(f.source == "inspections" for f in by_code.values())
    out = io.StringIO()
    call_command(
        "report_figures", "--unit", org.city.code, "--from", "2026-01-01", "--to", "2026-12-31", stdout=out
    )
    assert "Tồn tại, hạn chế quá hạn khắc phục" in out.getvalue()


def test_self_plan_only_holds_self_inspections_of_sub_units(org: Any, personas: Any) -> None:
    plan = services.inspection_plan_create(issuer=org.city, actor=personas.coordinator, year=2026, title="Tự kiểm tra",
                                           self_inspection=True)  # fmt: skip
    with pytest.raises(DomainError):
        services.visit_add(
            plan=plan, actor=personas.coordinator,
            data=services.VisitInput(unit=org.ward, office=org.city, kind="periodic", mode="on_site", announced=True,
                                     planned_from=date(2026, 4, 1), planned_to=date(2026, 4, 1),
                                     checklist=services.default_checklist()),
        )  # fmt: skip
    assert Visit.objects.count() == 0 and Task.objects.filter(plan=plan).count() == 0


def test_finding_tasks_get_the_plans_reminders(org: Any, personas: Any) -> None:
    from cchc.plans.models import Notification
    from cchc.plans.services import send_reminders

    concluded(org, personas.coordinator)
    send_reminders(today=date(2026, 7, 1), email=False)
    assert Notification.objects.filter(user=personas.ward_officer, unit=org.ward).exists()
    assert not Notification.objects.filter(user=personas.sibling_officer).exists()


def test_electronic_inspection_starts_from_the_units_exceptions(org: Any, personas: Any, login: Any) -> None:
    from cchc.inspections.exceptions import unit_exceptions

    _plan, visit, _finding = concluded(org, personas.coordinator)
    blocks = {b.key: b for b in unit_exceptions(org.ward, as_of=date(2026, 7, 15))}
    assert blocks["tasks"].count == 1 and "Chưa cập nhật sổ theo dõi" in blocks["tasks"].rows[0][1]
    assert {"dossiers", "reports", "parindex", "survey", "pakn"} <= set(blocks)
    page = login(personas.coordinator).get(f"/kiem-tra/cuoc/{visit.pk}/du-lieu-he-thong/").content.decode()
    assert "Nhiệm vụ quá hạn" in page


def test_par_index_rule_from_coverage_and_findings_closed(org: Any, personas: Any) -> None:
    from cchc.parindex.rules import evaluate_rule

    concluded(org, personas.coordinator)
    # the city: 1 of its 4 sub-units inspected; no finding on the city itself
    r = evaluate_rule("inspection", org.city, date(2026, 1, 1), date(2026, 12, 31), None, Decimal(2))
    assert r.percent == Decimal("25.00") and r.points == Decimal("0.50")
    # the ward: its one finding, due 30/06, not remedied
    r = evaluate_rule("inspection", org.ward, date(2026, 1, 1), date(2026, 12, 31), None, Decimal(2))
    assert r.percent == Decimal("0.00")
    assert (
        evaluate_rule(
            "inspection", org.sibling, date(2026, 1, 1), date(2026, 12, 31), None, Decimal(2)
        ).points
        is None
    )
