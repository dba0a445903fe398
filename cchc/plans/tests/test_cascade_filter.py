"""The units' implementing-plan list: search and state filter, and the per-state summary (no database)."""

from types import SimpleNamespace

from cchc.plans.services import CASCADE_STATES, cascade_filter, cascade_summary


def _row(code, name, state):
    return {"unit": SimpleNamespace(code=code, name=name), "plan": None, "state": state}


ROWS = [
    _row("HP.CAP.A", "Công an phường Hồng Bàng", "issued"),
    _row("HP.CAP.B", "Công an phường Lê Chân", "overdue"),
    _row("HP.PC06", "Phòng Cảnh sát quản lý hành chính", "overdue"),
]


def test_search_ignores_accents_and_case_and_needs_every_word():
    assert [r["unit"].code for r in cascade_filter(ROWS, text="hong BANG")] == ["HP.CAP.A"]
    assert [r["unit"].code for r in cascade_filter(ROWS, text="cong an phuong")] == ["HP.CAP.A", "HP.CAP.B"]
    assert [r["unit"].code for r in cascade_filter(ROWS, text="pc06")] == ["HP.PC06"]
    assert cascade_filter(ROWS, text="phường Hải An") == []


def test_state_filter_and_unknown_states_are_ignored():
    assert [r["unit"].code for r in cascade_filter(ROWS, state="overdue")] == ["HP.CAP.B", "HP.PC06"]
    assert cascade_filter(ROWS, state="bogus") == ROWS
    assert cascade_filter(ROWS, text="le chan", state="issued") == []


def test_summary_counts_states_in_their_order():
    assert cascade_summary(ROWS) == [
        ("issued", CASCADE_STATES["issued"], 1),
        ("overdue", CASCADE_STATES["overdue"], 2),
    ]
    assert cascade_summary([]) == []
