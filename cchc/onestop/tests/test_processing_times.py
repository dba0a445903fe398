"""Average processing time per procedure (766 item 2.2, issue 16)."""

from decimal import Decimal

import pytest

from cchc.onestop.importing import import_dossiers
from cchc.onestop.tables import read_table

from .helpers import dossiers_csv, load_procedures

pytestmark = pytest.mark.django_db


def test_average_per_procedure_less_the_supplement_pause(login, personas, org):
    load_procedures()
    base = {"unit_code": "HP.CAP.A", "procedure_code": "1.001", "status": "done"}
    rows = [
        {
            **base,
            "code": "T-1",
            "received_at": "2026-02-02T08:00",
            "finished_at": "2026-02-04T08:00",
        },  # 2 days
        # 5 days, of which 1 waiting for the citizen: 4
        {
            **base,
            "code": "T-2",
            "received_at": "2026-02-02T08:00",
            "finished_at": "2026-02-07T08:00",
            "supplement_requests": "1",
            "supplement_requested_at": "2026-02-03T08:00",
            "supplement_completed_at": "2026-02-04T08:00",
        },
        {
            **base,
            "code": "T-3",
            "procedure_code": "1.002",
            "received_at": "2026-02-02T08:00",
            "finished_at": "2026-02-02T20:00",
        },  # half a day
        {
            **base,
            "code": "T-4",
            "unit_code": "HP.CAP.B",
            "received_at": "2026-02-02T08:00",
            "finished_at": "2026-02-12T08:00",
        },  # another ward: not in ward A's figure
    ]
    import_dossiers(read_table(dossiers_csv(rows), "t.csv"))
    c = login(personas.ward_officer)
    r = c.get(
        "/mot-cua/chi-so/thoi-gian-giai-quyet/",
        {"unit": "HP.CAP.A", "from": "01/02/2026", "to": "28/02/2026"},
    )
    got = {row["code"]: (row["finished"], row["average_days"]) for row in r.context["page"].object_list}
    assert got == {"1.001": (2, Decimal("3.00")), "1.002": (1, Decimal("0.50"))}
    assert login(personas.sibling_officer).get(
        "/mot-cua/chi-so/thoi-gian-giai-quyet/", {"unit": "HP.CAP.A"}
    ).status_code in (403, 404)
