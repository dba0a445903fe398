"""The per-dossier on-time rules and the indicator table of "Indicators from dossiers"."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cchc.onestop.ontime import (
    DossierFacts,
    DossierTimes,
    end_time,
    in_process,
    indicator_ratios,
    is_on_time,
    pause,
    period,
    received_in,
    status,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour=10, minute=0, second=0):
    return datetime(2026, 3, day, hour, minute, second, tzinfo=TZ)


Q1 = period(date(2026, 3, 1), date(2026, 3, 31), now=datetime(2027, 1, 1, tzinfo=TZ))
AS_OF = Q1.as_of


def test_period_defaults():
    assert Q1.as_of == datetime(2026, 3, 31, 23, 59, 59, tzinfo=TZ)
    now = at(15, 9)
    assert period(date(2026, 3, 1), date(2026, 3, 31), now=now).as_of == now  # now is earlier
    given = at(10)
    assert period(date(2026, 3, 1), date(2026, 3, 31), given).as_of == given


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        DossierTimes(received_at=datetime(2026, 3, 1, 10), due_at=at(5))


def test_finished_on_time_and_late():
    assert is_on_time(DossierTimes(at(1), due_at=at(5, 17), finished_at=at(5, 16)), AS_OF)
    assert is_on_time(DossierTimes(at(1), due_at=at(5, 17), finished_at=at(5, 17)), AS_OF)  # ≤ due
    assert not is_on_time(DossierTimes(at(1), due_at=at(5, 17), finished_at=at(5, 17, 0, 1)), AS_OF)


def test_unfinished_dossier_is_judged_at_as_of():
    d = DossierTimes(at(1), due_at=at(20, 17))
    assert end_time(d, at(10)) == at(10)
    assert is_on_time(d, at(10))
    assert not is_on_time(d, AS_OF)
    assert status(d, AS_OF) == "overdue"


def test_as_of_before_finished_at():
    d = DossierTimes(at(1), due_at=at(5, 17), finished_at=at(20))  # finished late …
    assert end_time(d, at(4)) == at(4)
    assert is_on_time(d, at(4))  # … but at as_of = 4/3 it was still in time
    assert not is_on_time(d, at(6))
    assert not is_on_time(d, AS_OF)


def test_one_supplement_request_waiting_for_the_citizen_stops_the_clock():
    d = DossierTimes(at(1), due_at=at(5, 17), supplement_requests=1, supplement_requested_at=at(3))
    assert end_time(d, AS_OF) == at(3)
    assert is_on_time(d, AS_OF)
    # Completed after as_of: still waiting at as_of.
    d2 = DossierTimes(
        at(1),
        due_at=at(5, 17),
        supplement_requests=1,
        supplement_requested_at=at(3),
        supplement_completed_at=at(25),
    )
    assert end_time(d2, at(20)) == at(3)
    assert is_on_time(d2, at(20))


def test_completed_supplement_is_paused():
    # Requested 3/3 10:00, completed 13/3 10:00 (10 days paused), finished 14/3 → 4 days net → on time.
    d = DossierTimes(
        at(1), due_at=at(5, 17), finished_at=at(14), supplement_requests=1,
        supplement_requested_at=at(3), supplement_completed_at=at(13),
    )  # fmt: skip
    assert end_time(d, AS_OF) == at(14)
    assert pause(d, at(14)) == timedelta(days=10)
    assert is_on_time(d, AS_OF)
    # Finished one day later than the pause allows: overdue.
    late = DossierTimes(
        at(1), due_at=at(5, 17), finished_at=at(16), supplement_requests=1,
        supplement_requested_at=at(3), supplement_completed_at=at(13),
    )  # fmt: skip
    assert not is_on_time(late, AS_OF)
    # Completed, not finished: the clock runs again until as_of minus the pause.
    running = DossierTimes(
        at(1), due_at=at(5, 17), supplement_requests=1, supplement_requested_at=at(3), supplement_completed_at=at(13),
    )  # fmt: skip
    assert end_time(running, at(15)) == at(15)
    assert is_on_time(running, at(15))  # 15/3 − 10 days = 5/3 10:00 ≤ 5/3 17:00
    assert not is_on_time(running, at(16))


def test_pause_only_when_both_times_before_end():
    d = DossierTimes(
        at(1), due_at=at(5, 17), finished_at=at(10), supplement_requests=1,
        supplement_requested_at=at(3), supplement_completed_at=at(12),
    )  # fmt: skip
    assert pause(d, at(10)) == timedelta(0)
    assert not is_on_time(d, AS_OF)


def test_two_supplement_requests_are_overdue():
    d = DossierTimes(
        at(1), due_at=at(30, 17), finished_at=at(2), supplement_requests=2, supplement_requested_at=at(1, 11)
    )
    assert not is_on_time(d, AS_OF)
    # With two requests the request time is not the end: the clock runs to as_of.
    waiting = DossierTimes(at(1), due_at=at(5, 17), supplement_requests=2, supplement_requested_at=at(3))
    assert end_time(waiting, AS_OF) == AS_OF


def test_membership_of_s_and_r():
    before = DossierTimes(
        datetime(2026, 2, 20, tzinfo=TZ), due_at=at(1), finished_at=datetime(2026, 2, 28, tzinfo=TZ)
    )
    carried = DossierTimes(datetime(2026, 2, 20, tzinfo=TZ), due_at=at(5), finished_at=at(1, 0))
    first = DossierTimes(at(1, 0), due_at=at(5))
    last = DossierTimes(at(31, 23, 59, 59), due_at=at(31, 23, 59, 59) + timedelta(days=5))
    after = DossierTimes(datetime(2026, 4, 1, tzinfo=TZ), due_at=datetime(2026, 4, 5, tzinfo=TZ))
    assert [in_process(d, Q1) for d in (before, carried, first, last, after)] == [
        False,
        True,
        True,
        True,
        False,
    ]
    assert [received_in(d, Q1) for d in (before, carried, first, last, after)] == [
        False,
        False,
        True,
        True,
        False,
    ]
    early = period(date(2026, 3, 1), date(2026, 3, 31), at(10))
    assert not in_process(DossierTimes(at(20), due_at=at(25)), early)  # received after as_of
    assert received_in(DossierTimes(at(20), due_at=at(25)), early)


def dossier(day, late=False, **facts):
    due = at(day + 5, 17)
    return DossierFacts(
        received_at=at(day), due_at=due, finished_at=due + timedelta(hours=1 if late else -1), **facts
    )


def test_indicator_ratios_table():
    dossiers = [
        dossier(1, paper_result=True, result_electronic=True, digitized=True, reused_data=True, citizen_data=True,
                online_full=True, channel="online", fee_required=True, paid_online=True),
        dossier(2, late=True, paper_result=True, digitized=True, online_full=True, channel="direct", fee_required=True),
        dossier(3, petition=True, reused_data=True),
        dossier(4, rating="dislike", citizen_data=True),
        dossier(5, rating="like"),
        # received before the period, still in process during it: in S, not in R
        DossierFacts(received_at=datetime(2026, 2, 25, tzinfo=TZ), due_at=at(2, 17), finished_at=at(2, 16), digitized=True),
    ]  # fmt: skip
    got = indicator_ratios(dossiers, Q1)
    assert (got.in_process, got.received, got.on_time, got.overdue) == (6, 5, 5, 1)
    table = {i.code: i for i in got.indicators}
    assert list(table) == [
        "DOSSIER_ON_TIME", "ORIGINAL_RESULT_AVAILABLE", "SO_HOA_GIAY_TO_GIAI_QUYET", "REUSED_DIGITIZED_DATA",
        "CITIZEN_DATA_CONNECTED_DOSSIER", "DOSSIER_RECEIVING_SATISFACTION", "ONLINE_FULL_DOSSIERS", "ONLINE_PAYMENT_DOSSIERS",
    ]  # fmt: skip
    frac = {code: (i.numerator, i.denominator) for code, i in table.items()}
    assert frac == {
        "DOSSIER_ON_TIME": (5, 6),
        "ORIGINAL_RESULT_AVAILABLE": (1, 2),
        "SO_HOA_GIAY_TO_GIAI_QUYET": (2, 5),
        "REUSED_DIGITIZED_DATA": (2, 5),
        "CITIZEN_DATA_CONNECTED_DOSSIER": (2, 5),
        "DOSSIER_RECEIVING_SATISFACTION": (2, 5),  # 5 − 1 overdue − 2 petition/dislike
        "ONLINE_FULL_DOSSIERS": (1, 2),
        "ONLINE_PAYMENT_DOSSIERS": (1, 2),
    }
    assert table["DOSSIER_ON_TIME"].score == 16.67  # lin 20 of 83.33…
    assert table["ORIGINAL_RESULT_AVAILABLE"].score == 3  # lin 6
    assert table["SO_HOA_GIAY_TO_GIAI_QUYET"].score == 1.6  # lin 4
    assert table["REUSED_DIGITIZED_DATA"].score == 1  # thr 2 at 80: 2 × 40 / 80
    assert table["CITIZEN_DATA_CONNECTED_DOSSIER"].score == 0.8  # lin 2
    assert table["DOSSIER_RECEIVING_SATISFACTION"].score == 2.67  # thr 6 at 90: 6 × 40 / 90
    assert table["ONLINE_FULL_DOSSIERS"].score == 6  # lin 12
    assert table["ONLINE_PAYMENT_DOSSIERS"].score is None and table["ONLINE_PAYMENT_DOSSIERS"].max is None
    assert table["DOSSIER_ON_TIME"].as_json() == {
        "code": "DOSSIER_ON_TIME", "numerator": 5, "denominator": 6, "ratio": 83.33, "score": 16.67, "max": 20,
    }  # fmt: skip


def test_satisfaction_never_below_zero_and_zero_denominators():
    got = indicator_ratios([dossier(1, late=True, petition=True)], Q1)
    table = {i.code: i for i in got.indicators}
    assert (
        table["DOSSIER_RECEIVING_SATISFACTION"].numerator,
        table["DOSSIER_RECEIVING_SATISFACTION"].denominator,
    ) == (0, 1)
    assert table["ORIGINAL_RESULT_AVAILABLE"].denominator == 0
    assert (
        table["ORIGINAL_RESULT_AVAILABLE"].ratio is None and table["ORIGINAL_RESULT_AVAILABLE"].score is None
    )
    empty = indicator_ratios([], Q1)
    assert all(i.ratio is None and i.score is None for i in empty.indicators)
    assert (empty.in_process, empty.received) == (0, 0)


def test_contract_example_figures():
    # 1187 on time of 1200 → 98.92 %, 19.78 points (the contract's example).
    due, late_due = at(31, 23, 59, 59), at(1, 12)
    dossiers = [DossierFacts(at(1), due_at=due, finished_at=at(2)) for _ in range(1187)]
    dossiers += [DossierFacts(at(1), due_at=late_due, finished_at=at(2)) for _ in range(13)]
    row = indicator_ratios(dossiers, Q1).indicators[0].as_json()
    assert row == {
        "code": "DOSSIER_ON_TIME",
        "numerator": 1187,
        "denominator": 1200,
        "ratio": 98.92,
        "score": 19.78,
        "max": 20,
    }
