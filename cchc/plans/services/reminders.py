"""Reminder letters (văn bản đôn đốc): a numbered công văn from the register, to one unit about one plan, with
its signer, recipients, the overdue tasks as they stood (and, from the implementing-plan page, the implementing
plan the unit has not issued), and a record of when it was sent."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.core.text import nfc
from cchc.documents.services import document_number_reserve
from cchc.orgs.models import OrgUnit

from .. import access
from ..models import Assignment, Plan, ReminderLetter
from ._common import _unit_people
from .notifications import notify


def reminder_rows(plan: Plan, unit: OrgUnit, *, today: date | None = None) -> list[dict[str, object]]:
    """The unit's overdue assignments of the plan, with the working days each is overdue."""
    from ..selectors import assignment_timings, overdue_working_days

    today = today or timezone.localdate()
    rows = Assignment.objects.filter(task__plan=plan, unit=unit).select_related("task", "task__plan", "unit")
    out: list[dict[str, object]] = []
    for a, t in assignment_timings(rows, today=today):
        if t.state != "overdue":
            continue
        out.append(
            {
                "code": a.task.code,
                "content": a.task.content,
                "deadline": a.task.deadline_text,
                "due": t.due.isoformat() if t.due else None,
                "days": overdue_working_days(t, today),
                "status": a.get_status_display(),
                "percent": a.percent,
            }
        )
    return out


def _symbol(plan: Plan) -> str:
    """The organisation part of the plan's ký hiệu ("447/KH-CAHP-PV01" → "CAHP-PV01"), else the issuer's code."""
    _n, _sep, symbol = (plan.doc_number or "").partition("/")
    parts = symbol.strip().split("-", 1)
    if len(parts) == 2 and parts[1]:
        return parts[1]
    return plan.issuer.short_code or plan.issuer.code.rsplit(".", 1)[-1]


@transaction.atomic
def reminder_letter_issue(
    *,
    plan: Plan,
    unit: OrgUnit,
    user: User,
    signer_name: str,
    signer_title: str = "",
    recipients: str = "",
    missing_subplan: bool = False,
    today: date | None = None,
) -> ReminderLetter:
    """Take the next công văn number of the plan's issuer and record the letter (not yet sent)."""
    if not access.can_review(user, plan):
        raise PermissionDenied(_("Chỉ đầu mối của kế hoạch lập được văn bản đôn đốc."))
    if not Assignment.objects.filter(task__plan=plan, unit=unit).exists():
        raise DomainError(
            "not_assigned", gettext_lazy("Kế hoạch không giao nhiệm vụ cho %(unit)s."), unit=unit.name
        )
    if not nfc(signer_name):
        raise DomainError("signer_required", gettext_lazy("Cần ghi họ tên người ký."), field="signer_name")
    today = today or timezone.localdate()
    rows = reminder_rows(plan, unit, today=today)
    if not rows and not missing_subplan:
        raise DomainError(
            "nothing_overdue",
            gettext_lazy("%(unit)s không có nhiệm vụ quá hạn trong kế hoạch này."),
            unit=unit.name,
        )
    ref = plan.doc_number or plan.title[:80]
    document = document_number_reserve(
        issuer=plan.issuer,
        doc_type_code="CV",
        symbol=_symbol(plan),
        summary=f"V/v đôn đốc thực hiện Kế hoạch số {ref}",
        on_date=today,
        user=user,
        note=f"Đôn đốc {unit.code}",
    )
    return ReminderLetter.objects.create(
        plan=plan,
        unit=unit,
        document=document,
        signer_name=nfc(signer_name)[:255],
        signer_title=nfc(signer_title)[:255],
        recipients=nfc(recipients),
        rows=rows,
        missing_subplan=missing_subplan,
        created_by=user,
    )


@transaction.atomic
def reminder_letter_send(*, letter: ReminderLetter, user: User) -> ReminderLetter:
    """Record that the letter was sent, and tell the unit (in the app and by e-mail)."""
    if not access.can_review(user, letter.plan):
        raise PermissionDenied(_("Chỉ đầu mối của kế hoạch gửi được văn bản đôn đốc."))
    if letter.sent_at is not None:
        return letter
    letter.sent_at = timezone.now()
    letter.sent_by = user
    letter.save(update_fields=["sent_at", "sent_by", "updated_at"])
    for person in _unit_people(letter.unit_id):
        notify(
            user=person,
            unit=letter.unit,
            text=_(
                "Văn bản đôn đốc số %(number)s: %(unit)s còn %(n)s nhiệm vụ quá hạn theo Kế hoạch %(ref)s."
            )
            % {
                "number": letter.document.number_text,
                "unit": letter.unit.name,
                "n": len(letter.rows),
                "ref": letter.plan.doc_number or letter.plan.title[:80],
            },
            url="/ke-hoach/nhiem-vu-cua-toi/?han=overdue",
            key=f"letter:{letter.pk}:{person.pk}",
            email=True,
        )
    return letter
