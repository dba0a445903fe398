"""Working-day calendar for Vietnamese public bodies (pure: no Django import).

A day is a working day when it is Monday to Friday and not a public holiday, unless an override says otherwise
(``../shared/methodology.md`` §4.4, §9 item 16). Layers, later wins:

1. the weekly rest (Saturday, Sunday);
2. the ``holidays`` package for Vietnam (statutory holidays, make-up days, the swaps it knows);
3. override records, in the order given: the yearly government notices (``data/notices.json``), then whatever a
   caller merges in (e.g. the table administrators edit). A later override for the same date wins.

Office hours default to 08:00–12:00 and 13:00–17:00; a unit may pass its own ``OfficeHours``.
All datetimes are aware; they are converted to Asia/Ho_Chi_Minh before any computation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import holidays

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OverrideKind = Literal["off", "work"]
OVERRIDE_KINDS: tuple[OverrideKind, ...] = ("off", "work")
WEEKEND = frozenset({5, 6})  # Saturday, Sunday (date.weekday())
# A bound on every day-by-day search, so bad data can never loop forever (≈ 30 years).
_MAX_SCAN_DAYS = 11_000


@dataclass(frozen=True)
class Override:
    """One day declared off or worked by a notice or by an administrator."""

    day: date
    kind: OverrideKind
    note: str = ""
    source: str = ""
    verify: bool = False  # True when the fact is not confirmed against the official text

    def __post_init__(self) -> None:
        if self.kind not in OVERRIDE_KINDS:
            raise ValueError(f"override kind must be 'off' or 'work', not {self.kind!r}")


@dataclass(frozen=True)
class OfficeHours:
    """Opening periods of one working day, as (start, end) pairs in order, e.g. 08:00–12:00, 13:00–17:00."""

    periods: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError("office hours need at least one period")
        previous_end: time | None = None
        for start, end in self.periods:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("office-hour times are local wall-clock times without tzinfo")
            if not start < end:
                raise ValueError(f"office period {start}–{end} is empty")
            if previous_end is not None and start < previous_end:
                raise ValueError("office periods must be in order and must not overlap")
            previous_end = end

    @property
    def opening(self) -> time:
        return self.periods[0][0]

    @property
    def closing(self) -> time:
        return self.periods[-1][1]

    def per_day(self) -> timedelta:
        return sum((_span(start, end) for start, end in self.periods), timedelta())


DEFAULT_OFFICE_HOURS = OfficeHours()


def _span(start: time, end: time) -> timedelta:
    anchor = date(2000, 1, 1)
    return datetime.combine(anchor, end) - datetime.combine(anchor, start)


def to_local(moment: datetime) -> datetime:
    """The same instant in Asia/Ho_Chi_Minh; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("an aware datetime is required (got a naive one)")
    return moment.astimezone(VN_TZ)


@dataclass(frozen=True)
class DayInfo:
    """Why a day is (not) a working day — for the UI and for tests."""

    day: date
    working: bool
    reason: str  # weekday | weekend | holiday | package-work | override-off | override-work
    name: str = ""
    source: str = ""
    verify: bool = False


_ADDED_KEPT = 50_000  # answers of add_working_days kept per calendar


