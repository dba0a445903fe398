"""Period codes of the data-values API (pure): DHIS2 codes name a report kind in a year, ISO start/duration a window."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.errors import DomainError
from cchc.reports.period_codes import parse_iso_window, parse_period_code


@pytest.mark.parametrize(
    ("text", "kind", "year"),
    [
        ("2026Q1", "q1", 2026),
        ("2026q3", "q3", 2026),
        ("2026S1", "h1", 2026),
        ("2026S2", "h2", 2026),
        ("2026", "year", 2026),
        ("2026-03", "m03", 2026),
        ("202612", "m12", 2026),
        (" 2025Q4 ", "q4", 2025),
    ],
)
def test_kind_codes(text, kind, year):
    p = parse_period_code(text)
    assert (p.kind, p.year, p.is_window) == (kind, year, False)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-12-15/P3M", date(2025, 12, 15), date(2026, 3, 14)),  # the CCHC quý I window
        ("2025-12-15/P6M", date(2025, 12, 15), date(2026, 6, 14)),
        ("2025-12-15/P1Y", date(2025, 12, 15), date(2026, 12, 14)),
        ("2026-01-31/P1M", date(2026, 1, 31), date(2026, 2, 27)),  # month end: Feb 28 is the first day after
        ("2026-03-01/P10D", date(2026, 3, 1), date(2026, 3, 10)),
        ("2026-03-02/P1W", date(2026, 3, 2), date(2026, 3, 8)),
        ("2026-01-01/P1Y2M", date(2026, 1, 1), date(2027, 2, 28)),
    ],
)
def test_iso_windows(text, start, end):
    p = parse_period_code(text)
    assert (p.start, p.end, p.is_window, p.kind) == (start, end, True, "")
    assert parse_iso_window(text) == (start, end)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "2026Q5", "2026S3", "2026-13", "26Q1", "Q1 2026", "2026-12-15/", "2026-12-15/P",
     "2026-12-15/P0D", "2026-02-30/P3M", "abc/P3M", "2026-12-15/3M", "0999", "2026-12-15/P1H", None, 2026],
)  # fmt: skip
def test_bad_codes_are_refused_with_a_clear_message(text):
    with pytest.raises(DomainError) as exc:
        parse_period_code(text)
    assert exc.value.code == "invalid_period" and exc.value.field == "period"
    assert "2025-12-15/P3M" in exc.value.vi
