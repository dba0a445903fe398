"""The step clocks (contracts/pakn.md "Clocks") on the real working-day calendar: holidays, transfers restarting the
clock, waiting for the sender, publication."""

from __future__ import annotations

from datetime import datetime

from cchc.pakn.clocks import Limits, Times, evaluate
from cchc.workdays.calendar import VN_TZ
from cchc.workdays.due import due_date
from cchc.workdays.notices import default_calendar

CAL = default_calendar()


def D(t: datetime, n: int) -> datetime:
    return due_date(t, n, "working_days", CAL)


def at(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=VN_TZ)


def test_handling_limit_counts_working_days_over_tet() -> None:
    # received Fri 13/02/2026 (Tết holidays 14–22/02): 15 working days end on Fri 13/03/2026 at 17:00
    t = Times(received_at=at(2026, 2, 13, 10))
    assert D(t.received_at, 15) == at(2026, 3, 13, 17)
    clock = evaluate(t, at(2026, 3, 13, 17), D)
    assert clock.state == "in_progress" and clock.on_time
    late = evaluate(t, at(2026, 3, 13, 17, 1), D)
    assert late.overdue and late.running is not None and late.running.name == "handle"


def test_after_closing_time_counts_from_next_working_day() -> None:
    early = D(at(2026, 3, 2, 16, 59), 2)
    late = D(at(2026, 3, 2, 17, 30), 2)
    assert early == at(2026, 3, 4, 17) and late == at(2026, 3, 5, 17)


def test_transfer_restarts_the_clock() -> None:
    received = at(2026, 3, 2)
    transferred = at(2026, 3, 20)
    t = Times(received_at=received, transferred_at=transferred, handled_at=at(2026, 4, 8))
    # from the first receipt the answer would be late; from the transfer it is in time
    assert at(2026, 4, 8) > D(received, 15)
    clock = evaluate(t, at(2026, 4, 9), D)
    assert clock.steps[0].due == D(transferred, 15)
    assert clock.state == "handled" and clock.on_time
    # a transfer after as_of has not happened yet: the clock still runs from the receipt
    before = evaluate(t, at(2026, 3, 19), D)
    assert before.state == "in_progress" and before.steps[0].due == D(received, 15)


def test_waiting_for_the_sender_stops_the_handling_clock_and_restarts_it() -> None:
    t = Times(
        received_at=at(2026, 3, 2),
        supplement_requested_at=at(2026, 3, 5),
        supplemented_at=at(2026, 5, 4),
        handled_at=at(2026, 5, 20),
    )
    waiting = evaluate(t, at(2026, 4, 30), D)
    assert waiting.state == "waiting" and waiting.on_time and waiting.running is None
    done = evaluate(t, at(2026, 5, 21), D)
    assert done.state == "handled" and done.on_time
    assert done.steps[1].due == D(at(2026, 5, 4), 15)


def test_late_supplement_request_makes_the_record_overdue() -> None:
    t = Times(received_at=at(2026, 3, 2), supplement_requested_at=at(2026, 3, 12))
    assert evaluate(t, at(2026, 3, 13), D).overdue


def test_refusal_is_judged_on_its_own_two_days() -> None:
    ok = Times(received_at=at(2026, 3, 2), refused_at=at(2026, 3, 4, 16))
    late = Times(received_at=at(2026, 3, 2), refused_at=at(2026, 3, 5, 8))
    assert evaluate(ok, at(2026, 6, 1), D).on_time
    clock = evaluate(late, at(2026, 6, 1), D)
    assert clock.state == "refused" and clock.overdue


def test_publication_within_two_days_of_the_answer() -> None:
    handled = at(2026, 4, 29, 10)  # before the 30/04 and 01/05 holidays
    t = Times(received_at=at(2026, 4, 20), handled_at=handled, published_at=at(2026, 5, 5, 16))
    clock = evaluate(t, at(2026, 5, 10), D)
    assert clock.state == "published"
    assert clock.steps[-1].due == D(handled, 2)
    assert clock.on_time == (at(2026, 5, 5, 16) <= D(handled, 2))
    unpublished = Times(received_at=at(2026, 4, 20), handled_at=handled)
    assert evaluate(unpublished, at(2026, 5, 20), D).overdue


def test_limits_are_data() -> None:
    t = Times(received_at=at(2026, 3, 2), handled_at=at(2026, 3, 18), published_at=at(2026, 3, 19))
    assert evaluate(t, at(2026, 3, 30), D).on_time
    assert evaluate(t, at(2026, 3, 30), D, Limits(3, 5, 10, 2)).overdue
