"""``onestop_indicators`` for a period before any 766 definitions version (2019): the contract's counts and ratios,
every score null, exit 0 (issue 16)."""

import io
import json

import pytest
from django.core.management import call_command

from cchc.onestop.importing import import_dossiers
from cchc.onestop.tables import read_table

from .helpers import dossiers_csv, load_procedures

pytestmark = pytest.mark.django_db


def test_a_2019_quarter_gives_the_counts_and_no_scores(org):
    load_procedures()
    rows = [
        # on time: finished before its due date
        {
            "code": "Q1-1",
            "unit_code": "HP.CAP.A",
            "procedure_code": "1.001",
            "received_at": "2019-01-10T09:00",
            "due_at": "2019-01-21T17:00",
            "finished_at": "2019-01-15T10:00",
            "status": "returned",
            "digitized": "1",
        },
        # overdue: finished after its due date
        {
            "code": "Q1-2",
            "unit_code": "HP.CAP.A",
            "procedure_code": "1.001",
            "received_at": "2019-02-11T09:00",
            "due_at": "2019-02-20T17:00",
            "finished_at": "2019-02-25T10:00",
            "status": "done",
        },
        # received in the quarter, still open at its end and past its due date: overdue
        {
            "code": "Q1-3",
            "unit_code": "HP.CAP.A",
            "procedure_code": "1.002",
            "received_at": "2019-03-20T09:00",
            "due_at": "2019-03-29T17:00",
            "status": "processing",
        },
        # received before the quarter, finished in it on time: in S, not in R
        {
            "code": "Q1-4",
            "unit_code": "HP.CAP.A",
            "procedure_code": "1.002",
            "received_at": "2018-12-28T09:00",
            "due_at": "2019-01-08T17:00",
            "finished_at": "2019-01-03T10:00",
            "status": "returned",
        },
    ]
    import_dossiers(read_table(dossiers_csv(rows), "2019.csv"))
    out = io.StringIO()
    call_command("onestop_indicators", "--from", "2019-01-01", "--to", "2019-03-31", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["definitions"] is None
    (unit,) = doc["units"]
    assert (unit["code"], unit["in_process"], unit["received"], unit["on_time"], unit["overdue"]) == (
        "HP.CAP.A",
        4,
        3,
        2,
        2,
    )
    by_code = {i["code"]: i for i in unit["indicators"]}
    assert by_code["DOSSIER_ON_TIME"] == {
        "code": "DOSSIER_ON_TIME",
        "numerator": 2,
        "denominator": 4,
        "ratio": 50.0,
        "score": None,
        "max": None,
    }
    assert by_code["SO_HOA_GIAY_TO_GIAI_QUYET"]["ratio"] == pytest.approx(33.33)
    assert all(i["score"] is None and i["max"] is None for i in unit["indicators"])
    # A period with a version in force is still scored.
    out = io.StringIO()
    call_command("onestop_indicators", "--from", "2026-01-01", "--to", "2026-03-31", "--json", stdout=out)
    assert json.loads(out.getvalue())["definitions"] is not None
