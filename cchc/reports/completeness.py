"""Completeness and timeliness of a reporting period, as DHIS2 reports them. Pure: no Django import.

Expected reports are the units that must report; a report is *submitted* when the unit sent it (the unit's own
submission time counts, not the approval), *on time* when that time is no later than the due date 23:59:59
Asia/Ho_Chi_Minh, *late* after it, *missing* when not sent. Rates are over the expected reports, in percent,
rounded half-up to 2 decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ON_TIME, LATE, MISSING = "on_time", "late", "missing"


def deadline(due: date) -> datetime:
    """The last instant a report counts as on time: the due date 23:59:59.999999 in Viet Nam."""
    return datetime.combine(due, time.max, tzinfo=TZ)


def timeliness(submitted_at: datetime | None, due: date) -> str:
    if submitted_at is None:
        return MISSING
    if submitted_at.tzinfo is None:
        submitted_at = submitted_at.replace(tzinfo=TZ)  # a datetime without offset means Viet Nam time
    return ON_TIME if submitted_at <= deadline(due) else LATE


def rate(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Completeness:
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int

    @property
    def completeness_rate(self) -> Decimal | None:
        return rate(self.submitted, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.expected)

    @property
    def late_rate(self) -> Decimal | None:
        return rate(self.late, self.expected)

    @property
    def missing_rate(self) -> Decimal | None:
        return rate(self.missing, self.expected)

    def as_json(self) -> dict[str, object]:
        def num(d: Decimal | None) -> float | None:
            return None if d is None else float(d)

        return {
            "expected": self.expected,
            "submitted": self.submitted,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "completeness_rate": num(self.completeness_rate),
            "on_time_rate": num(self.on_time_rate),
        }


def completeness(submitted_times: Iterable[datetime | None], due: date) -> Completeness:
    """One entry per expected report: its submission time, or None when not submitted."""
    counts = {ON_TIME: 0, LATE: 0, MISSING: 0}
    for at in submitted_times:
        counts[timeliness(at, due)] += 1
    expected = sum(counts.values())
    return Completeness(
        expected=expected,
        submitted=counts[ON_TIME] + counts[LATE],
        on_time=counts[ON_TIME],
        late=counts[LATE],
        missing=counts[MISSING],
    )


def add_up(
    rows: Iterable[Mapping[str, Decimal | int | None]], keys: Iterable[str]
) -> dict[str, Decimal | None]:
    """Column sums of units' numbers; a column nobody filled stays None ("chưa có dữ liệu")."""
    keys = list(keys)
    totals: dict[str, Decimal | None] = dict.fromkeys(keys)
    for row in rows:
        for k in keys:
            v = row.get(k)
            if v is None:
                continue
            totals[k] = (totals[k] or Decimal(0)) + Decimal(v)
    return totals
