"""Reads of the reports module, always through the org scope."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.core.text import fold
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import can_enter_data, can_manage_unit, scope_for
from cchc.workdays.calendar import WorkCalendar
from cchc.workdays.notices import default_calendar

from . import figures
from .completeness import Completeness, add_up, completeness, timeliness
from .models import COUNTED, ReportingCycle, ReportPeriod, Status, Submission, Synthesis
from .outline import NumberField, Outline, parse_number

# ---------------------------------------------------------------- getters (one per aggregate)


def cycles_visible_to(user: User) -> QuerySet[ReportingCycle]:
    return ReportingCycle.objects.filter(scope_for(user).view.q("office__")).select_related(
        "office", "template"
    )


def periods_visible_to(user: User) -> QuerySet[ReportPeriod]:
    """Periods whose collecting office the user sees (coordinators, leaders, appraisers of the office)."""
    return ReportPeriod.objects.filter(scope_for(user).view.q("cycle__office__")).select_related(
        "cycle__office"
    )


def get_cycle_for_user(user: User, pk: int, *, manage: bool = False) -> ReportingCycle:
    cycle = cycles_visible_to(user).filter(pk=pk).first()
    if cycle is None:
        raise Http404(_("Không tìm thấy chu kỳ báo cáo."))
    if manage and not can_manage_unit(user, cycle.office):
        raise PermissionDenied(_("Bạn không quản lý đơn vị này."))
    return cycle


def get_period_for_user(user: User, pk: int, *, manage: bool = False) -> ReportPeriod:
    period = periods_visible_to(user).select_related("cycle__template").filter(pk=pk).first()
    if period is None:
        raise Http404(_("Không tìm thấy kỳ báo cáo."))
    if manage and not can_manage_unit(user, period.cycle.office):
        raise PermissionDenied(_("Bạn không quản lý đơn vị này."))
    return period


def submissions_visible_to(user: User) -> QuerySet[Submission]:
    """A unit's reports are seen by the unit (and who sees it) and by the collecting office's people."""
    scope = scope_for(user)
    return Submission.objects.filter(
        scope.view.q("unit__") | scope.view.q("period__cycle__office__")
    ).select_related("unit", "period__cycle__office", "template")


def get_submission_for_user(user: User, pk: int, *, write: bool = False) -> Submission:
    submission = submissions_visible_to(user).filter(pk=pk).first()
    if submission is None:
        raise Http404(_("Không tìm thấy báo cáo."))
    if write and not can_enter_data(user, submission.unit):
        raise PermissionDenied(_("Bạn không có quyền nhập liệu cho đơn vị này."))
    return submission


def my_submissions(
    user: User, text: str = "", *, status: str = "", overdue: bool = False, year: int | None = None
) -> QuerySet[Submission]:
    """Reports of the units the user enters data for (or sees), newest period first; ``overdue``: past the due
    date and not yet approved by the unit head."""
    qs = Submission.objects.filter(scope_for(user).view.q("unit__")).select_related("unit", "period")
    for word in fold(text).split():  # accent-insensitive, every word
        qs = qs.filter(
            Q(period__title__unaccent__icontains=word)
            | Q(unit__name__unaccent__icontains=word)
            | Q(unit__short_name__unaccent__icontains=word)
            | Q(unit__code__icontains=word)
        )
    if status in STATUS_FILTERS:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(period__due__lt=timezone.localdate()).exclude(status__in=COUNTED)
    if year:
        qs = qs.filter(period__due__year=year)
    return qs.order_by("-period__due", "unit__path")


def with_overdue(subs: Iterable[Submission], today: date | None = None) -> list[Submission]:
    """Each report with ``overdue_days``: working days past its due date while its head has not approved it."""
    today = today or timezone.localdate()
    calendar = default_calendar()
    out = []
    for s in subs:
        s.overdue_days = 0 if s.counted else overdue_working_days(s.period.due, today, calendar)  # type: ignore[attr-defined]
        out.append(s)
    return out


# ---------------------------------------------------------------- numbers


def platform_figures(
    period: ReportPeriod, units: Iterable[OrgUnit]
) -> dict[int, dict[str, Decimal | int | None]]:
    outline = period.cycle.template.outline
    if not isinstance(units, QuerySet):
        units = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
    return figures.collect(outline.number_fields, units, period.data_from, period.data_to)


@dataclass
class NumberRow:
    key: str
    label: str
    source: str
    auto: Decimal | None  # the platform's figure
    typed: str  # what the unit typed (fields without a source)
    override: str
    note: str
    value: Decimal | None  # the figure that counts
    error: str = ""

    @property
    def from_platform(self) -> bool:
        return bool(self.source)

    @property
    def overridden(self) -> bool:
        return bool(self.override)


def effective_value(
    field: NumberField,
    auto: Decimal | int | float | str | None,
    numbers: Mapping[str, Any],
    overrides: Mapping[str, Any],
) -> Decimal | None:
    try:
        if field.source:
            ov = overrides.get(field.key, {}).get("value")
            if ov:
                return parse_number(ov)
            return None if auto is None else Decimal(auto)
        return parse_number(numbers.get(field.key))
    except ValueError:
        return None


def number_rows(
    outline: Outline,
    auto: Mapping[str, Any],
    numbers: Mapping[str, Any],
    overrides: Mapping[str, Any],
    problems: Mapping[str, str] | None = None,
) -> dict[str, list[NumberRow]]:
    """Rows per section key for a form or a printout."""
    out: dict[str, list[NumberRow]] = {}
    for s in outline.sections:
        rows = []
        for f in s.numbers:
            a = auto.get(f.key)
            a = None if a in (None, "") else Decimal(a)
            ov = overrides.get(f.key, {})
            rows.append(
                NumberRow(
                    f.key,
                    f.label,
                    f.source,
                    a,
                    numbers.get(f.key, ""),
                    ov.get("value", ""),
                    ov.get("note", ""),
                    effective_value(f, a, numbers, overrides),
                    (problems or {}).get(f.key, ""),
                )
            )
        out[s.key] = rows
    return out


def submission_auto(submission: Submission) -> dict[str, Any]:
    """Platform figures: the snapshot once sent, live while the unit is still writing."""
    if submission.sent:
        snapshot: dict[str, Any] = submission.figures
        return snapshot
    return platform_figures(submission.period, [submission.unit]).get(submission.unit_id, {})


def submission_values(submission: Submission) -> dict[str, Decimal | None]:
    outline = submission.template.outline
    auto = submission_auto(submission)
    return {
        f.key: effective_value(f, auto.get(f.key), submission.numbers, submission.overrides)
        for f in outline.number_fields
    }


# ---------------------------------------------------------------- completeness


def sent_submissions(period: ReportPeriod) -> QuerySet[Submission]:
    """The reports that count: those the unit head approved (or the coordinator approved for a headless unit)."""
    return period.submissions.filter(status__in=COUNTED).select_related("unit").order_by("unit__path")


def _counted_times(qs: QuerySet[Submission]) -> list[datetime | None]:
    """One entry per expected report: when its head first approved it, None while it does not count."""
    return [at if status in COUNTED else None for at, status in qs.values_list("first_approved_at", "status")]


def period_completeness(period: ReportPeriod, under: OrgUnit | None = None) -> Completeness:
    qs = period.submissions.all()
    if under is not None:
        qs = qs.filter(unit__path__startswith=under.path)
    return completeness(_counted_times(qs), period.due)


def overdue_working_days(due: date, today: date | None = None, calendar: WorkCalendar | None = None) -> int:
    """Working days since the due date (0 when not past it): "quá hạn N ngày làm việc"."""
    today = today or timezone.localdate()
    if today <= due:
        return 0
    return (calendar or default_calendar()).working_days_between(due, today)


@dataclass
class UnitRow:
    submission: Submission
    timeliness: str
    overdue_days: int = 0  # working days past the due date while the report does not count


STATUS_FILTERS = {s.value for s in Status}


def period_rows(
    period: ReportPeriod,
    under: OrgUnit | None = None,
    only: str = "",
    text: str = "",
    status: str = "",
    today: date | None = None,
) -> list[UnitRow]:
    qs = (
        period.submissions.select_related("unit")
        .annotate(last_reminded=Max("reminders__sent_on"), reminder_count=Count("reminders"))
        .order_by("unit__path")
    )
    if under is not None:
        qs = qs.filter(unit__path__startswith=under.path)
    if status in STATUS_FILTERS:
        qs = qs.filter(status=status)
    for word in fold(text).split():
        qs = qs.filter(
            Q(unit__name__unaccent__icontains=word)
            | Q(unit__short_name__unaccent__icontains=word)
            | Q(unit__code__icontains=word)
        )
    late = overdue_working_days(period.due, today)
    rows = [UnitRow(s, timeliness(s.counted_at, period.due), 0 if s.counted else late) for s in qs]
    if only:
        rows = [r for r in rows if r.timeliness == only]
    return rows


def branch_breakdown(period: ReportPeriod, under: OrgUnit) -> list[tuple[OrgUnit, Completeness]]:
    """Completeness per child of ``under`` (its whole subtree), for drilling down the tree."""
    subs = [
        (path, at if status in COUNTED else None)
        for path, at, status in period.submissions.filter(unit__path__startswith=under.path).values_list(
            "unit__path", "first_approved_at", "status"
        )
    ]
    children = {c.pk: c for c in OrgUnit.objects.filter(parent=under)}
    by_child: dict[int, list[datetime | None]] = {}
    for path, at in subs:
        rest = path[len(under.path) :].strip("/")
        if not rest:
            continue
        child_id = int(rest.split("/")[0])
        by_child.setdefault(child_id, []).append(at)
    return sorted(
        (
            (children[cid], completeness(times, period.due))
            for cid, times in by_child.items()
            if cid in children
        ),
        key=lambda pair: pair[0].path,
    )


# ---------------------------------------------------------------- synthesis


def synthesis_table(
    period: ReportPeriod,
) -> tuple[list[tuple[OrgUnit, dict[str, Decimal | None], dict[str, str]]], dict[str, Decimal | None]]:
    """Each sent report's numbers (with the unit's override notes) and their sums.

    Fields with ``sum: none`` are not added up. Rows are ``(unit, {field: value}, {field: override note})``.
    """
    outline = period.cycle.template.outline
    rows = []
    for sub in sent_submissions(period).select_related("template"):
        sub.period = period
        notes = {k: ov.get("note", "") for k, ov in sub.overrides.items() if ov.get("value")}
        rows.append((sub.unit, submission_values(sub), notes))
    summable = [f.key for f in outline.number_fields if f.sum == "sum"]
    totals = add_up((values for _u, values, _n in rows), summable)
    for f in outline.number_fields:
        totals.setdefault(f.key, None)
    return rows, totals


def synthesis_values(synthesis: Synthesis, totals: Mapping[str, Decimal | None]) -> dict[str, Decimal | None]:
    """The synthesis's figures: the sums, unless the coordinator overrode one (with a note)."""
    out = dict(totals)
    for key, ov in (synthesis.overrides or {}).items():
        try:
            out[key] = parse_number(ov.get("value"))
        except ValueError:
            continue
    return out
