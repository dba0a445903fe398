"""Reads of the target register, and the batch evaluation the leaders' view uses.

Interface (stable; the leaders' view builds on it):

* ``evaluate(items, as_of=None) -> list[TargetStatus]`` — ``items`` are ``Target`` rows (measured at their own
  unit) or ``Applied(target, unit)`` pairs (a subtree target measured at a unit below). One call to each measure
  source per (code, period) for all the units at once; the result keeps the order of ``items``. ``as_of``: the end
  of the period (default today, or 31 December for a past year); the period starts on 1 January of each target's
  year.
* ``targets_for_subtree(unit, year, *, expand=True, levels=None) -> list[Applied]`` — every target in force at
  ``unit`` and, with ``expand``, at each unit below it (``levels`` levels down at most): the unit's own targets and those set above with "áp dụng cho cấp dưới", the
  nearest one winning for each code (:func:`nearest`).
* ``targets_in_force(unit, year) -> list[Target]`` — the same for one unit.
* ``TargetStatus`` — ``unit`` (the unit measured), ``target``, ``code``, ``title``, ``comparison``, ``value``,
  ``actual``, ``numerator``, ``denominator``, ``period_from``/``period_to``, ``status``
  (met | at_risk | missed | no_data, :mod:`cchc.targets.rules`), ``status_label``, ``url`` (the records behind
  ``actual``), ``note``, ``inherited`` (set at a unit above); ``as_json()`` gives the contract's row.
* ``targets_for_user(user)`` — the targets the user may see (scope: view), ``get_target_for_user(user, pk,
  write=False)`` — 404 when not visible, 403 when not editable.

Nothing here checks the user's scope in ``evaluate``: callers pass what the user may see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import scope_for

from . import registry, rules
from .models import Target

if TYPE_CHECKING:
    from cchc.orgs.scope import AnyUser

STATUS_LABELS: dict[str, str | Promise] = {
    rules.MET: gettext_lazy("Đạt"),
    rules.AT_RISK: gettext_lazy("Có nguy cơ không đạt"),
    rules.MISSED: gettext_lazy("Không đạt"),
    rules.NO_DATA: gettext_lazy("Chưa có số liệu"),
}


@dataclass(frozen=True)
class Applied:
    """A target measured at ``unit``: its own unit, or a unit below it when it applies to the subtree."""

    target: Target
    unit: OrgUnit

    @property
    def inherited(self) -> bool:
        return self.unit.pk != self.target.unit_id


@dataclass(frozen=True)
class TargetStatus:
    target: Target
    unit: OrgUnit
    code: str
    title: str
    comparison: str
    value: Decimal
    actual: Decimal | None
    numerator: int | None
    denominator: int | None
    period_from: date
    period_to: date
    status: str
    url: str
    note: str = ""
    inherited: bool = False

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit.code,
            "code": self.code,
            "title": self.title,
            "comparison": self.comparison,
            "value": _num(self.value),
            "actual": _num(self.actual),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "period": {"from": self.period_from.isoformat(), "to": self.period_to.isoformat()},
            "status": self.status,
            "source": self.target.source,
            "url": self.url,
        }


def _num(v: Decimal | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def default_as_of(year: int, today: date | None = None) -> date:
    today = today or timezone.localdate()
    return rules.period_of(year, None, today)[1]


def title_for(target: Target) -> str:
    return target.title or registry.title_of(target.code) or target.code


def evaluate(items: Iterable[Target | Applied], as_of: date | None = None) -> list[TargetStatus]:
    """The status of each item (see the module docstring)."""
    applied = [i if isinstance(i, Applied) else Applied(i, i.unit) for i in items]
    today = timezone.localdate()
    groups: dict[tuple[str, date, date], dict[int, OrgUnit]] = defaultdict(dict)
    periods: list[tuple[date, date]] = []
    for a in applied:
        start, end = rules.period_of(a.target.year, as_of, today)
        periods.append((start, end))
        if not a.target.is_manual:
            groups[(a.target.code, start, end)][a.unit.pk] = a.unit
    values: dict[tuple[str, date, date], dict[int, registry.Value]] = {}
    for (code, start, end), units in groups.items():
        src = registry.source_for(code)
        if src is None:
            values[(code, start, end)] = {}
            continue
        _prefix, key = registry.split(code)
        values[(code, start, end)] = dict(src.compute(key, list(units.values()), start, end))
    out = []
    titles: dict[str, str] = {}
    for a, (start, end) in zip(applied, periods, strict=True):
        t = a.target
        if t.code not in titles:
            titles[t.code] = registry.title_of(t.code) or t.code
        src = registry.source_for(t.code)
        _prefix, key = registry.split(t.code)
        if t.is_manual:
            # a typed figure is the target's own unit's; a unit below it has none (it has no figure of its own)
            value = (
                registry.Value(None) if a.inherited else registry.Value(t.manual_value, note=_manual_note(t))
            )
        else:
            value = values[(t.code, start, end)].get(a.unit.pk) or registry.Value(None)
        status = rules.status(
            actual=value.actual,
            comparison=t.comparison,
            value=t.value,
            numerator=value.numerator,
            denominator=value.denominator,
            year_over=rules.year_over(t.year, end),
            final_failures=src is not None and key in src.final_failures,
            percent=src is not None and key not in src.not_percent,
        )
        out.append(
            TargetStatus(
                target=t,
                unit=a.unit,
                code=t.code,
                title=t.title or titles[t.code],
                comparison=t.comparison,
                value=t.value,
                actual=value.actual,
                numerator=value.numerator,
                denominator=value.denominator,
                period_from=start,
                period_to=end,
                status=status,
                url=value.url,
                note=value.note,
                inherited=a.inherited,
            )
        )
    return out


def _manual_note(t: Target) -> str:
    if t.manual_value is None:
        return ""
    who = t.manual_by.get_full_name() or t.manual_by.get_username() if t.manual_by else ""
    when = timezone.localtime(t.manual_at).strftime("%d/%m/%Y %H:%M") if t.manual_at else ""
    return _("Số liệu nhập tay bởi %(who)s lúc %(when)s") % {"who": who or "?", "when": when or "?"}


# ------------------------------------------------------------------------------------------------ in force


def nearest(targets: Iterable[Target], unit: OrgUnit) -> list[Target]:
    """One target per code for ``unit``: its own, else the one set at the nearest unit above it that applies to
    the subtree. Pure (reads ``target.unit.depth``); deepest first."""
    chosen: dict[str, Target] = {}
    for t in sorted(targets, key=lambda t: (-t.unit.depth, t.pk or 0)):
        if t.unit_id != unit.pk and not t.applies_to_subtree:
            continue
        chosen.setdefault(t.code, t)
    return list(chosen.values())


def targets_in_force(unit: OrgUnit, year: int) -> list[Target]:
    on_path = [*unit.ancestor_ids, unit.pk]
    found = Target.objects.filter(unit_id__in=on_path, year=year).select_related("unit", "manual_by")
    return nearest(found, unit)


def targets_for_subtree(
    unit: OrgUnit, year: int, *, expand: bool = True, levels: int | None = None
) -> list[Applied]:
    """Every target in force at ``unit`` and (``expand``) at each unit below it — ``levels`` levels down at most
    (None: the whole subtree) — in tree order then code."""
    on_path = Q(unit_id__in=[*unit.ancestor_ids, unit.pk])
    below = Q(unit__path__startswith=unit.path) if expand else Q(unit_id=unit.pk)
    if expand and levels is not None:
        below &= Q(unit__depth__lte=unit.depth + levels)
    found = list(
        Target.objects.filter(on_path | below, year=year).select_related("unit", "manual_by").order_by("pk")
    )
    if not expand:
        return [Applied(t, unit) for t in sorted(nearest(found, unit), key=lambda t: t.code)]
    has_inherited = any(t.applies_to_subtree for t in found)
    units: Sequence[OrgUnit]
    if has_inherited:
        qs = OrgUnit.objects.filter(path__startswith=unit.path)
        if levels is not None:
            qs = qs.filter(depth__lte=unit.depth + levels)
        units = list(qs.order_by("path").only("id", "code", "name", "path", "depth", "parent_id", "kind"))
    else:
        ids = {t.unit_id for t in found}
        units = [
            u for u in OrgUnit.objects.filter(pk__in=ids).order_by("path") if u.path.startswith(unit.path)
        ]
    by_unit: dict[int, list[Target]] = defaultdict(list)
    for t in found:
        by_unit[t.unit_id].append(t)
    # A unit with no target of its own gets what its ancestors' targets give, the same for every unit below the
    # same ones: chosen once per such set of ancestors (thousands of units share a handful).
    inherited: dict[tuple[int, ...], list[Target]] = {}
    out: list[Applied] = []
    for u in units:
        above = tuple(uid for uid in u.ancestor_ids if uid in by_unit)
        if u.pk in by_unit:
            candidates = [t for uid in (*above, u.pk) for t in by_unit[uid]]
            chosen = sorted(nearest(candidates, u), key=lambda t: t.code)
        else:
            found_above = inherited.get(above)
            if found_above is None:
                candidates = [t for uid in above for t in by_unit[uid]]
                found_above = inherited[above] = sorted(nearest(candidates, u), key=lambda t: t.code)
            chosen = found_above
        out.extend(Applied(t, u) for t in chosen)
    return out


# ------------------------------------------------------------------------------------------------ scope


def targets_for_user(user: AnyUser) -> QuerySet[Target]:
    return Target.objects.filter(scope_for(user).view.q("unit__")).select_related("unit", "manual_by")


def may_edit(user: AnyUser, unit: OrgUnit) -> bool:
    """Targets are set by whoever coordinates the unit (a coordinator of it or of a unit above, an administrator)."""
    return scope_for(user).manage.contains(unit)


def may_enter_manual(user: AnyUser, unit: OrgUnit) -> bool:
    """A manual figure is entered by the unit's own data-entry staff or its coordinators."""
    s = scope_for(user)
    return s.data.contains(unit) or s.manage.contains(unit)


def get_target_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Target:
    target = Target.objects.select_related("unit", "manual_by").filter(pk=pk).first()
    if target is None or not scope_for(user).view.contains(target.unit):
        raise Http404(_("Không tìm thấy chỉ tiêu."))
    if write and not may_edit(user, target.unit):
        raise PermissionDenied(_("Bạn không có quyền sửa chỉ tiêu của đơn vị này."))
    return target
