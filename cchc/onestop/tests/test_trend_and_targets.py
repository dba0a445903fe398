"""The indicators page's monthly trend and plan targets, read by selectors: the trend is one query for all months
and equals the per-month counts summed over the subtree; for each indicator the nearest unit's target wins."""

import random
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from cchc.onestop.definitions766 import load_definitions
from cchc.onestop.importing import import_dossiers
from cchc.onestop.indicators import unit_counts
from cchc.onestop.ontime import period
from cchc.onestop.selectors import months_back, on_time_trend, targets_for
from cchc.onestop.tables import read_table
from cchc.orgs.models import OrgUnit
from cchc.targets.models import Target
from cchc.targets.selectors import nearest

from .helpers import TZ, dossiers_csv, iso, load_procedures, random_dossier

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 1, tzinfo=TZ)


@pytest.fixture
def generated(org):
    load_procedures()
    rng = random.Random(12)
    rows = [
        random_dossier(
            rng,
            f"T{i:04d}",
            rng.choice(["HP.CAP.A", "HP.CAP.B", "HP.PC06", "UBHP.SNV"]),
            datetime(2026, 1, 1, tzinfo=TZ),
            150,
        )
        for i in range(600)
    ]
    import_dossiers(read_table(dossiers_csv(rows), "trend.csv"))
    return org


def _month_by_month(unit, date_to, now):
    """What the page computed before: one count per month over the subtree's units."""
    ids = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    out = []
    for m_from, m_to in months_back(date_to, 12):
        p = period(m_from, m_to, now=now)
        if p.as_of < p.start:
            continue
        counts = unit_counts(p, ids).values()
        out.append((m_from, m_to, sum(c.s for c in counts), sum(c.on_time for c in counts)))
    return out


@pytest.mark.parametrize("code", ["HP", "HP.CAP.A", "UBHP"])
def test_trend_equals_the_month_by_month_counts(generated, code):
    unit = OrgUnit.objects.get(code=code)
    defs = load_definitions()
    trend = on_time_trend(unit, date(2026, 6, 30), defs, now=NOW)
    assert [(m["from"], m["to"], m["s"], m["on_time"]) for m in trend] == _month_by_month(
        unit, date(2026, 6, 30), NOW
    )
    assert len(trend) == 12 and trend[0]["from"] == date(2025, 7, 1)
    assert any(m["s"] and m["on_time"] < m["s"] for m in trend)  # the data has late dossiers too
    for m in trend:
        expected = None if not m["s"] else round(100 * m["on_time"] / m["s"], 2)
        assert m["ratio"] == expected


def test_trend_leaves_out_months_not_begun(generated):
    """Asked on 15/03/2026 for a period ending in June: April to June have not begun and are not shown."""
    now = datetime(2026, 3, 15, 10, 0, tzinfo=TZ)
    trend = on_time_trend(generated.city, date(2026, 6, 30), load_definitions(), now=now)
    assert trend[-1]["from"] == date(2026, 3, 1) and len(trend) == 9
    assert [(m["from"], m["to"], m["s"], m["on_time"]) for m in trend] == _month_by_month(
        generated.city, date(2026, 6, 30), now
    )


def test_trend_is_one_query_however_many_months(generated, django_assert_max_num_queries):
    defs = load_definitions()
    with django_assert_max_num_queries(1):
        assert len(on_time_trend(generated.city, date(2026, 6, 30), defs, months=24, now=NOW)) == 24
    with django_assert_max_num_queries(1):
        assert len(on_time_trend(generated.city, date(2026, 6, 30), defs, months=3, now=NOW)) == 3