@dataclass
class WorkCalendar:
    """The working-day calendar. Cheap to copy; holiday data is loaded per year on first use."""

    overrides: Iterable[Override] = ()
    hours: OfficeHours = DEFAULT_OFFICE_HOURS
    use_package: bool = True
    weekend: frozenset[int] = WEEKEND
    _by_day: dict[date, Override] = field(init=False, repr=False)
    _package: dict[int, dict[date, str]] = field(init=False, repr=False, default_factory=dict)
    # add_working_days's answers: the same days and amounts come back for every record of a list (thousands of
    # PAKN clocks on a home page); a new calendar (other overrides, hours) starts with none
    _added: dict[tuple[date, int], date] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.overrides = tuple(self.overrides)
        self._by_day = {}
        for item in self.overrides:  # later wins
            self._by_day[item.day] = item

    # --- building -----------------------------------------------------------------------------------------------

    def with_overrides(self, extra: Iterable[Override]) -> WorkCalendar:
        """A new calendar with ``extra`` applied after the current overrides (they win on the same date)."""
        new = WorkCalendar(
            (*self.overrides, *extra), hours=self.hours, use_package=self.use_package, weekend=self.weekend
        )
        new._package = self._package  # share the per-year holiday cache
        return new

    def with_hours(self, hours: OfficeHours) -> WorkCalendar:
        """A new calendar with another unit's office hours."""
        new = replace(self, hours=hours)
        new._package = self._package  # share the per-year holiday cache
        return new

    # --- days ---------------------------------------------------------------------------------------------------

    def _package_year(self, year: int) -> dict[date, str]:
        if not self.use_package:
            return {}
        cached = self._package.get(year)
        if cached is None:
            cached = package_days(year)
            self._package[year] = cached
        return cached

    def describe(self, d: date) -> DayInfo:
        """Whether ``d`` is a working day, and why."""
        if isinstance(d, datetime):
            raise TypeError("describe() takes a date; use to_local(dt).date() for a datetime")
        item = self._by_day.get(d)
        if item is not None:
            return DayInfo(
                d, item.kind == "work", f"override-{item.kind}", item.note, item.source, item.verify
            )
        name = self._package_year(d.year).get(d)
        if name is not None:
            if name == _PACKAGE_WORKED:
                return DayInfo(d, True, "package-work", "Ngày làm bù", "holidays package")
            return DayInfo(d, False, "holiday", name, "holidays package")
        if d.weekday() in self.weekend:
            return DayInfo(d, False, "weekend")
        return DayInfo(d, True, "weekday")

    def is_working_day(self, d: date) -> bool:
        if isinstance(d, datetime):
            raise TypeError("is_working_day() takes a date; use to_local(dt).date() for a datetime")
        item = self._by_day.get(d)
        if item is not None:
            return item.kind == "work"
        name = self._package_year(d.year).get(d)
        if name is not None:
            return name == _PACKAGE_WORKED
        return d.weekday() not in self.weekend

    def _step(self, d: date, step: int) -> date:
        for _ in range(_MAX_SCAN_DAYS):
            d += timedelta(days=step)
            if self.is_working_day(d):
                return d
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days of {d}")

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self._step(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        return self._step(d, -1)

    def on_or_after(self, d: date) -> date:
        """``d`` if it is a working day, else the next one."""
        return d if self.is_working_day(d) else self.next_working_day(d)

    def on_or_before(self, d: date) -> date:
        """``d`` if it is a working day, else the previous one."""
        return d if self.is_working_day(d) else self.previous_working_day(d)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (before it when n < 0); ``d`` itself is not counted; n = 0 gives ``d``."""
        key = (d, n)
        found = self._added.get(key)
        if found is None:
            found = d
            step = 1 if n > 0 else -1
            for _ in range(abs(n)):
                found = self._step(found, step)
            if len(self._added) >= _ADDED_KEPT:
                self._added.clear()
            self._added[key] = found
        return found

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d ≤ b (negative, counted the same way, when b < a).

        So ``working_days_between(a, add_working_days(a, n)) == n``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        return sum(1 for d in _days(a + timedelta(days=1), b) if self.is_working_day(d))

    def working_days_in(self, first: date, last: date) -> list[date]:
        """The working days from ``first`` to ``last``, both included."""
        return [d for d in _days(first, last) if self.is_working_day(d)]

    # --- office hours -------------------------------------------------------------------------------------------

    def _open_periods(self, start_day: date) -> Iterator[tuple[datetime, datetime]]:
        """Office periods of working days from ``start_day`` on, as aware local datetimes."""
        d = self.on_or_after(start_day)
        for _ in range(_MAX_SCAN_DAYS):
            for start, end in self.hours.periods:
                yield (datetime.combine(d, start, VN_TZ), datetime.combine(d, end, VN_TZ))
            d = self.next_working_day(d)

    def is_office_time(self, moment: datetime) -> bool:
        """True when the office is open at ``moment`` (period start included, end excluded)."""
        local = to_local(moment)
        if not self.is_working_day(local.date()):
            return False
        t = local.time()
        return any(start <= t < end for start, end in self.hours.periods)

    def next_opening(self, moment: datetime) -> datetime:
        """``moment`` if the office is open then, else the start of the next office period."""
        local = to_local(moment)
        for start, end in self._open_periods(local.date()):
            if local < end:
                return max(local, start)
        raise AssertionError("unreachable")  # pragma: no cover

    def add_office_time(self, moment: datetime, duration: timedelta) -> datetime:
        """The instant when ``duration`` of office time has elapsed, counted from ``moment`` (or the next opening).

        A count that ends exactly at the end of a period gives that end (12:00, 17:00), not the next opening.
        """
        if duration < timedelta(0):
            raise ValueError("duration must not be negative")
        local = to_local(moment)
        left = duration
        for start, end in self._open_periods(local.date()):
            if local >= end:
                continue
            begin = max(local, start)
            available = end - begin
            if left <= available:
                return begin + left
            left -= available
        raise AssertionError("unreachable")  # pragma: no cover

    def office_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Office time elapsed from ``a`` to ``b`` (negative when b < a)."""
        a, b = to_local(a), to_local(b)
        if b < a:
            return -self.office_time_between(b, a)
        total = timedelta()
        for start, end in self._open_periods(a.date()):
            if start >= b:
                break
            lo, hi = max(start, a), min(end, b)
            if hi > lo:
                total += hi - lo
        return total

    def closing_time(self, d: date) -> datetime:
        """End of the office day ``d`` (17:00 by default) as an aware datetime."""
        return datetime.combine(d, self.hours.closing, VN_TZ)


def _days(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)


# Marker stored in the per-year package table for a Saturday worked in exchange for a day off.
_PACKAGE_WORKED = "\x00worked"


def package_days(year: int) -> dict[date, str]:
    """Days off for ``year`` from the ``holidays`` package (Vietnamese names), plus the worked days of its swaps.

    The package lists a swapped weekday off ("Ngày nghỉ (thay cho ngày 26/04/2025)") but not the Saturday worked in
    exchange; that Saturday comes from the package's table of special holidays and is marked ``_PACKAGE_WORKED``.
    """
    found: dict[date, str] = dict(holidays.country_holidays("VN", years=year, language="vi").items())
    for worked in _package_worked_days(year):
        found.setdefault(worked, _PACKAGE_WORKED)
    return found


def _package_worked_days(year: int) -> list[date]:
    try:
        from holidays.countries.vietnam import VietnamStaticHolidays

        # {year: (month, day, month, day[, year]) or a tuple of them}: the package's internals, checked below
        table: Mapping[int, Any] = VietnamStaticHolidays.special_public_holidays
    except (ImportError, AttributeError):  # pragma: no cover - the package changed its internals
        return []
    worked: list[date] = []
    for key, entries in table.items():
        rows = entries if isinstance(entries[0], tuple) else (entries,)
        for row in rows:
            if len(row) < 4:
                continue
            try:
                # (month off, day off, month worked, day worked[, year worked]); year worked defaults to the key.
                day = date(row[4] if len(row) > 4 else key, row[2], row[3])
            except (TypeError, ValueError):  # pragma: no cover
                continue
            if day.year == year:
                worked.append(day)
    return worked
