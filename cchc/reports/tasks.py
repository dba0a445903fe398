"""Reminders (procrastinate): before the due date to units that have not sent, after it to the missing ones."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from procrastinate.contrib.django import app

from cchc.audit.context import audit_context
from cchc.orgs.models import Role
from cchc.orgs.scope import members_with

from .models import EDITABLE, Reminder, Status, Submission

BEFORE_DAYS = (7, 3, 1)  # days before the due date
AFTER_EVERY = 7  # after the due date: the day after, then weekly
AFTER_LIMIT = 60  # stop reminding 60 days after the due date


def _recipients(unit_ids: set[int], on: date, *roles: Role) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    qs = members_with(*(roles or (Role.STAFF, Role.HEAD)), units=unit_ids, on=on).select_related("user")
    for m in qs:
        if m.user.email and m.user.is_active:
            out.setdefault(m.unit_id, []).append(m.user.email)
    return out


def send_reminders(today: date | None = None) -> dict[str, int]:
    """Send today's reminders once (recorded in ``Reminder``); the home page shows the same reports as items."""
    today = today or timezone.localdate()
    due_soon = {today + timedelta(days=n) for n in BEFORE_DAYS}
    # not sent yet (or returned); and, once the due date has passed, sent but still waiting for the head's approval
    # (only approved reports count): that one goes to the unit's heads only
    subs = list(
        Submission.objects.filter(
            Q(status__in=EDITABLE, first_submitted_at__isnull=True)
            | Q(status=Status.RETURNED)
            | Q(status=Status.SUBMITTED, period__due__lt=today)
        )
        .filter(period__due__gte=today - timedelta(days=AFTER_LIMIT), period__due__lte=max(due_soon))
        .select_related("period", "unit")
    )
    todo: list[tuple[Submission, str]] = []
    for s in subs:
        due = s.period.due
        if due in due_soon:
            todo.append((s, Reminder.Kind.BEFORE))
        elif due < today and (today - due).days % AFTER_EVERY == 1:
            todo.append((s, Reminder.Kind.AFTER))
    done = set(
        Reminder.objects.filter(sent_on=today, submission__in=[s for s, _k in todo]).values_list(
            "submission_id", "kind"
        )
    )
    todo = [(s, k) for s, k in todo if (s.pk, k) not in done]
    emails = _recipients({s.unit_id for s, _k in todo if s.status != Status.SUBMITTED}, today)
    heads = _recipients({s.unit_id for s, _k in todo if s.status == Status.SUBMITTED}, today, Role.HEAD)
    todo = [(s, k) for s, k in todo if s.status != Status.SUBMITTED or heads.get(s.unit_id)]
    base = settings.SITE_URL.rstrip("/")
    messages, reminders = [], []
    for s, kind in todo:
        to = (heads if s.status == Status.SUBMITTED else emails).get(s.unit_id, [])
        url = base + reverse("reports:submission_detail", args=[s.pk])
        if s.status == Status.SUBMITTED:
            subject = (
                f"[CCHC] Báo cáo quá hạn chờ thủ trưởng duyệt: {s.period.title} (hạn {s.period.due:%d/%m/%Y})"
            )
            body = (
                f"{s.unit.name}: {s.period.title} đã được cán bộ gửi nhưng chưa được thủ trưởng duyệt; "
                f"báo cáo chỉ được tính khi thủ trưởng duyệt. Hạn gửi: {s.period.due:%d/%m/%Y}.\n{url}\n"
            )
        elif kind == Reminder.Kind.BEFORE:
            subject = f"[CCHC] Sắp đến hạn gửi {s.period.title} (hạn {s.period.due:%d/%m/%Y})"
            body = f"{s.unit.name} chưa gửi {s.period.title}. Hạn gửi: {s.period.due:%d/%m/%Y}.\n{url}\n"
        else:
            subject = f"[CCHC] Quá hạn gửi {s.period.title} (hạn {s.period.due:%d/%m/%Y})"
            body = f"{s.unit.name} chưa gửi {s.period.title}; đã quá hạn {s.period.due:%d/%m/%Y}.\n{url}\n"
        if to:
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, to))
        reminders.append(Reminder(submission=s, kind=kind, sent_on=today, recipients=len(to)))
    with audit_context(None, "job:reports.reminders"):
        Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
    sent = send_mass_mail(messages, fail_silently=True) if messages else 0
    return {"reminders": len(reminders), "emails": sent}


@app.periodic(cron="0 7 * * *")
@app.task(queue="reports", pass_context=False)
def report_reminders(timestamp: int) -> None:
    """Daily at 07:00: reminders before the due date and after it for missing reports."""
    send_reminders()


def sync_cycles(today: date | None = None) -> dict[str, int]:
    """Every cycle with a period still to come follows its rule: units created or added since are expected."""
    from .models import ReportingCycle
    from .services import cycle_sync_units

    today = today or timezone.localdate()
    totals = {"cycles": 0, "added": 0, "removed": 0}
    with audit_context(None, "job:reports.sync_cycles"):
        for cycle in ReportingCycle.objects.filter(periods__due__gte=today).distinct():
            result = cycle_sync_units(cycle=cycle, today=today)
            totals["cycles"] += 1
            totals["added"] += result["added"]
            totals["removed"] += result["removed"]
    return totals


@app.periodic(cron="30 6 * * *")
@app.task(queue="reports", pass_context=False)
def report_cycles_sync(timestamp: int) -> None:
    """Daily at 06:30 (before the reminders): units new in a cycle's group or subtree get their reports to write."""
    sync_cycles()
