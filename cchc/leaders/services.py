"""Writes of the leaders' module: a leader's digest schedule, and sending the digest (e-mail + in-app notice) once
per period of the schedule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.orgs.models import Role
from cchc.orgs.scope import forget_scope, members_with

from .models import DigestPreference, DigestSent, Frequency
from .selectors import board, default_period, home_unit, may_open

if TYPE_CHECKING:
    from cchc.accounts.models import User


@transaction.atomic
def digest_preference_set(*, user: User, frequency: str, weekday: int) -> DigestPreference:
    if frequency not in Frequency.values:
        raise DomainError("bad_frequency", _("Tần suất nhận bản tin không hợp lệ."), field="frequency")
    if not 0 <= weekday <= 6:
        raise DomainError("bad_weekday", _("Ngày trong tuần không hợp lệ."), field="weekday")
    pref, _created = DigestPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency, "weekday": weekday}
    )
    return pref


def preference_of(user: User) -> DigestPreference:
    """The user's schedule (weekly on Monday when they never chose one; not saved)."""
    found = DigestPreference.objects.filter(user=user).first()
    return found or DigestPreference(user=user)


def period_key(pref: DigestPreference, today: date, *, any_day: bool = False) -> str:
    """The period of the schedule ``today`` falls in when a digest is due today ("" when none is): daily every day,
    weekly on the chosen weekday, monthly on the 1st. ``any_day``: the current period whatever the day (an
    operator sending now)."""
    if pref.frequency == Frequency.DAILY:
        return f"D{today.isoformat()}"
    if pref.frequency == Frequency.WEEKLY and (any_day or today.weekday() == pref.weekday):
        year, week, _day = today.isocalendar()
        return f"W{year}-{week:02d}"
    if pref.frequency == Frequency.MONTHLY and (any_day or today.day == 1):
        return f"M{today:%Y-%m}"
    return ""


@dataclass
class DigestResult:
    user: str
    status: str  # sent | dry_run | not_due | already_sent | off | no_unit | not_leader
    period_key: str = ""
    subject: str = ""
    text: str = ""
    html: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)


def _absolute(url: str) -> str:
    return url if url.startswith("http") else settings.SITE_URL + url


def compose(
    user: User, today: date, now: datetime | None = None
) -> tuple[Any, str, str, str, list[dict[str, Any]]]:
    """The digest of ``user``'s highest unit for the year so far: (unit, subject, text, html, items) — the same
    exceptions as the leaders' page (``selectors.board``)."""
    from django.urls import reverse

    unit = home_unit(user)
    if unit is None:
        return None, "", "", "", []
    date_from, date_to = default_period(today)
    b = board(user, unit, date_from, date_to, now=now, full=False, live=True)
    items: list[dict[str, Any]] = [
        {"key": e.key, "title": e.title, "count": e.count, "url": _absolute(e.url)} for e in b.exceptions
    ]
    falls: list[dict[str, Any]] = [
        {
            "unit": f.unit.name,
            "before": f.before,
            "now": f.now,
            "peers": f.peers,
            "url": _absolute(f.url),
        }
        for f in b.falls
    ]
    page = _absolute(reverse("leaders:index") + f"?unit={unit.code}")
    context = {
        "user": user,
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "items": items,
        "falls": falls,
        "page": page,
        "settings_url": _absolute(reverse("leaders:digest_settings")),
    }
    total = sum(i["count"] for i in items)
    subject = _("[CCHC] Bản tin lãnh đạo %(unit)s: %(n)s việc quá hạn (%(d)s)") % {
        "unit": unit.short_name or unit.name,
        "n": total,
        "d": today.strftime("%d/%m/%Y"),
    }
    text = render_to_string("leaders/digest_email.txt", context)
    html = render_to_string("leaders/digest_email.html", context)
    return unit, subject, text, html, [*items, *({"key": "fall", **f} for f in falls)]


def send_digest(
    *, user: User, today: date | None = None, any_day: bool = False, dry_run: bool = False
) -> DigestResult:
    """Send ``user`` their digest if one is due today by their schedule and not yet sent for its period: an e-mail
    (plain text and HTML, in Vietnamese, absolute links) and an in-app notice. The period is recorded in the same
    transaction as the notice, so a job that runs twice sends once."""
    from cchc.plans.services import notify

    today = today or timezone.localdate()
    forget_scope(user)
    if not may_open(user):
        return DigestResult(user.username, "not_leader")
    pref = preference_of(user)
    if pref.frequency == Frequency.OFF:
        return DigestResult(user.username, "off")
    key = period_key(pref, today, any_day=any_day)
    if not key:
        return DigestResult(user.username, "not_due")
    if DigestSent.objects.filter(user=user, period_key=key).exists() and not dry_run:
        return DigestResult(user.username, "already_sent", key)
    with translation.override(settings.LANGUAGE_CODE):
        unit, subject, text, html, items = compose(user, today)
    if unit is None:
        return DigestResult(user.username, "no_unit", key)
    result = DigestResult(user.username, "dry_run" if dry_run else "sent", key, subject, text, html, items)
    if dry_run:
        return result
    try:
        with transaction.atomic():
            DigestSent.objects.create(
                user=user, period_key=key, unit=unit, emailed=bool(user.email), summary={"items": items}
            )
            total = sum(i.get("count", 0) for i in items if i["key"] != "fall")
            notify(
                user=user,
                unit=unit,
                text=_("Bản tin lãnh đạo %(unit)s: %(n)s việc quá hạn, %(f)s đơn vị tụt hạng")
                % {"unit": unit.name, "n": total, "f": sum(1 for i in items if i["key"] == "fall")},
                url=f"/lanh-dao/?unit={unit.code}",
                key=f"leader-digest:{key}",
            )
            if user.email:
                mail = EmailMultiAlternatives(subject, text, None, [user.email])
                mail.attach_alternative(html, "text/html")
                mail.send()  # a failure rolls the record back: the next run tries again
    except IntegrityError:
        return DigestResult(user.username, "already_sent", key)
    return result


def digest_recipients() -> list[User]:
    """Active accounts holding a leader or coordinator membership today."""
    from cchc.accounts.models import User

    ids = members_with(Role.LEADER, Role.COORDINATOR).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def send_due_digests(*, today: date | None = None) -> dict[str, int]:
    """The job: every recipient whose schedule asks for a digest today gets it (once per period)."""
    import logging

    today = today or timezone.localdate()
    out: dict[str, int] = {}
    for user in digest_recipients():
        try:
            status = send_digest(user=user, today=today).status
        except Exception:  # one person's failure (their mail server) does not stop the others
            logging.getLogger(__name__).exception("leader digest failed for user %s", user.pk)
            status = "failed"
        out[status] = out.get(status, 0) + 1
    return out
