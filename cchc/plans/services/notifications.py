"""In-app notifications and the daily reminders of due and overdue assignments."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.orgs.models import OrgUnit

from ..models import CLOSED_STATUSES, Assignment, EmailState, Notification, Plan
from ..timing import Timing
from ._common import _unit_people


def notify(
    *, user: User, text: str, url: str = "", unit: OrgUnit | None = None, key: str = "", email: bool = False
) -> Notification | None:
    """An in-app notice (once per ``key``); with ``email`` it is also e-mailed by the job ``send_notice_emails``
    (to a person with an address), after the transaction that made it commits."""
    state = EmailState.PENDING if email and user.email else EmailState.NONE
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user, unit=unit, text=text, url=url, key=key[:200], email_state=state
            )
    except IntegrityError:
        return None  # already sent (same key)


def send_notice_emails(*, limit: int = 500) -> int:
    """E-mail the notices waiting for it (Django's e-mail backend), each once: the row is marked sent in the same
    transaction, locked so that two workers never send it twice. Returns the number sent."""
    sent = 0
    with transaction.atomic():
        rows = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(email_state=EmailState.PENDING)
            .select_related("user")
            .order_by("pk")[:limit]
        )
        for n in rows:
            if n.user.email:
                body = n.text + ("\n\n" + settings.SITE_URL + n.url if n.url else "")
                send_mail(
                    _("[CCHC] %(t)s") % {"t": n.text[:120]}, body, None, [n.user.email], fail_silently=True
                )
                sent += 1
            n.email_state = EmailState.SENT
            n.emailed_at = timezone.now()
            n.save(update_fields=["email_state", "emailed_at"])
    return sent


def notify_plan_issued(plan: Plan) -> int:
    """Tell the staff and heads of every unit the issued plan gives tasks to (in the app and by e-mail)."""
    counts: dict[int, int] = {}
    for unit_id in Assignment.objects.filter(task__plan=plan).values_list("unit_id", flat=True):
        counts[unit_id] = counts.get(unit_id, 0) + 1
    units = OrgUnit.objects.in_bulk(list(counts))
    n = 0
    ref = plan.doc_number or plan.title[:80]
    for unit_id, count in counts.items():
        text = _("Kế hoạch %(ref)s đã ban hành: %(unit)s được giao %(n)s nhiệm vụ.") % {
            "ref": ref,
            "unit": units[unit_id].name,
            "n": count,
        }
        for person in _unit_people(unit_id):
            if notify(
                user=person,
                unit=units[unit_id],
                text=text,
                url=f"/ke-hoach/{plan.pk}/",
                key=f"issued:{plan.pk}:{unit_id}",
                email=True,
            ):
                n += 1
    return n


def notification_read(*, notification: Notification, user: User) -> None:
    if notification.user_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def send_reminders(
    *, today: date | None = None, days: int | None = None, email: bool = True
) -> dict[str, int]:
    """Notify each unit's staff and head of its assignments due within ``days`` working days or overdue: one in-app
    notification and one e-mail per person per day."""
    from ..selectors import assignment_timings

    today = today or timezone.localdate()
    days = days if days is not None else settings.PLANS_REMIND_DAYS
    rows = (
        Assignment.objects.filter(task__plan__status=Plan.Status.ISSUED)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("task", "task__plan", "unit")
    )
    units: dict[int, OrgUnit] = {}
    per_unit: dict[int, dict[str, list[tuple[Assignment, Timing]]]] = {}
    for a, t in assignment_timings(list(rows), today=today, days=days):
        if t.state in ("overdue", "due_soon"):
            units.setdefault(a.unit_id, a.unit)
            per_unit.setdefault(a.unit_id, {"overdue": [], "due_soon": []})[t.state].append((a, t))
    sent = mails = 0
    for unit_id, info in per_unit.items():
        n_over, n_soon = len(info["overdue"]), len(info["due_soon"])
        text = _(
            "%(unit)s: %(o)s nhiệm vụ quá hạn, %(s)s nhiệm vụ sắp đến hạn trong %(d)s ngày làm việc."
        ) % {
            "unit": units[unit_id].name,
            "o": n_over,
            "s": n_soon,
            "d": days,
        }
        lines = [text, ""]
        for state, label in (("overdue", _("Quá hạn")), ("due_soon", _("Sắp đến hạn"))):
            for a, t in info[state]:
                due = t.due.strftime("%d/%m/%Y") if t.due else ""
                lines.append(f"- [{label}] {a.task.code} {a.task.content[:120]} — {_('hạn')} {due}")
        url = "/ke-hoach/nhiem-vu-cua-toi/?han=attention"
        lines += ["", settings.SITE_URL + url]
        for person in _unit_people(unit_id):
            if notify(
                user=person,
                unit=units[unit_id],
                text=text,
                url=url,
                key=f"remind:{today.isoformat()}:{unit_id}",
            ):
                sent += 1
                if email and person.email:
                    send_mail(
                        _("[CCHC] Nhắc việc kế hoạch: %(o)s quá hạn, %(s)s sắp đến hạn")
                        % {"o": n_over, "s": n_soon},
                        "\n".join(lines),
                        None,
                        [person.email],
                        fail_silently=True,
                    )
                    mails += 1
    return {"units": len(per_unit), "notifications": sent, "emails": mails}
