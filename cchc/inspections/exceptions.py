"""An electronic inspection starts from the platform's own exceptions for the unit (contract "Joined with the
other modules"): overdue dossiers (and PAKN when that module is installed), late tasks and reports, weak PAR-index
criteria and survey dimensions. Each block is read from its module's own tables with that module's rules; the
page shows the counts and the first rows, and links to the module's pages for the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import F, Q
from django.utils import timezone

from cchc.orgs.models import OrgUnit

WEAK_PAR_SHARE = Decimal("0.5")  # a criterion scored below half of its maximum
WEAK_SURVEY_PERCENT = Decimal(80)  # a survey dimension with less than 80 % satisfied
SHOWN = 20


@dataclass
class Block:
    key: str
    title: str
    count: int = 0
    rows: list[list[str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    available: bool = True


def _dossiers(unit: OrgUnit, start: date, as_of: date) -> Block:
    from cchc.onestop.models import TERMINAL, Dossier

    now = timezone.make_aware(datetime.combine(as_of, time(23, 59, 59)))
    qs = Dossier.objects.filter(
        unit__path__startswith=unit.path, received_at__date__gte=start, received_at__lte=now
    ).filter(
        Q(finished_at__isnull=True, due_at__lt=now) & ~Q(status__in=TERMINAL) | Q(finished_at__gt=F("due_at"))
    )
    rows = [
        [d.code, f"{timezone.localtime(d.due_at):%d/%m/%Y %H:%M}", d.get_status_display()]
        for d in qs.order_by("due_at")[:SHOWN]
    ]
    return Block(
        "dossiers",
        "Hồ sơ thủ tục hành chính quá hạn",
        qs.count(),
        rows,
        ["Mã hồ sơ", "Hẹn trả", "Trạng thái"],
    )


def _tasks(unit: OrgUnit, as_of: date) -> Block:
    from cchc.plans.models import CLOSED_STATUSES, Assignment, Plan
    from cchc.plans.selectors import assignment_timings

    qs = (
        Assignment.objects.filter(unit=unit, task__plan__status=Plan.Status.ISSUED)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("task", "task__plan")
    )
    late = [(a, t) for a, t in assignment_timings(list(qs), today=as_of) if t.state == "overdue"]
    rows = [
        [a.task.code, a.task.content[:160], f"{t.due:%d/%m/%Y}" if t.due else "", f"{a.percent}%"]
        for a, t in late[:SHOWN]
    ]
    return Block("tasks", "Nhiệm vụ quá hạn", len(late), rows, ["Số TT", "Nhiệm vụ", "Hạn", "Tiến độ"])


def _reports(unit: OrgUnit, start: date, as_of: date) -> Block:
    from cchc.reports.models import EDITABLE, Submission

    qs = Submission.objects.filter(unit=unit, period__due__gte=start, period__due__lt=as_of).filter(
        Q(status__in=EDITABLE) | Q(first_submitted_at__date__gt=F("period__due"))
    )
    rows = [
        [s.period.title, f"{s.period.due:%d/%m/%Y}", s.get_status_display()]
        for s in qs.select_related("period").order_by("period__due")[:SHOWN]
    ]
    return Block(
        "reports",
        "Báo cáo định kỳ chậm hoặc chưa gửi",
        qs.count(),
        rows,
        ["Báo cáo", "Hạn gửi", "Trạng thái"],
    )


def _par(unit: OrgUnit) -> Block:
    from cchc.parindex.models import Assessment, Score

    assessment = Assessment.objects.filter(unit=unit).order_by("-pk").first()
    block = Block(
        "parindex",
        "Tiêu chí Chỉ số CCHC đạt thấp (dưới 50% điểm tối đa)",
        headers=["Tiêu chí", "Điểm", "Tối đa"],
    )
    if assessment is None:
        return block
    weak = []
    for s in Score.objects.filter(assessment=assessment).select_related("criterion"):
        points = next((p for p in (s.round2, s.round1, s.self_score) if p is not None), None)
        top = s.criterion.max_points
        if points is not None and top and points < top * WEAK_PAR_SHARE:
            weak.append([f"{s.criterion.code} {s.criterion.title}"[:200], str(points), str(top)])
    block.count, block.rows = len(weak), weak[:SHOWN]
    return block


def _survey(unit: OrgUnit, start: date, as_of: date) -> Block:
    from cchc.surveys.selectors import unit_results

    block = Block(
        "survey", "Tiêu chí khảo sát hài lòng dưới 80%", headers=["Tiêu chí", "Tỷ lệ hài lòng", "Số trả lời"]
    )
    result = unit_results(date_from=start, date_to=as_of, root=unit, only_with_answers=True)
    row = next((r for r in result.rows if r.unit.pk == unit.pk), None)
    if row is None:
        return block
    weak = [
        [result.titles.get(d.code, d.code), f"{d.percent}%", str(d.answers)]
        for d in row.result.dimensions
        if d.percent is not None and d.percent < WEAK_SURVEY_PERCENT
    ]
    block.count, block.rows = len(weak), weak
    return block


def _pakn(unit: OrgUnit, start: date, as_of: date) -> Block:
    block = Block("pakn", "Phản ánh, kiến nghị quá hạn", headers=["Mã", "Tiêu đề"], available=False)
    if not apps.is_installed("cchc.pakn"):
        return block
    block.available = True  # the PAKN module's own overdue list is linked from the page
    return block


def unit_exceptions(unit: OrgUnit, *, as_of: date | None = None) -> list[Block]:
    as_of = as_of or timezone.localdate()
    start = date(as_of.year, 1, 1)
    return [
        _dossiers(unit, start, as_of),
        _pakn(unit, start, as_of),
        _tasks(unit, as_of),
        _reports(unit, start, as_of),
        _par(unit),
        _survey(unit, start, as_of),
    ]


def summary(blocks: list[Block]) -> dict[str, Any]:
    return {b.key: b.count for b in blocks if b.available}
