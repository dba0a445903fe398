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


def _walk(client: Any, path: str, params: dict[str, Any], limit: int = 1) -> tuple[list[Any], set[int]]:
    """Every page of a list, ``limit`` rows at a time: the items in order and the counts the pages gave."""
    items: list[Any] = []
    counts: set[int] = set()
    offset = 0
    while True:
        response = client.get(path, {**params, "limit": limit, "offset": offset})
        assert response.status_code == 200, (path, response.content)
        body = response.json()
        counts.add(body["count"])
        items.extend(body["items"])
        offset += limit
        if body["next"] is None:
            assert offset >= body["count"]
            return items, counts
        assert f"offset={offset}" in body["next"]


def test_the_assignment_pages_follow_the_web_rule_in_order(
    personas: Any, plans: dict[str, Any], api: Any
) -> None:
    """The list read page by page is exactly the web's rule (``visible_assignments`` of ``visible_plans``), in the
    list's order (task, then unit), with the same count on every page, for every persona and with the filters."""
    from cchc.plans import access

    for name in ("ward_officer", "sibling_officer", "coordinator", "admin", "outsider"):
        user = getattr(personas, name)
        web = access.visible_assignments(user).filter(task__plan__in=access.visible_plans(user))
        client = api(user)
        for params, rows in (
            ({}, web),
            ({"plan": plans["city"].pk}, web.filter(task__plan=plans["city"])),
            ({"under": "HP"} if name in ("coordinator", "admin") else {}, web),
            ({"state": "not_started"}, web.filter(status="not_started")),
        ):
            expected = list(
                rows.order_by("task__plan_id", "task__order", "task_id", "unit__path", "pk").values_list(
                    "pk", flat=True
                )
            )
            for limit in (1, 2, 1000):
                items, counts = _walk(client, "/api/v1/assignments", params, limit)
                assert [r["id"] for r in items] == expected, (name, params, limit)
                assert counts == {len(expected)}, (name, params, limit)
        past = client.get("/api/v1/assignments", {"offset": 50}).json()
        assert past["items"] == [] and past["count"] == web.count() and past["next"] is None


LISTS = [
    ("/api/v1/units", {}),
    ("/api/v1/plans", {}),
    ("/api/v1/assignments", {}),
    ("/api/v1/reports/periods", {}),
    ("/api/v1/reports/submissions", {}),
    ("/api/v1/pakn", {}),
    ("/api/v1/parindex/results", {}),
    ("/api/v1/targets", {}),
    ("/api/v1/surveys/results", {"period": "2026"}),
    ("/api/v1/onestop/indicators", {"period": "2026"}),
    ("/api/v1/pakn/indicators", {"period": "2026"}),
    ("/api/v1/onestop/766", {"period": "2026"}),
]


@pytest.mark.parametrize(("path", "params"), LISTS, ids=[p for p, _ in LISTS])
def test_every_list_counts_what_it_holds_and_refuses_a_unit_out_of_scope(
    personas: Any, plans: dict[str, Any], api: Any, path: str, params: dict[str, Any]
) -> None:
    """``count`` is the number of rows the filtered list holds: read page by page, the pages add up to it, a page
    past the end is empty with the same count, and a unit filter the token may not see is a 404 (never an empty
    page with the unfiltered count)."""
    coordinator = api(personas.coordinator)
    for where in ({}, {"under": "HP"}, {"unit": "HP.CAP.A"}):
        full = coordinator.get(path, {**params, **where, "limit": 1000})
        assert full.status_code == 200, (path, where, full.content)
        body = full.json()
        assert body["count"] == len(body["items"]), (path, where)
        items, counts = _walk(coordinator, path, {**params, **where})
        assert counts == {body["count"]} and items == body["items"], (path, where)
        past = coordinator.get(path, {**params, **where, "offset": body["count"] + 5}).json()
        assert past["items"] == [] and past["count"] == body["count"] and past["next"] is None
    ward = api(personas.ward_officer)
    for where in ({"unit": "HP.CAP.B"}, {"under": "HP"}, {"unit": "NO-SUCH-UNIT"}):
        refused = ward.get(path, {**params, **where})
        assert refused.status_code == 404, (path, where, refused.content)
        assert refused["Content-Type"].startswith("application/problem+json")
