"""Every target of the unit and of its direct sub-units with its traffic light, as the register evaluates it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.targets.models import Target
from cchc.targets.selectors import evaluate, targets_for_subtree

pytestmark = pytest.mark.django_db


def test_targets_with_their_lights_problems_first(org, personas, login, overdue):
    today = timezone.localdate()
    Target.objects.create(
        unit=org.city, applies_to_subtree=True, year=today.year, code="onestop.DOSSIER_ON_TIME",
        comparison=">=", value=Decimal(100), title="Tỷ lệ hồ sơ giải quyết đúng hạn",
    )  # fmt: skip
    r = login(personas.leader).get("/lanh-dao/")
    section = r.context["b"].targets
    assert section.available
    expected = evaluate(
        [a for a in targets_for_subtree(org.city, today.year) if a.unit.depth <= org.city.depth + 1]
    )
    assert sorted((t.unit, t.status) for t in section.rows) == sorted(
        (s.unit.name, s.status) for s in expected
    )
    assert len(section.rows) == 5  # the city and its four sub-units
    order = {"missed": 0, "at_risk": 1, "no_data": 2, "met": 3}
    assert [order[t.status] for t in section.rows] == sorted(order[t.status] for t in section.rows)
    ward = next(t for t in section.rows if t.unit == org.ward.name)
    assert ward.status in ("at_risk", "missed") and ward.light in ("amber", "red")  # its dossiers are overdue
    html = r.content.decode()
    assert f'class="light {ward.light}"' in html and ward.status_label in html
