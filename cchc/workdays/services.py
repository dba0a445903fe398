"""The calendar a unit works by: the pure default calendar, the administrators' table, the unit's office hours."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .calendar import OfficeHours, Override, WorkCalendar
from .hours import parse_office_hours
from .notices import default_calendar

if TYPE_CHECKING:
    from cchc.orgs.models import OrgUnit


def db_overrides() -> list[Override]:
    from .models import CalendarOverride

    return [o.as_override() for o in CalendarOverride.objects.order_by("day")]


def unit_hours(unit: OrgUnit | None) -> OfficeHours | None:
    """The unit's own office hours, or None for the default (the nearest ancestor's setting is not inherited)."""
    from .models import UnitOfficeHours

    if unit is None:
        return None
    row = UnitOfficeHours.objects.filter(unit=unit).first()
    return parse_office_hours(row.periods) if row else None


def calendar_for(unit: OrgUnit | None = None, *, overrides: Iterable[Override] | None = None) -> WorkCalendar:
    """``default_calendar()`` with the override table merged in (it wins) and the unit's office hours."""
    calendar = default_calendar().with_overrides(db_overrides() if overrides is None else overrides)
    hours = unit_hours(unit)
    return calendar.with_hours(hours) if hours is not None else calendar


def calendars_by_unit(unit_ids: Iterable[int]) -> dict[int | None, WorkCalendar]:
    """One calendar per unit id (units without their own hours share the default one); key None is the default."""
    from .models import UnitOfficeHours

    base = calendar_for(None)
    out: dict[int | None, WorkCalendar] = {None: base}
    for row in UnitOfficeHours.objects.filter(unit_id__in=list(unit_ids)):
        out[row.unit_id] = base.with_hours(parse_office_hours(row.periods))
    return out