def test_indicators_page_reads_the_trend_in_one_query(generated, login, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = login(personas.coordinator)
    url = "/mot-cua/chi-so/?unit=HP&from=2026-01-01&to=2026-06-30"
    with CaptureQueriesContext(connection) as ctx:
        page = c.get(url)
    assert page.status_code == 200 and 'class="list trend"' in page.content.decode()
    scans = [q["sql"] for q in ctx.captured_queries if "onestop_dossier d" in q["sql"]]
    assert sum("WITH ORDINALITY" in sql for sql in scans) == 1
    assert len(scans) <= 3  # the board's counts and the trend, not one count per month


# --- targets ---------------------------------------------------------------------------------------------------


def _t(code, depth, name, unit_id=None, subtree=True):
    return SimpleNamespace(
        code=code,
        unit=SimpleNamespace(depth=depth),
        unit_id=unit_id or depth,
        name=name,
        applies_to_subtree=subtree,
        pk=0,
    )


def test_nearest_targets_the_deepest_unit_wins_per_indicator():
    found = [
        _t("DOSSIER_ON_TIME", 1, "city on time"),
        _t("ONLINE_FULL_DOSSIERS", 1, "city online"),
        _t("DOSSIER_ON_TIME", 2, "ward on time"),
        _t("ONLINE_PAYMENT_DOSSIERS", 0, "ministry payment"),
        _t("REUSED_DIGITIZED_DATA", 1, "city only", subtree=False),  # applies to the city itself only
    ]
    ward = SimpleNamespace(pk=2)
    assert [t.name for t in nearest(found, ward)] == ["ward on time", "city online", "ministry payment"]
    assert nearest([], ward) == []


def _target(unit, year, code, value, subtree=True):
    return Target.objects.create(
        unit=unit, year=year, code=f"onestop.{code}", value=value, applies_to_subtree=subtree
    )


def test_targets_for_a_unit_come_from_its_path_nearest_first(org):
    _target(org.city, 2026, "DOSSIER_ON_TIME", 90)
    _target(org.city, 2026, "ONLINE_FULL_DOSSIERS", 50)
    _target(org.ward, 2026, "DOSSIER_ON_TIME", 98)
    _target(org.ward, 2025, "ONLINE_PAYMENT_DOSSIERS", 40)
    _target(org.other_city, 2026, "ONLINE_PAYMENT_DOSSIERS", 40)
    _target(org.city, 2026, "REUSED_DIGITIZED_DATA", 70, subtree=False)  # the city's own, not its units'

    def shown(unit, year=2026):
        return [(t.unit.code, t.code, int(t.min_ratio)) for t in targets_for(unit, year)]

    assert shown(org.ward) == [("HP.CAP.A", "DOSSIER_ON_TIME", 98), ("HP", "ONLINE_FULL_DOSSIERS", 50)]
    assert shown(org.sibling) == [("HP", "DOSSIER_ON_TIME", 90), ("HP", "ONLINE_FULL_DOSSIERS", 50)]
    assert shown(org.city) == [
        ("HP", "DOSSIER_ON_TIME", 90),
        ("HP", "ONLINE_FULL_DOSSIERS", 50),
        ("HP", "REUSED_DIGITIZED_DATA", 70),
    ]
    assert shown(org.ministry) == []  # a target below a unit does not apply to it
    assert shown(org.ward, 2025) == [("HP.CAP.A", "ONLINE_PAYMENT_DOSSIERS", 40)]


def test_the_grouped_trend_counts_as_the_month_by_dossier_join_at_the_edges(generated):
    """The trend query places each dossier among the months' moments instead of joining it with every month: the
    same counts, per month and per unit, for dossiers received, due or finished exactly at a month's start or as_of
    moment, with and without supplement requests."""
    from django.db import connection

    from cchc.onestop import indicators
    from cchc.onestop.models import Dossier

    rng = random.Random(7)
    rows = []
    for month in range(2, 10):
        as_of = datetime(2026, month + 1, 1, tzinfo=TZ) - timedelta(seconds=1)  # the month's last moment
        for k, (received, due, finished) in enumerate(
            [
                (as_of, as_of, None),
                (as_of, as_of, as_of),
                (as_of - timedelta(days=3), as_of, as_of + timedelta(seconds=1)),
                (as_of - timedelta(days=40), as_of + timedelta(seconds=1), None),
                (datetime(2026, month, 1, tzinfo=TZ), as_of, datetime(2026, month, 1, tzinfo=TZ)),
            ]
        ):
            row = random_dossier(rng, f"E{month}{k}", rng.choice(["HP.CAP.A", "HP.PC06"]), received, 1)
            row.update(received_at=iso(received), due_at=iso(due), finished_at=iso(finished))
            row["status"] = "done" if finished else "processing"
            if row["supplement_requested_at"]:
                row["supplement_requested_at"] = iso(received + timedelta(hours=1))
                row["supplement_completed_at"] = iso(received + timedelta(hours=30)) if k % 2 else ""
            rows.append(row)
    import_dossiers(read_table(dossiers_csv(rows), "edges.csv"))
    assert Dossier.objects.filter(code__startswith="E").count() == len(rows)
    periods = [period(f, t, now=NOW) for f, t in months_back(date(2026, 10, 31), 12)]
    assert indicators._grouped(periods)
    params = indicators._trend_params(periods, generated.city.path)
    with connection.cursor() as cur:
        for grouped, pairs in [
            (indicators.TREND_SQL, indicators._PAIRS_SQL),
            (indicators.UNIT_TREND_SQL, indicators._UNIT_PAIRS_SQL),
        ]:
            cur.execute(grouped, params)
            found = sorted(cur.fetchall())
            cur.execute(pairs, params)
            assert found == sorted(cur.fetchall())
            assert found
