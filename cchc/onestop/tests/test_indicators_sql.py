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
        channel=d.channel,
        paper_result=d.procedure.paper_result,
        online_full=d.procedure.online_level == "full",
        fee_required=d.fee_required,
        paid_online=d.paid_online,
        digitized=d.digitized,
        result_electronic=d.result_electronic,
        reused_data=d.reused_data,
        citizen_data=d.citizen_data,
        petition=d.petition,
        rating=d.rating or None,
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
]


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
    assert compared == 3
    # The generated data exercises both outcomes and every kind of dossier.
    assert any(c.on_time for c in sql.values()) and any(c.s - c.on_time for c in sql.values())
