"""Ranks among peers of the same kind (the 766 total of the one-stop module's own board), falls in a ranking, and
the monthly trends against the owning modules' own commands."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.leaders.ranks import group_by_kind
from cchc.onestop.tests.helpers import dossiers_csv, load_procedures
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _import(rows):
    from cchc.onestop.importing import import_dossiers
    from cchc.onestop.tables import read_table

    import_dossiers(read_table(dossiers_csv(rows), "x.csv"))


def _done(code, unit, finished, on_time):
    received = finished - timedelta(hours=2)
    due = finished + timedelta(days=1) if on_time else finished - timedelta(minutes=30)
    return {"code": code, "unit_code": unit.code, "procedure_code": "1.001", "channel": "direct",
            "received_at": received.isoformat(), "due_at": due.isoformat(), "finished_at": finished.isoformat(),
            "status": "done"}  # fmt: skip


def test_ranks_are_among_units_of_the_same_kind(org):
    a, b = (
        UnitFactory.build(code="A", kind="commune_police", path="/1/"),
        UnitFactory.build(code="B", kind="commune_police", path="/2/"),
    )
    c, d = (
        UnitFactory.build(code="C", kind="police_department", path="/3/"),
        UnitFactory.build(code="D", kind="commune_police", path="/4/"),
    )
    e = UnitFactory.build(code="E", kind="commune_police", path="/5/")
    groups = group_by_kind([(a, Decimal("80"), ""), (b, Decimal("90"), ""), (c, Decimal("50"), ""),
                            (d, Decimal("80"), ""), (e, None, "")])  # fmt: skip
    by_kind = {g.kind: [(r.unit.code, r.rank, r.peers) for r in g.rows] for g in groups}
    assert by_kind == {
        "commune_police": [
            ("B", 1, 3),
            ("A", 2, 3),
            ("D", 2, 3),
            ("E", 0, 3),
        ],  # ties share a rank; no value last
        "police_department": [("C", 1, 1)],  # alone among departments, whatever the wards score
    }


def test_the_766_ranks_are_the_one_stop_boards_totals_ranked_by_kind(org, personas, login):
    from cchc.onestop.ontime import period
    from cchc.onestop.unitscore import board
    from cchc.workdays.services import calendar_for

    load_procedures()
    now = timezone.now()
    rows = []
    for unit, good in ((org.ward, 4), (org.sibling, 1), (org.pc06, 3), (org.pv01, 0)):
        for i in range(4):
            rows.append(_done(f"R-{unit.code}-{i}", unit, now - timedelta(days=3, hours=i), i < good))
    _import(rows)
    today = timezone.localdate()
    r = login(personas.leader).get(f"/lanh-dao/?from=01/01/{today.year}")
    groups = {g.kind: g.rows for g in r.context["b"].score766.groups}
    assert set(groups) == {"commune_police", "police_department"}
    b = board(
        org.city, period(date(today.year, 1, 1), today), date(today.year, 1, 1), today, calendar_for(org.city)
    )
    totals = {u.pk: Decimal(res.total_cents) / 100 for u, _c, res in b.children}
    for kind, rows_ in groups.items():
        assert all(row.unit.kind == kind for row in rows_)
        assert [row.value for row in rows_] == sorted((totals[row.unit.pk] for row in rows_), reverse=True)
        assert rows_[0].rank == 1 and rows_[-1].peers == 2
        for row in rows_:
            assert row.value == totals[row.unit.pk]
            assert row.url.startswith("/mot-cua/chi-so/?unit=" + row.unit.code)
    assert [row.unit for row in groups["commune_police"]] == [org.ward, org.sibling]
    assert [row.unit for row in groups["police_department"]] == [org.pc06, org.pv01]
    assert r.context["b"].score766.total == Decimal(b.own.total_cents) / 100


def test_a_unit_falling_among_its_peers(org, personas, login):
    from cchc.onestop.selectors import month_bounds

    load_procedures()
    now = timezone.now()
    this_from, _ = month_bounds(timezone.localdate())
    last = timezone.make_aware(datetime.combine(this_from - timedelta(days=20), datetime.min.time()))
    rows = []
    for unit, last_good in ((org.ward, True), (org.sibling, False)):
        for month, good in (("l", last_good), ("t", not last_good)):
            finished = last + timedelta(hours=10) if month == "l" else now - timedelta(minutes=5)
            rows += [_done(f"F-{unit.code}-{month}-{i}", unit, finished, good) for i in range(2)]
    _import(rows)
    r = login(personas.leader).get("/lanh-dao/")
    falls = r.context["b"].falls
    assert [(f.unit, f.before, f.now, f.peers) for f in falls] == [(org.ward, 1, 2, 2)]
    assert "tụt hạng hồ sơ đúng hạn trong nhóm đơn vị cùng loại" in r.content.decode()
    page = login(personas.leader).get(falls[0].url)
    assert page.status_code == 200 and page.context["unit"] == org.city


def test_trends_agree_with_the_modules_commands(org, personas, login):
    from cchc.pakn.tests.test_joined import _record

    load_procedures()
    now = timezone.now()
    rows = [
        _done(f"T-{i}", org.ward, now - timedelta(days=35 * (i % 3), hours=1), i % 2 == 0) for i in range(9)
    ]
    _import(rows)
    _record(org.ward, received_at=now - timedelta(days=40))
    _record(org.sibling)
    r = login(personas.leader).get("/lanh-dao/")
    trends = {t.key: t for t in r.context["b"].trends}
    assert len(trends["dossiers"].months) == 12
    checked = 0
    for m in trends["dossiers"].months:
        out = io.StringIO()
        call_command("onestop_indicators", "--from", m.first.isoformat(), "--to", m.last.isoformat(),
                     "--json", stdout=out)  # fmt: skip
        units = [
            u for u in json.loads(out.getvalue())["units"] if u["code"] == "HP" or u["code"].startswith("HP.")
        ]
        expected = (
            sum(u["on_time"] for u in units),
            sum(u["in_process"] for u in units),
        )  # the city's subtree
        assert (m.numerator, m.denominator) == expected, m.label
        checked += bool(m.denominator)
    assert checked >= 2
    for m in trends["pakn"].months:
        out = io.StringIO()
        call_command("pakn_indicators", "--from", m.first.isoformat(), "--to", m.last.isoformat(),
                     "--unit", "HP", "--json", stdout=out)  # fmt: skip
        doc = json.loads(out.getvalue())
        unit = doc["units"][0] if doc.get("units") else doc
        assert (m.numerator, m.denominator) == (unit["on_time"], unit["received"]), m.label
    html = r.content.decode()
    assert html.count("<svg") >= 2 and "<desc id=" in html and 'data-trend="dossiers"' in html
