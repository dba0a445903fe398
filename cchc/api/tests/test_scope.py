"""A token acts exactly with its user's org scope: a unit's token never sees another unit's records (404 for a
record it may not see), through the same selectors as the web."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cchc.plans.models import Assignment, Plan, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(org: Any) -> dict[str, Any]:
    today = timezone.localdate()
    city = Plan.objects.create(issuer=org.city, title="KH CCHC thành phố", year=today.year, status="issued")
    own = Plan.objects.create(issuer=org.sibling, title="KH riêng phường B", year=today.year, status="issued")
    draft = Plan.objects.create(issuer=org.city, title="Dự thảo", year=today.year, status="draft")
    tasks = {}
    for name, unit, status, days in (
        ("ward", org.ward, "in_progress", -3),
        ("sibling", org.sibling, "not_started", -3),
        ("ward_later", org.ward, "not_started", 30),
    ):
        task = Task.objects.create(
            plan=city,
            content=f"Nhiệm vụ {name}",
            deadline_kind="date",
            deadline_end=today + timedelta(days=days),
        )
        Assignment.objects.create(task=task, unit=unit, role="lead", status=status)
        tasks[name] = task
    sib_task = Task.objects.create(plan=own, content="Việc riêng B", deadline_end=today)
    Assignment.objects.create(task=sib_task, unit=org.sibling, role="lead")
    draft_task = Task.objects.create(plan=draft, content="Dự thảo", deadline_end=today)
    Assignment.objects.create(task=draft_task, unit=org.ward, role="lead")
    return {"city": city, "own": own, "draft": draft, **tasks}


def _codes(response: Any, key: str = "code") -> set[str]:
    assert response.status_code == 200, response.content
    return {item[key] for item in response.json()["items"]}


def test_units_in_scope(personas: Any, org: Any, api: Any) -> None:
    ward = api(personas.ward_officer)
    assert _codes(ward.get("/api/v1/units")) == {"HP.CAP.A"}
    assert ward.get("/api/v1/units", {"unit": "HP.CAP.B"}).status_code == 404
    assert ward.get("/api/v1/units", {"under": "HP"}).status_code == 404
    coordinator = api(personas.coordinator)
    assert _codes(coordinator.get("/api/v1/units", {"under": "HP"})) == {
        "HP",
        "HP.PV01",
        "HP.PC06",
        "HP.CAP.A",
        "HP.CAP.B",
    }
    assert coordinator.get("/api/v1/units", {"unit": "UBHP"}).status_code == 404


def test_a_ward_token_sees_its_own_assignments_only(personas: Any, plans: dict[str, Any], api: Any) -> None:
    ward = api(personas.ward_officer)
    rows = ward.get("/api/v1/assignments").json()["items"]
    assert {r["unit"] for r in rows} == {"HP.CAP.A"}
    assert {r["task"] for r in rows} == {plans["ward"].pk, plans["ward_later"].pk}  # not the draft plan's
    assert ward.get("/api/v1/assignments", {"unit": "HP.CAP.B"}).status_code == 404
    sibling = api(personas.sibling_officer)
    assert {r["unit"] for r in sibling.get("/api/v1/assignments").json()["items"]} == {"HP.CAP.B"}


def test_plans_and_tasks_follow_the_web_rules(personas: Any, plans: dict[str, Any], api: Any) -> None:
    ward = api(personas.ward_officer)
    assert {p["id"] for p in ward.get("/api/v1/plans").json()["items"]} == {plans["city"].pk}
    assert ward.get(f"/api/v1/plans/{plans['own'].pk}").status_code == 404  # another ward's plan
    assert ward.get(f"/api/v1/plans/{plans['own'].pk}/tasks").status_code == 404
    assert ward.get(f"/api/v1/plans/{plans['draft'].pk}").status_code == 404  # a draft of the city
    tasks = ward.get(f"/api/v1/plans/{plans['city'].pk}/tasks").json()
    assert {t["id"] for t in tasks["items"]} == {plans["ward"].pk, plans["ward_later"].pk}
    coordinator = api(personas.coordinator)
    full = coordinator.get(f"/api/v1/plans/{plans['city'].pk}/tasks").json()
    assert full["count"] == 3
    assert coordinator.get(f"/api/v1/plans/{plans['city'].pk}").json()["tasks"] == 3


def test_assignment_filters(personas: Any, plans: dict[str, Any], api: Any) -> None:
    coordinator = api(personas.coordinator)
    overdue = coordinator.get("/api/v1/assignments", {"overdue": "true"}).json()["items"]
    assert {r["task"] for r in overdue} == {plans["ward"].pk, plans["sibling"].pk}
    assert all(r["overdue"] and r["state"] == "overdue" for r in overdue)
    later = coordinator.get("/api/v1/assignments", {"overdue": "false", "plan": plans["city"].pk}).json()
    assert {r["task"] for r in later["items"]} == {plans["ward_later"].pk}
    state = coordinator.get("/api/v1/assignments", {"state": "in_progress"}).json()["items"]
    assert [r["task"] for r in state] == [plans["ward"].pk]
    today = timezone.localdate()
    due = coordinator.get("/api/v1/assignments", {"due": f"{today:%Y-%m-%d}/P60D"}).json()["items"]
    assert plans["ward_later"].pk in {r["task"] for r in due} and plans["ward"].pk not in {
        r["task"] for r in due
    }
    assert coordinator.get("/api/v1/assignments", {"due": "2026-13"}).status_code == 400
    assert coordinator.get("/api/v1/assignments", {"state": "bogus"}).status_code == 400


def test_a_user_without_membership_sees_nothing(personas: Any, plans: dict[str, Any], api: Any) -> None:
    outsider = api(personas.outsider)
    for path in (
        "/api/v1/units",
        "/api/v1/plans",
        "/api/v1/assignments",
        "/api/v1/pakn",
        "/api/v1/reports/periods",
    ):
        response = outsider.get(path)
        assert response.status_code == 200 and response.json()["count"] == 0, path
