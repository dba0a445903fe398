"""GET /api/v1/targets: the same document as ``manage.py targets --json`` (items paginated), through the token
user's view scope; ``under=`` expands the targets set above to each unit below, as ``--unit``."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command

from cchc.targets.models import Target

pytestmark = pytest.mark.django_db

URL = "/api/v1/targets"


@pytest.fixture
def targets(org):
    Target.objects.create(
        unit=org.ward, year=2025, code="onestop.DOSSIER_ON_TIME", value=100, source="seed 000"
    )
    Target.objects.create(
        unit=org.other_dept, year=2025, code="manual.K", title="Cán bộ được đào tạo", value=90,
        manual_value=Decimal(95),
    )  # fmt: skip
    Target.objects.create(unit=org.city, year=2025, code="surveys.INDEX", value=90, applies_to_subtree=True)


def command(*args: str) -> Any:
    out = io.StringIO()
    call_command("targets", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_answer_equals_the_command(org, personas, targets, api):
    r = api(personas.admin).get(URL, {"year": 2025})
    assert r.status_code == 200, r.content
    body = r.json()
    doc = command("--year", "2025")
    assert body["year"] == 2025 and body["as_of"] == doc["as_of"] == "2025-12-31"
    assert body["items"] == doc["targets"] and body["count"] == 3 and body["next"] is None
    r = api(personas.admin).get(URL, {"year": 2025, "under": "HP.PC06"})
    assert r.json()["items"] == command("--year", "2025", "--unit", "HP.PC06")["targets"]


def test_the_view_scope_limits_the_targets(org, personas, targets, api):
    r = api(personas.ward_officer).get(URL, {"year": 2025})
    assert [t["unit"] for t in r.json()["items"]] == ["HP.CAP.A"]
    r = api(personas.ward_officer).get(URL, {"year": 2025, "unit": "HP.CAP.A"})
    assert {(t["unit"], t["code"]) for t in r.json()["items"]} == {
        ("HP.CAP.A", "onestop.DOSSIER_ON_TIME"),
        ("HP.CAP.A", "surveys.INDEX"),
    }
    assert api(personas.ward_officer).get(URL, {"year": 2025, "under": "UBHP"}).status_code == 404


def test_pagination_and_bad_arguments(org, personas, targets, api):
    r = api(personas.admin).get(URL, {"year": 2025, "limit": 2})
    assert len(r.json()["items"]) == 2 and r.json()["next"]
    assert api(personas.admin).get(URL, {"year": 1999}).status_code == 400
    assert api(personas.admin).get(URL, {"year": 2026, "as_of": "2025-06-30"}).status_code == 400
