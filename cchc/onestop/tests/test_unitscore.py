"""The 766 board of a unit: the publicity items count the unit's procedures by their publication dates in the
period — also procedures with no dossier in it — and the payment terms use the unit's fee procedures."""

from datetime import date, datetime

import pytest

from cchc.onestop.models import Procedure
from cchc.onestop.ontime import period
from cchc.onestop.unitscore import board
from cchc.workdays.services import calendar_for

from .helpers import dossiers_csv, load_procedures

pytestmark = pytest.mark.django_db


def _dossier(code, proc, received, fee_paid=False):
    return {
        "code": code,
        "unit_code": "HP.CAP.A",
        "procedure_code": proc,
        "channel": "online",
        "received_at": received,
        "due_at": "2026-12-31T17:00:00+07:00",
        "status": "processing",
        "fee_required": "1" if fee_paid else "0",
        "paid_online": "1" if fee_paid else "0",
    }


def test_publicity_counts_the_units_procedures_not_only_those_with_dossiers_in_the_period(org):
    from cchc.onestop.importing import import_dossiers
    from cchc.onestop.tables import read_table

    load_procedures()
    # 1.001: handled only before Q2, its publication due in Q2 (decided late); 1.003: handled in Q2, published in
    # 2025 (not this period's); 1.002: never handled by the ward (not its procedure).
    Procedure.objects.filter(code="1.001").update(
        decision_date=date(2026, 5, 20),
        legal_basis_effective_on=date(2026, 5, 22),
        published_on=date(2026, 5, 21),
    )
    Procedure.objects.filter(code="1.003").update(
        decision_date=date(2025, 3, 2),
        legal_basis_effective_on=date(2025, 4, 1),
        published_on=date(2025, 3, 3),
    )
    Procedure.objects.filter(code="1.002").update(
        decision_date=date(2026, 4, 2),
        legal_basis_effective_on=date(2026, 5, 1),
        published_on=date(2026, 4, 3),
    )
    rows = [
        _dossier("P-OLD", "1.001", "2026-02-10T09:00:00+07:00"),
        _dossier("P-NEW", "1.003", "2026-05-10T09:00:00+07:00", fee_paid=True),
    ]
    import_dossiers(read_table(dossiers_csv(rows), "p.csv"))
    date_from, date_to = date(2026, 4, 1), date(2026, 6, 30)
    b = board(org.ward, period(date_from, date_to), date_from, date_to, calendar_for(org.ward))
    got = {i.code: (i.numerator, i.denominator) for i in b.own.indicators}
    assert got["PUBLISH_ON_TIME"] == (0, 1)  # 1.001: decided after its deadline
    assert got["PUBLIC_UPDATE_ON_TIME"] == (1, 1)  # 1.001 made public the next day
    assert got["PUBLIC_CONTENT_FULL"][1] == 2  # the ward's two procedures, whatever the period
    assert got["CITIZEN_DATA_CONNECTED_FORMALITY"][1] == 2  # both are procedures for citizens
    # Payment: A = 1 of 1 fee dossier paid online; B and C over the ward's 2 fee procedures (not the catalogue's 3).
    assert b.own.payment.terms == {"A": 600, "B": 125, "C": 125}


def test_the_procedures_read_with_the_counts_roll_up_as_the_sql_rollup_does(org):
    """The board reads each unit's procedures in the counts' scan and merges them into the roots in Python
    (``_procedures_to_roots``); when a page read the counts before, ``procedures_by_root`` rolls them up in SQL.
    Both must give every root the same procedures and flags — dossiers finished before the period (outside the
    counts' scan), paid online, with citizen data, in both wards and the city's subtree."""
    import random

    from cchc.onestop.importing import import_dossiers
    from cchc.onestop.indicators import unit_counts_and_procedures
    from cchc.onestop.tables import read_table
    from cchc.onestop.unitscore import _owners, _procedures_to_roots, procedures_by_root

    from .helpers import TZ, random_dossier

    load_procedures()
    rng = random.Random(766)
    start = datetime(2026, 1, 1, tzinfo=TZ)
    # the ward's dossiers through the year, the sibling's only before the period (most finished before it too)
    rows = [random_dossier(rng, f"A{i:03d}", "HP.CAP.A", start, 200) for i in range(200)]
    rows += [random_dossier(rng, f"B{i:03d}", "HP.CAP.B", start, 60) for i in range(40)]
    import_dossiers(read_table(dossiers_csv(rows), "r.csv"))
    p = period(date(2026, 4, 1), date(2026, 6, 30))
    roots = [org.city, org.ward, org.sibling]
    units = [org.city, org.pv01, org.pc06, org.ward, org.sibling]
    _counts, unit_procs = unit_counts_and_procedures(p, [u.pk for u in units])
    assert unit_procs is not None
    by_path = {u.path: u.pk for u in roots}
    merged = _procedures_to_roots(unit_procs, {u.pk: _owners(u.path, by_path) for u in units})
    in_sql = procedures_by_root(p, [u.pk for u in units], [u.pk for u in roots])
    assert merged == in_sql
    assert merged[org.city.pk] and any(h.paid_online for h in merged[org.city.pk].values())
    assert merged[org.sibling.pk] and not any(h.in_period for h in merged[org.sibling.pk].values())
