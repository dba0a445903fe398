"""Same-day processing with the 15:00 cut-off and half-day processing times (issue 16). Pure."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from cchc.workdays.due import due_date
from cchc.workdays.notices import default_calendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(d, h, m=0):
    return datetime(2026, 3, d, h, m, tzinfo=VN)


CAL = default_calendar()


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(10, 9), at(10, 17)),  # Tuesday morning: today
        (at(10, 14, 59), at(10, 17)),
        (at(10, 15, 0), at(11, 17)),  # at the cut-off: the next working day
        (at(13, 16), at(16, 17)),  # Friday after 15:00: Monday
        (at(14, 9), at(16, 17)),  # Saturday: Monday
    ],
)
def test_same_day_cut_off_at_15(received, due):
    assert due_date(received, 0, "same_day", CAL) == due


@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        (at(10, 9), 1, at(10, 17)),  # morning → this afternoon
        (at(10, 14), 1, at(11, 12)),  # afternoon → tomorrow noon
        (at(10, 12, 30), 1, at(10, 17)),  # at lunch: the afternoon is the first half-day
        (at(10, 18), 1, at(11, 12)),  # after hours: tomorrow morning
        (at(13, 14), 2, at(16, 17)),  # Friday afternoon, 2 half-days: Monday afternoon
    ],
)
def test_half_days(received, n, due):
    assert due_date(received, n, "half_days", CAL) == due
