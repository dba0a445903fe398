"""The leaders' view reads a constant number of queries, whatever the number of units under the unit: batch
queries, no query per unit. Pinned on two tree sizes (the benchmark bench/bench_leaders_view.py times 5,001 units)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .conftest import overdue_world

pytestmark = pytest.mark.django_db

# The page's queries: session and user, the scope, the unit, the exceptions (tasks, dossiers, findings, reports;
# the PAKN added up from the 766 board's counts), the falls (both months' counts in one query; the subtree is the
# 766 board's read), the 766 board (the dossier counts and the procedures in one query; the PAKN petition items
# over the board's subtree read), the PAR index, the two trends (one query each), the targets (the state of the
# year's targets, then six measures, each one batch; the data and the subtree the 766 board read are not read
# again) and the digest schedule. Change it only knowingly.
PINNED = 49
# The same page again: the subtree's figures, the targets (one query for the state of the year's targets) and the
# person's exception counts cached.
PINNED_WARM = 11


# Every measure the page evaluates over subtrees: the 766 total and the inspection measures of each sub-unit are
# read in one batch too, not unit by unit.
TARGET_CODES = (
    "onestop.DOSSIER_ON_TIME",
    "onestop.766_TOTAL",
    "pakn.PETITION_PROCESSING_ON_TIME",
    "plans.TASKS_ON_TIME",
    "inspections.COVERAGE",
    "inspections.FINDINGS_CLOSED",
)


def _grow(org, n: int, prefix: str) -> None:
    """``n`` more communes under the city, each with a sub-team holding a dossier received yesterday, every other
    one with a PAKN record."""
    from cchc.onestop.importing import import_dossiers
    from cchc.onestop.tables import read_table
    from cchc.onestop.tests.helpers import dossiers_csv
    from cchc.pakn.tests.test_joined import _record
    from tests.factories import UnitFactory

    rows = []
    received = (timezone.now() - timedelta(days=1)).isoformat()
    due = (timezone.now() + timedelta(days=3)).isoformat()
    for i in range(n):
        ward = UnitFactory(code=f"HP.{prefix}{i}", name=f"Công an xã {prefix}{i}", kind="commune_police",
                           parent=org.city)  # fmt: skip
        team = UnitFactory(code=f"HP.{prefix}{i}.T", name=f"Đội {i}", kind="team", parent=ward)
        rows.append(
            {"code": f"H{prefix}-{i}", "unit_code": team.code, "procedure_code": "1.001", "channel": "direct",
             "received_at": received, "due_at": due, "status": "processing"}
        )  # fmt: skip
        if i % 2:
            _record(ward)
    import_dossiers(read_table(dossiers_csv(rows), f"{prefix}.csv"))


def _count(client, *, cold: bool = True) -> int:
    from django.core.cache import cache

    if cold:
        cache.clear()  # the subtree's figures computed again, not read from the cache
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/lanh-dao/")
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_tree(org, personas, login):
    from decimal import Decimal

    from cchc.orgs.models import OrgUnit
    from cchc.targets.models import Target

    overdue_world(org)
    for code in TARGET_CODES:
        Target.objects.create(unit=org.city, applies_to_subtree=True, year=timezone.localdate().year, code=code,
                              comparison=">=", value=Decimal(100))  # fmt: skip
    _grow(org, 3, "X")
    c = login(personas.leader)
    c.get("/lanh-dao/")  # warm the per-process caches (calendars, definitions)
    small = _count(c)
    before = OrgUnit.objects.count()
    _grow(org, 30, "Y")
    assert OrgUnit.objects.count() == before + 60
    large = _count(c)
    assert (small, large) == (PINNED, PINNED)
    warm = _count(c, cold=False)  # the 766 board, the falls and the trends from the cache
    assert warm == PINNED_WARM


def test_the_job_warms_every_leaders_unit(org, personas, login):
    from django.core.cache import cache

    from cchc.leaders.selectors import warm

    cache.clear()
    assert warm() == 2  # the city (its leader and coordinator), the other organisation (its coordinator)
    c = login(personas.leader)
    # the subtree's figures and the targets warmed; the person's exceptions counted
    assert _count(c, cold=False) == 20
