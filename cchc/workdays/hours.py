"""Office hours written as text (``08:00-12:00,13:00-17:00``), as units and the ``due_date`` command give them. Pure."""

from __future__ import annotations

import re
from datetime import time

from cchc.core.errors import DomainError, gettext_noop

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
                gettext_noop("Giờ làm việc không hợp lệ: %(text_r)s (ví dụ 08:00-12:00,13:00-17:00)"),
                text_r=f"{text!r}",
            ) from None
    try:
        return OfficeHours(tuple(periods))
    except ValueError:
        raise DomainError(
            "invalid_office_hours",
            gettext_noop("Giờ làm việc không hợp lệ: %(text_r)s"),
            text_r=f"{text!r}",
        ) from None


def format_office_hours(hours: OfficeHours) -> str:
    return ",".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in hours.periods)
