"""Home-page items of the reports module: reports to write, to approve, to accept, and units that are late."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.attention import Item, provider
from cchc.orgs.models import Role
from cchc.orgs.scope import headless_q, scope_for

from .models import COUNTED, EDITABLE, ReportPeriod, Status, Submission

REMIND_BEFORE_DAYS = 7


@provider
def reports_to_write(user):
    scope = scope_for(user)
    own = scope.units_with(Role.STAFF, Role.HEAD).unit_ids
    if not own:  # coordinators see their periods below, not every unit's draft
        return []
    today = timezone.localdate()
    subs = (
        Submission.objects.filter(unit_id__in=own, status__in=EDITABLE)
        .filter(period__due__lte=today + timedelta(days=REMIND_BEFORE_DAYS))
        .select_related("period", "unit")
        .order_by("-period__due", "unit__path")[:10]  # the nearest first: old misses must not crowd them out
    )
    items = []
    for s in subs:
        overdue = s.period.due < today
        items.append(
            Item(
                title=(
                    _("Quá hạn gửi %(t)s (hạn %(d)s)") if overdue else _("Sắp đến hạn gửi %(t)s (hạn %(d)s)")
                )
                % {"t": s.period.title, "d": s.period.due.strftime("%d/%m/%Y")},
                detail=s.unit.name + (f" — {s.get_status_display()}" if s.status == Status.RETURNED else ""),
                url=reverse("reports:submission_detail", args=[s.pk]),
                level="danger" if overdue or s.status == Status.RETURNED else "warning",
            )
        )
    return items


@provider
def reports_to_approve(user):
    scope = scope_for(user)
    heads = scope.units_with(Role.HEAD).unit_ids
    mine = Q(unit_id__in=sorted(heads))
    stands_in = not scope.manage.empty and not scope.is_admin
    if stands_in:  # the coordinator approves in the place of a missing head
        mine |= scope.manage.q("unit__") & headless_q("unit__")
    if not heads and not stands_in:
        return []
    subs = (
        Submission.objects.filter(mine, status=Status.SUBMITTED)
        .exclude(submitted_by=user)  # nobody approves the report they sent
        .select_related("period", "unit")
        .order_by("-period__due", "unit__path")
    )
    return [
        Item(
            title=_("Báo cáo chờ thủ trưởng duyệt: %(t)s") % {"t": s.period.title},
            detail=s.unit.name,
            url=reverse("reports:submission_detail", args=[s.pk]),
            level="warning",
        )
        for s in subs[:10]
    ]


@provider
def reports_to_accept(user):
    scope = scope_for(user)
    if scope.manage.empty or scope.is_admin:
        return []
    today = timezone.localdate()
    periods = (
        ReportPeriod.objects.filter(scope.manage.q("cycle__office__"))
        .filter(due__gte=today - timedelta(days=60), due__lte=today + timedelta(days=REMIND_BEFORE_DAYS))
        .annotate(
            waiting=Count("submissions", filter=Q(submissions__status=Status.APPROVED)),
            missing=Count("submissions", filter=~Q(submissions__status__in=COUNTED)),
        )
        .order_by("due")
    )
    items = []
    for p in periods[:10]:
        url = reverse("reports:period_detail", args=[p.pk])
        if p.waiting:
            items.append(
                Item(
                    _("%(n)s báo cáo chờ tiếp nhận: %(t)s") % {"n": p.waiting, "t": p.title},
                    url=url,
                    count=p.waiting,
                )
            )
        if p.missing and p.due < today:
            items.append(
                Item(
                    _("%(n)s đơn vị chưa gửi %(t)s (hạn %(d)s)")
                    % {"n": p.missing, "t": p.title, "d": p.due.strftime("%d/%m/%Y")},
                    url=url + "?only=missing",
                    level="danger",
                    count=p.missing,
                )
            )
    return items
