"""Two people editing the same plan, task or task progress: a save on a stale copy is refused, keeps what was
typed and names what changed; saving again on the version the refusal carries goes through."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.plans.models import Plan, Task
from tests.editing import browser, loaded_version, refused

from .helpers import issued_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(org, personas):
    return issued_plan(org, personas)


def _plan_post(plan, version, **changes):
    data = {"doc_number": plan.doc_number, "issue_date": plan.issue_date.strftime("%d/%m/%Y"),
            "issuer_name": plan.issuer_name, "title": plan.title, "year": plan.year, "basis": plan.basis,
            "report_period": plan.report_period, "subplan_days": "", "edit_version": version}  # fmt: skip
    data.update(changes)
    return data


def test_plan_edit_refuses_a_stale_save_and_keeps_the_text(plan, personas):
    url = reverse("plans:plan_edit", args=[plan.pk])
    a, b = browser(personas.admin), browser(personas.coordinator)
    version = loaded_version(a.get(url))
    assert (
        b.post(url, _plan_post(plan, loaded_version(b.get(url)), title="Trích yếu do B sửa")).status_code
        == 302
    )

    response = a.post(url, _plan_post(plan, version, basis="Căn cứ A soạn rất dài"))
    html = refused(response)
    assert "Căn cứ A soạn rất dài" in html
    assert "Trích yếu" in html and "Trích yếu do B sửa" in html
    plan.refresh_from_db()
    assert (plan.title, plan.basis) == ("Trích yếu do B sửa", "")

    response = a.post(url, _plan_post(plan, loaded_version(response), basis="Căn cứ A soạn rất dài"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.basis) == ("Trích yếu do B sửa", "Căn cứ A soạn rất dài")


def _task_post(task, version, **changes):
    data = {"code": task.code, "section": task.section_id or "", "content": task.content, "lead": "PV01",
            "coordinate": "", "deadline_text": task.deadline_text, "product": task.product, "target": task.target,
            "leader": task.leader, "notes": task.notes, "edit_version": version}  # fmt: skip
    data.update(changes)
    return data


def test_task_edit_refuses_a_stale_save_and_keeps_the_text(plan, personas):
    task = plan.tasks.get(code="1.1")
    url = reverse("plans:task_edit", args=[plan.pk, task.pk])
    a, b = browser(personas.admin), browser(personas.coordinator)
    version = loaded_version(a.get(url))
    assert b.post(url, _task_post(task, version, product="Sản phẩm của B")).status_code == 302

    response = a.post(url, _task_post(task, version, notes="Ghi chú A"))
    html = refused(response)
    assert "Ghi chú A" in html and "Sản phẩm của B" in html
    task.refresh_from_db()
    assert (task.product, task.notes) == ("Sản phẩm của B", "")

    response = a.post(url, _task_post(task, loaded_version(response), notes="Ghi chú A"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.product, task.notes) == ("Sản phẩm của B", "Ghi chú A")


def test_manual_task_progress_refuses_a_stale_save_and_keeps_the_note(plan, personas):
    task = plan.tasks.get(code="1.1")
    page = reverse("plans:task_detail", args=[task.pk])
    url = reverse("plans:task_progress", args=[task.pk])
    a, b = browser(personas.admin), browser(personas.coordinator)
    version = loaded_version(a.get(page))
    assert (
        b.post(url, {"percent": 40, "note": "Theo báo cáo của B", "edit_version": version}).status_code == 302
    )

    response = a.post(url, {"percent": 90, "note": "Theo họp giao ban của A", "edit_version": version})
    html = refused(response)
    assert "Theo họp giao ban của A" in html and "Theo báo cáo của B" in html
    task.refresh_from_db()
    assert (task.manual_percent, task.manual_note) == (40, "Theo báo cáo của B")

    response = a.post(
        url, {"percent": 90, "note": "Theo họp giao ban của A", "edit_version": loaded_version(response)}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.manual_percent == 90


def test_draft_task_units_changed_by_someone_else_are_named(org, personas):
    from cchc.plans import services

    from .helpers import make_groups, sample

    make_groups(org)
    plan = Plan.objects.get(pk=services.save_extracted_plan(sample(), "HP"))
    task = Task.objects.get(plan=plan, code="1.1")
    url = reverse("plans:task_edit", args=[plan.pk, task.pk])
    a, b = browser(personas.admin), browser(personas.coordinator)
    version = loaded_version(a.get(url))
    assert b.post(url, _task_post(task, version, lead="PC06")).status_code == 302
    html = refused(a.post(url, _task_post(task, version, lead="PV01", notes="A")))
    assert "Đơn vị chủ trì" in html and "PC06" in html
