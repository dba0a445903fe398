"""The publicity indicators (pure): which procedures count in a period, and when they are on time."""

from dataclasses import dataclass
from datetime import date, timedelta

from cchc.onestop.publicity import Window, publicity_counts


def add_working_days(d: date, n: int) -> date:
    """Monday–Friday only: enough for these cases (the real calendar is tested in cchc.workdays)."""
    step = 1 if n > 0 else -1
    for _ in range(abs(n)):
        d += timedelta(days=step)
        while d.weekday() >= 5:
            d += timedelta(days=step)
    return d


@dataclass
class P:
    decision_date: date | None = None
    legal_basis_effective_on: date | None = None
    published_on: date | None = None
    content_full: bool = True
    public_on_unit_page: bool = True


Q1 = Window(date(2026, 1, 1), date(2026, 3, 31))


def test_publishing_counts_procedures_due_or_decided_in_the_period():
    procs = [
        # effective Mon 16/3 → deadline Mon 9/3; decided 2/3: on time
        P(date(2026, 3, 2), date(2026, 3, 16)),
        # same deadline, decided 12/3: late
        P(date(2026, 3, 12), date(2026, 3, 16)),
        # deadline in the period, never decided: late
        P(None, date(2026, 2, 20)),
        # decided in the period for a law effective in May (deadline in April): counted, on time
        P(date(2026, 3, 30), date(2026, 5, 15)),
        # decided and due in 2025: not this period's
        P(date(2025, 6, 1), date(2025, 7, 1)),
        # no effective date: cannot be judged
        P(date(2026, 2, 1), None),
    ]
    counts = publicity_counts(procs, Q1, add_working_days)
    assert counts["PUBLISH_ON_TIME"] == (2, 4)


def test_updating_counts_made_public_in_the_period_and_still_waiting():
    procs = [
        P(date(2026, 2, 2), published_on=date(2026, 2, 6)),  # 4 working days: on time
        P(date(2026, 2, 2), published_on=date(2026, 2, 16)),  # 10 working days: late
        P(
            date(2025, 12, 22), published_on=date(2026, 1, 5)
        ),  # decided before, made public in Q1: late (9 days)
        P(date(2026, 3, 2)),  # never made public, deadline 9/3 passed: waiting, late
        P(date(2026, 3, 30)),  # deadline 6/4 after the period: not yet due
        P(
            date(2026, 3, 2), published_on=date(2026, 4, 2)
        ),  # made public after the period: waiting at its end
        P(date(2025, 11, 3), published_on=date(2025, 11, 5)),  # made public before the period: not counted
    ]
    counts = publicity_counts(procs, Q1, add_working_days)
    assert counts["PUBLIC_UPDATE_ON_TIME"] == (1, 5)


def test_full_content_is_counted_over_every_procedure_of_the_unit():
    procs = [P(), P(content_full=False), P(public_on_unit_page=False), P(date(2020, 1, 1))]
    counts = publicity_counts(procs, Q1, add_working_days)
    assert counts["PUBLIC_CONTENT_FULL"] == (2, 4)
    assert publicity_counts([], Q1, add_working_days) == {
        "PUBLISH_ON_TIME": (0, 0),
        "PUBLIC_UPDATE_ON_TIME": (0, 0),
        "PUBLIC_CONTENT_FULL": (0, 0),
    }
