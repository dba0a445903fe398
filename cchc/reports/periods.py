"""Periodic CCHC reporting periods from rule data (``data/period_presets.json``; contracts/reports.md). Pure.

A preset is a named list of period rules; a new preset (or a new kind: monthly, q2, q4, 9 months…) is a data change.
See the "about" text of the data file for the rule format.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cchc.core.errors import DomainError, gettext_noop

if TYPE_CHECKING:
    from cchc.workdays.calendar import WorkCalendar

PRESETS_PATH = Path(__file__).resolve().parent / "data" / "period_presets.json"
DEFAULT_PRESET = "bnv"
MIN_YEAR, MAX_YEAR = 1900, 2200


@dataclass(frozen=True)
class Period:
    kind: str
    title: str
    data_from: date
    data_to: date
    due: date

    def as_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "title": self.title,
            "data_from": self.data_from.isoformat(),
            "data_to": self.data_to.isoformat(),
            "due": self.due.isoformat(),
        }


@dataclass(frozen=True)
class Preset:
    code: str
    name: str
    source: str
    rules: tuple[Mapping[str, Any], ...]  # each rule: the kind's fields merged with the preset's own


def load_presets(path: Path | str | None = None) -> dict[str, Preset]:
    """All presets of a rule file (the bundled one by default), by code."""
    path = Path(path) if path is not None else PRESETS_PATH
    if path == PRESETS_PATH:
        return dict(_bundled())
    return _read(path)


@lru_cache(maxsize=1)
def _bundled() -> dict[str, Preset]:
    return _read(PRESETS_PATH)


def _read(path: Path) -> dict[str, Preset]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DomainError(
            "unreadable_file",
            gettext_noop("Không đọc được tệp kỳ báo cáo %(path)s: %(reason)s"),
            path=str(path),
            reason=str(exc),
        ) from exc
    return presets_from_dict(doc, where=str(path))


def presets_from_dict(doc: Any, where: str = "presets") -> dict[str, Preset]:
    """Build presets from the rule document (same shape as the data file); a coordinator's rules can come from here."""
    if not isinstance(doc, dict) or not isinstance(doc.get("presets"), dict):
        raise DomainError("invalid_period_rules", gettext_noop("%(where)s: thiếu 'presets'"), where=where)
    kinds = doc.get("kinds") or {}
    if not isinstance(kinds, dict):
        raise DomainError(
            "invalid_period_rules", gettext_noop("%(where)s: 'kinds' phải là đối tượng"), where=where
        )
    out: dict[str, Preset] = {}
    for code, body in doc["presets"].items():
        at = f"{where}, preset {code}"
        if not isinstance(body, dict) or not isinstance(body.get("periods"), list):
            raise DomainError(
                "invalid_period_rules", gettext_noop("%(where)s: thiếu danh sách 'periods'"), where=at
            )
        rules = []
        for i, entry in enumerate(body["periods"]):
            if not isinstance(entry, dict) or not isinstance(entry.get("kind"), str):
                raise DomainError(
                    "invalid_period_rules",
                    gettext_noop("%(where)s, periods[%(i)s]: thiếu 'kind'"),
                    where=at,
                    i=i,
                )
            base = kinds.get(entry["kind"], {})
            rules.append({**base, **entry})
        preset = Preset(str(code), str(body.get("name", code)), str(body.get("source", "")), tuple(rules))
        periods_for_year(preset, 2026)  # validate every rule now, with a typical year
        out[str(code)] = preset
    return out


def preset_names() -> list[str]:
    return sorted(_bundled())


def get_preset(code: str) -> Preset:
    presets = _bundled()
    if code not in presets:
        raise DomainError(
            "unknown_preset",
            gettext_noop("Không có bộ quy tắc kỳ báo cáo “%(preset)s” (có: %(known)s)"),
            preset=code,
            known=", ".join(sorted(presets)),
        )
    return presets[code]


def periods_for_year(preset: str | Preset, year: int, calendar: WorkCalendar | None = None) -> list[Period]:
    """The reports due in ``year`` under ``preset``, ordered by due date (rule order among equal dates).

    ``calendar`` is only needed by ``working_days_after_end`` due rules (default: the notices calendar).
    """
    if isinstance(preset, str):
        preset = get_preset(preset)
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(
            "invalid_year",
            gettext_noop("Năm không hợp lệ: %(year)s (từ %(min)s đến %(max)s)"),
            year=repr(year),
            min=MIN_YEAR,
            max=MAX_YEAR,
        )
    periods: list[Period] = []
    for i, rule in enumerate(preset.rules):
        at = f"preset {preset.code}, periods[{i}] ({rule.get('kind')})"
        try:
            periods.extend(_expand(rule, year, calendar))
        except DomainError:
            raise
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise DomainError(
                "invalid_period_rules",
                gettext_noop("%(where)s: quy tắc không hợp lệ (%(reason)s)"),
                where=at,
                reason=repr(exc),
            ) from None
    return sorted(periods, key=lambda p: (p.due, p.data_to))


def _expand(rule: Mapping[str, Any], year: int, calendar: WorkCalendar | None) -> list[Period]:
    months = rule["last_month"]
    months = [months] if isinstance(months, int) else list(months)
    out = []
    for month in months:
        if not isinstance(month, int) or not 1 <= month <= 12:
            raise ValueError(f"last_month {month!r}")
        data_to = _day_of(year, month, int(rule["to"]["day"]))
        back = int(rule["from"]["months_back"])
        if not 1 <= back <= 24:
            raise ValueError(f"months_back {back!r}")
        y, m = _shift(year, month, -back)
        data_from = _day_of(y, m, int(rule["from"]["day"]))
        if data_from > data_to:
            raise ValueError("data_from after data_to")
        due = _due(rule["due"], year, month, data_to, calendar)
        fields = {"year": year, "month": month}
        kind = str(rule.get("kind_format", rule["kind"])).format(**fields)  # e.g. "m{month:02d}" → "m01"
        out.append(Period(kind, str(rule["title"]).format(**fields), data_from, data_to, due))
    return out


def _due(
    spec: Mapping[str, Any], year: int, month: int, data_to: date, calendar: WorkCalendar | None
) -> date:
    if "days_after_end" in spec:
        return data_to + timedelta(days=int(spec["days_after_end"]))
    if "working_days_after_end" in spec:
        if calendar is None:
            from cchc.workdays.notices import default_calendar

            calendar = default_calendar()
        return calendar.add_working_days(data_to, int(spec["working_days_after_end"]))
    if "month" in spec:
        return _day_of(year + int(spec.get("year_offset", 0)), int(spec["month"]), int(spec["day"]))
    return _day_of(year, month, int(spec["day"]))


def _shift(year: int, month: int, delta: int) -> tuple[int, int]:
    y, m0 = divmod(year * 12 + month - 1 + delta, 12)
    return y, m0 + 1


def _day_of(year: int, month: int, day: int) -> date:
    """Day ``day`` of the month, or the month's last day when it is shorter (e.g. day 30 of February)."""
    if not 1 <= day <= 31:
        raise ValueError(f"day {day!r}")
    return date(year, month, min(day, _stdlib_calendar.monthrange(year, month)[1]))


def last_safe_day(due: date, calendar: WorkCalendar) -> date:
    """The working day on or before ``due`` (shown by the UI when ``due`` is not a working day)."""
    return calendar.on_or_before(due)
