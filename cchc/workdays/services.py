"""The calendar a unit works by: the pure default calendar, the administrators' table, the unit's office hours —
each with its effective date: a due date is computed with what was in force on the day of receipt, and a change
never rewrites the appointments already stored (they are stored, not recomputed)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.errors import DomainError

from .calendar import OfficeHours, Override, WorkCalendar
from .hours import format_office_hours, parse_office_hours
from .notices import default_calendar

if TYPE_CHECKING:
    from cchc.orgs.models import OrgUnit

    from .models import CalendarOverride, UnitOfficeHours


def _today() -> date:
    return timezone.localdate()


def db_overrides(on: date | None = None) -> list[Override]:
    """The table's days off and worked days in force for receipts of ``on`` (those without a valid_from always)."""
    from django.db.models import Q

    from .models import CalendarOverride

    qs = CalendarOverride.objects.order_by("day")
    if on is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
    return [o.as_override() for o in qs]


def unit_hours(unit: OrgUnit | None, on: date | None = None) -> OfficeHours | None:
    """The unit's own office hours in force on ``on`` (today by default), or None for the default (the nearest
    ancestor's setting is not inherited)."""
    from .models import UnitOfficeHours

    if unit is None:
        return None
    row = (
        UnitOfficeHours.objects.filter(unit=unit, valid_from__lte=on or _today())
        .order_by("-valid_from")
        .first()
    )
    return parse_office_hours(row.periods) if row else None


def calendar_for(
    unit: OrgUnit | None = None, *, overrides: Iterable[Override] | None = None, on: date | None = None
) -> WorkCalendar:
    """``default_calendar()`` with the override table merged in (it wins) and the unit's office hours, as in force
    for a receipt on ``on`` (today by default)."""
    day = on or _today()
    calendar = default_calendar().with_overrides(db_overrides(day) if overrides is None else overrides)
    hours = unit_hours(unit, day)
    return calendar.with_hours(hours) if hours is not None else calendar


class CalendarBook:
    """The calendars of some units for any day of receipt, read in two queries and memoised: ``book.get(unit_id,
    day)`` is the calendar in force for a receipt of that unit on that day (the overrides with valid_from ≤ day or
    none, the unit's hours version with the latest valid_from ≤ day)."""

    def __init__(self, unit_ids: Iterable[int]):
        from .models import CalendarOverride, UnitOfficeHours

        rows = list(CalendarOverride.objects.order_by("day"))
        self._always = [o.as_override() for o in rows if o.valid_from is None]
        dated = sorted(
            ((o.valid_from, o) for o in rows if o.valid_from is not None), key=lambda pair: pair[0]
        )
        self._dated_from: list[date] = [day for day, _o in dated]
        self._dated = [o.as_override() for _day, o in dated]
        self._hours: dict[int, tuple[list[date], list[OfficeHours]]] = {}
        for h in UnitOfficeHours.objects.filter(unit_id__in=list(unit_ids)).order_by("unit_id", "valid_from"):
            froms, versions = self._hours.setdefault(h.unit_id, ([], []))
            froms.append(h.valid_from)
            versions.append(parse_office_hours(h.periods))
        self._memo: dict[tuple[int, int, int], WorkCalendar] = {}
        self._base: dict[int, WorkCalendar] = {}

    def get(self, unit_id: int | None, day: date) -> WorkCalendar:
        n = bisect.bisect_right(self._dated_from, day)  # the dated overrides in force
        froms, versions = self._hours.get(unit_id, ([], [])) if unit_id is not None else ([], [])
        v = bisect.bisect_right(froms, day) - 1  # the hours version in force (-1: the default)
        key = (unit_id or 0, n, v) if v >= 0 else (0, n, -1)
        cal = self._memo.get(key)
        if cal is None:
            base = self._base.get(n)
            if base is None:
                base = default_calendar().with_overrides([*self._always, *self._dated[:n]])
                self._base[n] = base
            cal = base.with_hours(versions[v]) if v >= 0 else base
            self._memo[key] = cal
        return cal


def calendars_by_unit(unit_ids: Iterable[int]) -> dict[int | None, WorkCalendar]:
    """One calendar per unit id as in force today (units without their own hours share the default one); key None
    is the default. For receipts of other days use :class:`CalendarBook`."""
    ids = list(unit_ids)
    book = CalendarBook(ids)
    today = _today()
    out: dict[int | None, WorkCalendar] = {None: book.get(None, today)}
    for uid in ids:
        cal = book.get(uid, today)
        if cal is not out[None]:
            out[uid] = cal
    return out


# --- the coordinator's screen (writes) ---------------------------------------------------------------------------


def may_edit_calendar(actor: Any) -> bool:
    """The national days off and worked Saturdays (the yearly notices) are the same for everyone: administrators
    and coordinators enter them."""
    from cchc.orgs.models import Role
    from cchc.orgs.scope import scope_for

    scope = scope_for(actor)
    return scope.is_admin or scope.has_role(Role.COORDINATOR)


@transaction.atomic
def calendar_override_add(
    *, actor: Any, day: date, kind: str, note: str = "", source: str = "", valid_from: date | None = None
) -> CalendarOverride:
    from .models import CalendarOverride

    if not may_edit_calendar(actor):
        raise PermissionDenied(_("Chỉ quản trị hoặc cán bộ đầu mối được sửa lịch làm việc."))
    if kind not in CalendarOverride.Kind.values:
        raise DomainError("invalid_kind", _("Loại ngày không hợp lệ: %(kind)s"), kind=kind, field="kind")
    if CalendarOverride.objects.filter(day=day).exists():
        raise DomainError(
            "override_exists", _("Ngày %(day)s đã có trong lịch."), day=f"{day:%d/%m/%Y}", field="day"
        )
    return CalendarOverride.objects.create(
        day=day, kind=kind, note=note, source=source, valid_from=valid_from
    )


@transaction.atomic
def office_hours_set(*, actor: Any, unit: OrgUnit, periods: str, valid_from: date) -> UnitOfficeHours:
    """A new version of ``unit``'s office hours from ``valid_from`` (the version of that day replaced): only for
    those who manage the unit. Appointments already stored keep their times."""
    from cchc.orgs.scope import scope_for

    from .models import UnitOfficeHours

    if not scope_for(actor).manage.contains(unit):
        raise PermissionDenied(_("Bạn không quản lý đơn vị này."))
    text = format_office_hours(parse_office_hours(periods))
    row, _created = UnitOfficeHours.objects.update_or_create(
        unit=unit, valid_from=valid_from, defaults={"periods": text}
    )
    return row
