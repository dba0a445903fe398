"""The pure ISO 8601 period parser."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.errors import DomainError
from cchc.core.iso_periods import DateRange, parse_period, resolve_window


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-12-15/P3M", date(2025, 12, 15), date(2026, 3, 14)),  # the CCHC quý I window
        ("2026-01-01/P1Y", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-03-01/P1M", date(2026, 3, 1), date(2026, 3, 31)),
        ("2026-02-01/P1M", date(2026, 2, 1), date(2026, 2, 28)),
        ("2024-02-01/P1M", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-01-01/P10D", date(2026, 1, 1), date(2026, 1, 10)),
        ("2026-01-05/P2W", date(2026, 1, 5), date(2026, 1, 18)),
        ("2026-01-01/P1Y2M3D", date(2026, 1, 1), date(2027, 3, 3)),
        ("2025-12-15/2026-03-14", date(2025, 12, 15), date(2026, 3, 14)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026S2", date(2026, 7, 1), date(2026, 12, 31)),
        ("202602", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026-03-05", date(2026, 3, 5), date(2026, 3, 5)),
        (" 2026-03-05 ", date(2026, 3, 5), date(2026, 3, 5)),
    ],
)
def test_periods(text: str, start: date, end: date) -> None:
    assert parse_period(text) == DateRange(start, end)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026Q5",
        "2026-13",
        "2026-02-30",
        "2026-01-01/P",
        "2026-01-01/PT1H",
        "2026-01-01/P0D",
        "2026-03-01/2026-02-01",
        "15/12/2025",
        "9999",
        "1800-01-01/P1D",
        "2200-12-31/P1Y",
        "x" * 100,
        "2026-01-01/P99999D",
    ],
)
def test_bad_periods(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        parse_period(text)
    assert exc.value.code == "bad_period" and exc.value.field == "period"


def test_quarters_may_follow_another_calendar() -> None:
    def cchc_quarter(year: int, n: int) -> tuple[date, date]:
        return (date(year - 1, 12, 15), date(year, 3, 14)) if n == 1 else (date(year, 1, 1), date(year, 1, 1))

    assert parse_period("2026Q1", quarter=cchc_quarter) == DateRange(date(2025, 12, 15), date(2026, 3, 14))


def test_window() -> None:
    assert resolve_window(period="2026Q1", date_from=date(2026, 2, 1), date_to=None) == (
        date(2026, 2, 1),
        date(2026, 3, 31),
    )
    assert resolve_window(period=None, date_from=None, date_to=None) == (None, None)
    with pytest.raises(DomainError) as exc:
        resolve_window(period=None, date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))
    assert exc.value.code == "bad_window"
