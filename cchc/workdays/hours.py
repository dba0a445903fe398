"""Office hours written as text (``08:00-12:00,13:00-17:00``), as units and the ``due_date`` command give them. Pure."""

from __future__ import annotations

import re
from datetime import time

from cchc.core.errors import DomainError

from .calendar import OfficeHours

_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_office_hours(text: str) -> OfficeHours:
    """``08:00-12:00,13:00-17:00`` → OfficeHours; ``DomainError`` when unreadable."""
    periods: list[tuple[time, time]] = []
    for part in text.split(","):
        match = _PERIOD.match(part)
        try:
            if not match:
                raise ValueError(part)
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            periods.append((time(h1, m1), time(h2, m2)))
        except ValueError:
            raise DomainError(
                "invalid_office_hours",
                f"Giờ làm việc không hợp lệ: {text!r} (ví dụ 08:00-12:00,13:00-17:00)",
                en=f"invalid office hours {text!r} (e.g. 08:00-12:00,13:00-17:00)",
            ) from None
    try:
        return OfficeHours(tuple(periods))
    except ValueError as exc:
        raise DomainError(
            "invalid_office_hours",
            f"Giờ làm việc không hợp lệ: {text!r}",
            en=f"invalid office hours {text!r}: {exc}",
        ) from None


def format_office_hours(hours: OfficeHours) -> str:
    return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in hours.periods)
