"""The SQL indicators equal the pure reference (cchc.onestop.ontime) on generated data, for several periods and
as-of moments, per unit."""

import random
from datetime import date, datetime

import pytest

from cchc.onestop.definitions766 import load_definitions
from cchc.onestop.importing import import_dossiers
from cchc.onestop.indicators import unit_counts
from cchc.onestop.models import Dossier
from cchc.onestop.ontime import DossierFacts, indicator_ratios, period
from cchc.onestop.tables import read_table

from .helpers import TZ, dossiers_csv, load_procedures, random_dossier

pytestmark = pytest.mark.django_db


def _facts(d: Dossier) -> DossierFacts:
    return DossierFacts(
        received_at=d.received_at,
        due_at=d.due_at,
        finished_at=d.finished_at,
        supplement_requests=d.supplement_requests,
        supplement_requested_at=d.supplement_requested_at,
        supplement_completed_at=d.supplement_completed_at,
        channel=d.channel,  # type: ignore[arg-type]
        paper_result=d.procedure.paper_result,
        online_full=d.procedure.online_level == "full",
        fee_required=d.fee_required,
        paid_online=d.paid_online,
        digitized=d.digitized,
        result_electronic=d.result_electronic,
        reused_data=d.reused_data,
        citizen_data=d.citizen_data,
        petition=d.petition,
        rating=d.rating or None,  # type: ignore[arg-type]
    )


@pytest.fixture
def generated(org):
    load_procedures()
    rng = random.Random(766)
    rows = [
        random_dossier(
            rng,
            f"G{i:05d}",
            rng.choice(["HP.CAP.A", "HP.CAP.B", "HP.PC06"]),
            datetime(2026, 1, 1, tzinfo=TZ),
            150,
        )
        for i in range(3000)
    ]
    import_dossiers(read_table(dossiers_csv(rows), "gen.csv"))
    return org


CASES = [
    (date(2026, 1, 1), date(2026, 3, 31), None),
    (date(2026, 2, 1), date(2026, 2, 28), None),
    (date(2026, 4, 1), date(2026, 6, 30), None),
    (date(2026, 1, 1), date(2026, 6, 30), datetime(2026, 3, 15, 12, 0, tzinfo=TZ)),
    (date(2026, 3, 1), date(2026, 3, 31), datetime(2026, 3, 10, 8, 30, tzinfo=TZ)),
    # as_of after the period's end, and as_of before its start: the scan bound is the later of as_of and the end.
    (date(2026, 2, 1), date(2026, 2, 28), datetime(2026, 4, 10, 9, 0, tzinfo=TZ)),
    (date(2026, 4, 1), date(2026, 4, 30), datetime(2026, 3, 20, 9, 0, tzinfo=TZ)),
]


def _counted(facts, p) -> bool:
    from cchc.onestop.ontime import in_process, received_in

    return any(in_process(f, p) or received_in(f, p) for f in facts)


@pytest.mark.parametrize(("date_from", "date_to", "as_of"), CASES)
def test_sql_equals_the_pure_reference(generated, date_from, date_to, as_of):
    defs = load_definitions()
    p = period(date_from, date_to, as_of, now=datetime(2026, 11, 1, tzinfo=TZ))
    sql = unit_counts(p)
    dossiers = list(Dossier.objects.select_related("procedure"))
    by_unit: dict[int, list] = {}
    for d in dossiers:
        by_unit.setdefault(d.unit_id, []).append(_facts(d))
    compared = 0
    for unit_id, facts in by_unit.items():
        if not _counted(facts, p):
            assert unit_id not in sql  # a unit with no dossier in S or R is absent
            continue
        expected = indicator_ratios(facts, p, defs)
        got = sql[unit_id].indicators(defs)
        assert (got.in_process, got.received, got.on_time, got.overdue) == (
            expected.in_process,
            expected.received,
            expected.on_time,
            expected.overdue,
        )
        assert [i.as_json() for i in got.indicators] == [i.as_json() for i in expected.indicators]
        compared += 1
    assert compared == len(sql) == len({u for u, f in by_unit.items() if _counted(f, p)})
    # The generated data exercises both outcomes and every kind of dossier.
    assert any(c.on_time for c in sql.values()) and any(c.s - c.on_time for c in sql.values())


def test_boundaries_of_the_period(org):
    """A dossier received at 00:00 of the day after the period is in neither S nor R; one received at the last
    second is in both; one finished the second before the period started is in neither."""
    load_procedures()
    rows = [
        {"code": "B1", "received_at": "2026-04-01T00:00:00+07:00", "finished_at": ""},
        {"code": "B2", "received_at": "2026-03-31T23:59:59+07:00", "finished_at": ""},
        {
            "code": "B3",
            "received_at": "2026-02-10T08:00:00+07:00",
            "finished_at": "2026-02-28T23:59:59+07:00",
        },
        {
            "code": "B4",
            "received_at": "2026-02-10T08:00:00+07:00",
            "finished_at": "2026-03-01T00:00:00+07:00",
        },
    ]
    full = [
        {
            "unit_code": "HP.PC06",
            "procedure_code": "1.001",
            "channel": "online",
            "due_at": "2026-04-20T17:00:00+07:00",
            "status": "done" if r["finished_at"] else "processing",
            **r,
        }
        for r in rows
    ]
    import_dossiers(read_table(dossiers_csv(full), "b.csv"))
    march = period(date(2026, 3, 1), date(2026, 3, 31), now=datetime(2026, 11, 1, tzinfo=TZ))
    (counts,) = unit_counts(march).values()
    assert (counts.s, counts.r) == (2, 1)  # S: B2, B4; R: B2
    later = period(date(2026, 3, 1), date(2026, 3, 31), datetime(2026, 4, 5, tzinfo=TZ))
    (counts,) = unit_counts(later).values()
    assert (counts.s, counts.r) == (
        3,
        1,
    )  # B1 was received before as_of: in process, but not received in March


def test_stored_verdict_of_finished_dossiers_is_the_rule(generated):
    """``finished_on_time`` (kept by PostgreSQL with each row) equals the pure rule at the finishing time, for
    every shape of dossier — pauses, one and several supplement requests — and is empty while unfinished."""
    from cchc.onestop.ontime import is_on_time

    checked = 0
    for d in Dossier.objects.select_related("procedure"):
        if d.finished_at is None:
            assert d.finished_on_time is None
            continue
        assert d.finished_on_time == is_on_time(_facts(d), d.finished_at), d.code
        checked += 1
    assert checked > 1000
    # Re-importing a changed row recomputes it.
    d = Dossier.objects.filter(finished_on_time=True, supplement_requests=0).first()
    Dossier.objects.filter(pk=d.pk).update(supplement_requests=2)
    d.refresh_from_db()
    assert d.finished_on_time is False
