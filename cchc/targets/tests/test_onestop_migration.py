"""The data migration moving the one-stop plan targets (onestop.Target) into the register: code ``onestop.<CODE>``,
comparison ``>=``, value = min_ratio, applying to the unit's subtree (as a one-stop target always did)."""

from __future__ import annotations

import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest

from cchc.onestop.selectors import targets_for
from cchc.targets.models import Target

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cchc.targets.migrations.0003_from_onestop_targets")


class _OldManager:
    def __init__(self, rows):
        self.rows = rows

    def all(self):
        return self

    def order_by(self, *_args):
        return self.rows


def test_onestop_targets_move_into_the_register(org):
    old = [
        SimpleNamespace(
            unit_id=org.city.pk, year=2026, code="DOSSIER_ON_TIME", min_ratio=Decimal("98.00"), source="KH"
        ),
        SimpleNamespace(
            unit_id=org.ward.pk, year=2026, code="ONLINE_FULL_DOSSIERS", min_ratio=Decimal(80), source=""
        ),
    ]
    models = {
        ("onestop", "Target"): SimpleNamespace(objects=_OldManager(old)),
        ("targets", "Target"): Target,
    }
    apps = SimpleNamespace(get_model=lambda app, name: models[(app, name)])
    migration.forward(apps, None)
    migration.forward(apps, None)  # idempotent
    moved = {(t.unit.code, t.code): t for t in Target.objects.select_related("unit")}
    assert set(moved) == {("HP", "onestop.DOSSIER_ON_TIME"), ("HP.CAP.A", "onestop.ONLINE_FULL_DOSSIERS")}
    city = moved[("HP", "onestop.DOSSIER_ON_TIME")]
    assert (city.comparison, city.value, city.source, city.applies_to_subtree) == (
        ">=",
        Decimal(98),
        "KH",
        True,
    )
    # the one-stop board reads them back, the nearest unit's target winning
    shown = [(t.unit.code, t.code, t.min_ratio) for t in targets_for(org.ward, 2026)]
    assert shown == [
        ("HP.CAP.A", "ONLINE_FULL_DOSSIERS", Decimal(80)),
        ("HP", "DOSSIER_ON_TIME", Decimal(98)),
    ]


def test_the_old_table_is_gone():
    from django.db import connection

    assert "onestop_target" not in connection.introspection.table_names()
