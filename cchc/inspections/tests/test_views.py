"""Scope of every page (404 outside the view scope, 403 without the right) and the cross-unit write cases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cchc.audit.models import AuditEvent
from cchc.inspections.models import Finding, Visit
from cchc.plans.models import Assignment
from cchc.plans.services import progress_submit

from .helpers import concluded, evidence, plan_with_visit, record

pytestmark = pytest.mark.django_db


def _a(finding: Finding) -> Assignment:
    assert finding.assignment is not None
    return finding.assignment


def pages(plan: Any, visit: Any, finding: Any) -> list[str]:
    return [
        f"/kiem-tra/ke-hoach/{plan.pk}/",
        f"/kiem-tra/cuoc/{visit.pk}/",
        f"/kiem-tra/cuoc/{visit.pk}/du-lieu-he-thong/",
        f"/kiem-tra/cuoc/{visit.pk}/van-ban/TB/",
        f"/kiem-tra/kien-nghi/{finding.pk}/",
    ]


def test_pages_outside_the_scope_are_not_found(org: Any, personas: Any, login: Any) -> None:
    plan, visit, finding = concluded(org, personas.coordinator)
    for user in (personas.sibling_officer, personas.other_coordinator, personas.outsider):
        client = login(user)
        for url in pages(plan, visit, finding):
            assert client.get(url).status_code == 404, (user.username, url)
    for user in (
        personas.coordinator,
        personas.appraiser,
        personas.leader,
        personas.ward_officer,
        personas.admin,
    ):
        client = login(user)
        for url in pages(plan, visit, finding):
            assert client.get(url).status_code == 200, (user.username, url)


def test_the_inspected_unit_sees_its_visit_not_the_whole_plan(org: Any, personas: Any, login: Any) -> None:
    plan, visit = plan_with_visit(org, personas.coordinator)
    from cchc.inspections import services

    other = services.visit_add(
        plan=plan, actor=personas.coordinator,
        data=services.VisitInput(unit=org.sibling, office=org.pv01, kind="periodic", mode="on_site", announced=True,
                                 planned_from=date(2026, 5, 1), planned_to=date(2026, 5, 1), checklist=visit.checklist),
    )  # fmt: skip
    client = login(personas.ward_officer)
    page = client.get(f"/kiem-tra/ke-hoach/{plan.pk}/").content.decode()
    assert "Công an phường Hồng Bàng" in page and "Công an phường Lê Chân" not in page
    assert client.get(f"/kiem-tra/cuoc/{other.pk}/").status_code == 404
    assert client.get(f"/kiem-tra/ke-hoach/{plan.pk}/van-ban/").status_code == 403  # lists every unit
    cov = client.get("/kiem-tra/bao-phu/").content.decode()
    assert "Công an phường Lê Chân" not in cov
    assert client.get("/kiem-tra/bao-phu/?don_vi=HP.CAP.B").status_code == 404


def test_inspector_writes_refused_to_the_inspected_and_other_units(
    org: Any, personas: Any, login: Any
) -> None:
    plan, visit = plan_with_visit(org, personas.coordinator)
    record(visit, personas.coordinator)
    posts = [
        (f"/kiem-tra/cuoc/{visit.pk}/doan/", {"members": "X | Y | trưởng đoàn"}),
        (f"/kiem-tra/cuoc/{visit.pk}/ket-qua/", {f"r-{visit.results.first().pk}": "fail"}),
        (f"/kiem-tra/cuoc/{visit.pk}/kien-nghi/", {"text": "x", "request": "y", "deadline": "30/06/2026"}),
        (f"/kiem-tra/cuoc/{visit.pk}/bien-ban/", {"visit_date": "11/03/2026", "summary": "x"}),
        (f"/kiem-tra/cuoc/{visit.pk}/ket-luan/", {"strengths": "x", "report_back_date": "01/05/2026"}),
        (f"/kiem-tra/cuoc/{visit.pk}/van-ban/QD/", {}),
        (f"/kiem-tra/ke-hoach/{plan.pk}/them-cuoc/", {}),
        (f"/kiem-tra/ke-hoach/{plan.pk}/van-ban/", {}),
        (f"/kiem-tra/cuoc/{visit.pk}/huy/", {}),
    ]
    for user, expected in ((personas.ward_head, 403), (personas.ward_officer, 403), (personas.sibling_officer, 404),
                           (personas.other_coordinator, 404)):  # fmt: skip
        client = login(user)
        before = AuditEvent.objects.count()
        for url, data in posts:
            assert client.post(url, data).status_code == expected, (user.username, url)
        assert AuditEvent.objects.count() == before
    visit.refresh_from_db()
    assert visit.state == Visit.State.RECORDED and not visit.findings.exists()


def test_the_unit_writes_its_self_report_only_for_itself(org: Any, personas: Any, login: Any) -> None:
    _plan, visit = plan_with_visit(org, personas.coordinator)
    assert (
        login(personas.sibling_officer).post(f"/kiem-tra/cuoc/{visit.pk}/don-vi/", {"text": "x"}).status_code
        == 404
    )
    assert (
        login(personas.appraiser).post(f"/kiem-tra/cuoc/{visit.pk}/don-vi/", {"text": "x"}).status_code == 403
    )
    visit.refresh_from_db()
    assert visit.self_report == ""
    r = login(personas.ward_officer).post(
        f"/kiem-tra/cuoc/{visit.pk}/don-vi/", {"text": "Đơn vị tự kiểm tra đạt"}
    )
    assert r.status_code == 302
    visit.refresh_from_db()
    assert visit.self_report == "Đơn vị tự kiểm tra đạt"


def test_closing_a_finding_is_the_inspecting_offices(org: Any, personas: Any, login: Any) -> None:
    _plan, _visit, finding = concluded(org, personas.coordinator)
    progress_submit(
        assignment=_a(finding), user=personas.ward_head, text="Xong", status="done", files=evidence()
    )
    for user, expected in (
        (personas.ward_head, 403),
        (personas.sibling_officer, 404),
        (personas.other_coordinator, 404),
    ):
        assert (
            login(user)
            .post(f"/kiem-tra/kien-nghi/{finding.pk}/chap-nhan/", {"decision": "accept"})
            .status_code
            == expected
        )
    finding.refresh_from_db()
    assert finding.state == Finding.State.OPEN
    page = login(personas.coordinator).get(f"/kiem-tra/kien-nghi/{finding.pk}/").content.decode()
    assert "Chấp nhận, đóng kiến nghị" in page
    r = login(personas.coordinator).post(
        f"/kiem-tra/kien-nghi/{finding.pk}/chap-nhan/", {"decision": "accept", "note": "Đạt"}
    )
    assert r.status_code == 302
    finding.refresh_from_db()
    assert finding.state == Finding.State.CLOSED


def test_lists_and_exports(org: Any, personas: Any, login: Any) -> None:
    concluded(org, personas.coordinator)
    client = login(personas.appraiser)  # the appraisal council reads a unit's open findings
    page = client.get("/kiem-tra/kien-nghi/?don_vi=HP.CAP.A&tt=overdue").content.decode()
    assert "Chưa cập nhật sổ theo dõi" in page
    assert (
        "Chưa cập nhật sổ theo dõi"
        not in login(personas.sibling_officer).get("/kiem-tra/kien-nghi/").content.decode()
    )
    for url in (
        "/kiem-tra/?export=xlsx",
        "/kiem-tra/kien-nghi/?export=xlsx",
        "/kiem-tra/bao-phu/?export=xlsx",
    ):
        r = client.get(url)
        assert r.status_code == 200 and r.content[:2] == b"PK"
    cov = login(personas.coordinator).get("/kiem-tra/bao-phu/?don_vi=HP&nam=2026").content.decode()
    assert "cov-inspected" in cov and "Công an phường Lê Chân" in cov


def test_a_refused_form_keeps_what_was_typed(org: Any, personas: Any, login: Any) -> None:
    _plan, visit = plan_with_visit(org, personas.coordinator)
    client = login(personas.coordinator)
    r = client.post(
        f"/kiem-tra/cuoc/{visit.pk}/kien-nghi/",
        {"text": "Sổ theo dõi thiếu trang", "request": "Bổ sung", "deadline": "", "deadline_days": ""},
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "Sổ theo dõi thiếu trang" in page and "Cần nhập hạn khắc phục" in page
    assert not visit.findings.exists()
    r = client.post(
        f"/kiem-tra/cuoc/{visit.pk}/bien-ban/", {"visit_date": "11/03/2026", "summary": "Tóm tắt đã gõ"}
    )
    assert r.status_code == 400 and "Tóm tắt đã gõ" in r.content.decode()
    assert "Chưa thành lập đoàn kiểm tra" in r.content.decode()


def test_two_inspectors_saving_results_at_once_no_lost_update(org: Any, personas: Any, login: Any) -> None:
    from tests.factories import member, person

    _plan, visit = plan_with_visit(org, personas.coordinator)
    first, second = visit.results.order_by("order")[:2]
    loaded = visit.edit_version  # both inspectors opened the page at this version
    page = login(personas.coordinator).get(f"/kiem-tra/cuoc/{visit.pk}/").content.decode()
    assert f'name="edit_version" id="edit-version" value="{loaded}"' in page
    colleague = member(person("daumoi2"), org.city, "coordinator")
    r = login(colleague).post(
        f"/kiem-tra/cuoc/{visit.pk}/ket-qua/",
        {
            "edit_version": loaded,
            f"r-{first.pk}": "pass",
            f"e-{first.pk}": "Sổ theo dõi",
            f"n-{first.pk}": "",
        },
    )
    assert r.status_code == 302
    typed = {
        "edit_version": loaded,
        f"r-{first.pk}": "fail",
        f"e-{first.pk}": "",
        f"n-{first.pk}": "Chưa có sổ theo dõi năm 2026",
        f"r-{second.pk}": "pass",
        f"e-{second.pk}": "Báo cáo quý",
        f"n-{second.pk}": "",
    }
    r = login(personas.coordinator).post(f"/kiem-tra/cuoc/{visit.pk}/ket-qua/", typed)
    assert r.status_code == 409  # refused: the colleague's result is not overwritten silently
    page = r.content.decode()
    assert 'data-testid="results-stale"' in page and "Chưa có sổ theo dõi năm 2026" in page  # input kept
    assert "Báo cáo quý" in page and 'data-testid="stale-edit"' in page
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.result, first.evidence) == ("pass", "Sổ theo dõi") and second.result == ""
    visit.refresh_from_db()
    assert f'value="{visit.edit_version}"' in page  # saving again overwrites knowingly
    r = login(personas.coordinator).post(
        f"/kiem-tra/cuoc/{visit.pk}/ket-qua/", {**typed, "edit_version": visit.edit_version}
    )
    assert r.status_code == 302
    first.refresh_from_db()
    assert (first.result, first.notes) == ("fail", "Chưa có sổ theo dõi năm 2026")


def test_inspection_plans_are_read_only_in_the_plans_module(org: Any, personas: Any, login: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from cchc.plans import services as plan_services

    plan, visit = plan_with_visit(org, personas.coordinator, issue=False)
    task = visit.task
    assert task is not None
    client = login(personas.coordinator)
    listing = client.get("/ke-hoach/").content.decode()
    assert 'data-testid="inspection-plan"' in listing and f"/kiem-tra/ke-hoach/{plan.pk}/" in listing
    page = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert 'data-testid="inspection-plan"' in page
    assert f"/ke-hoach/{plan.pk}/sua/" not in page and f"/ke-hoach/{plan.pk}/ban-hanh/" not in page
    for url in (
        f"/ke-hoach/{plan.pk}/sua/",
        f"/ke-hoach/{plan.pk}/them-nhiem-vu/",
        f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/sua/",
        f"/ke-hoach/{plan.pk}/ban-hanh/",
    ):
        assert client.get(url).status_code == 403, url
    r = client.post(f"/ke-hoach/{plan.pk}/nhiem-vu/{task.pk}/sua/", {"content": "Đã đổi", "lead": "PV01"})
    assert r.status_code == 403
    r = client.post(f"/ke-hoach/{plan.pk}/xac-dinh-don-vi/", {"text": "PV01", "target": f"u:{org.pv01.pk}"})
    assert r.status_code == 403
    with pytest.raises(PermissionDenied):
        plan_services.task_save(plan=plan, user=personas.coordinator, task=task, content="Đã đổi")
    with pytest.raises(PermissionDenied):
        plan_services.plan_update(plan=plan, user=personas.coordinator, title="Đã đổi")
    task.refresh_from_db()
    plan.refresh_from_db()
    assert task.content != "Đã đổi" and plan.title == "Kế hoạch kiểm tra 2026"
    # the inspections module still issues it
    assert client.post(f"/kiem-tra/ke-hoach/{plan.pk}/ban-hanh/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "issued"
