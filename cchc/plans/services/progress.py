"""Progress reports on assignments: submit, confirm, accept or return; manual task progress."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core import versioning
from cchc.core.errors import DomainError
from cchc.core.locks import lock_fresh
from cchc.core.text import nfc
from cchc.core.uploads import check_evidence_file
from cchc.orgs.models import Role as OrgRole
from cchc.orgs.scope import check_no_conflict_of_interest, members_with, scope_for

from .. import access
from ..models import Assignment, DeadlineKind, Evidence, Plan, ProgressUpdate, Status, Task
from ..timing import period_key, relative_days
from ._common import _unit_people
from .notifications import notify

EVIDENCE_MAX_BYTES = settings.PLANS_EVIDENCE_MAX_BYTES
EVIDENCE_MAX_FILES = 10


def _check_file(f: UploadedFile[bytes]) -> None:
    check_evidence_file(f, max_bytes=EVIDENCE_MAX_BYTES)


@transaction.atomic
def progress_submit(
    *,
    assignment: Assignment,
    user: User,
    text: str,
    status: str,
    percent: int | None = None,
    reason: str = "",
    files: list[UploadedFile[bytes]] | None = None,
    today: date | None = None,
    completed_on: date | None = None,
    document_date: date | None = None,
    links: list[str] | None = None,
) -> ProgressUpdate:
    """A unit reports on its assignment. A head's own report counts as confirmed.

    "Hoàn thành" needs 100% (a lower figure is refused, never rounded up) and the day the unit really finished
    (``completed_on``, today when not given): not after the report and its evidence, not before the plan's year.
    A task that names a product needs evidence to be finished (in this report or an accepted earlier one).

    ``document_date`` is the date of the document(s) attached (ngày văn bản): never in the future, and a reported
    completion is never earlier than the date of a product document attached as evidence (this report's or an
    accepted earlier one's): the product cannot be finished before it was issued (DomainError).

    ``links``: evidence given as web addresses (http/https) instead of files — what another system sends through
    the API; a link counts as evidence exactly as a file does."""
    lock_fresh(assignment)  # its status moves on below: from the row as it is, not as the page loaded it
    if not access.can_report(user, assignment):
        raise PermissionDenied(_("Bạn không có quyền báo cáo cho đơn vị này."))
    plan = assignment.task.plan
    if plan.status != Plan.Status.ISSUED:
        raise DomainError("plan_not_issued", gettext_lazy("Kế hoạch không ở trạng thái đang thực hiện."))
    today = today or timezone.localdate()
    _check_document_date(
        assignment=assignment,
        document_date=document_date if (files or links) else None,
        completed_on=(completed_on or today) if status in (Status.DONE, Status.DONE_LATE) else None,
        today=today,
    )
    errors: dict[str, str] = {}
    if status not in Status.values:
        errors["status"] = _("Trạng thái không hợp lệ.")
    finishing = status in (Status.DONE, Status.DONE_LATE)
    if finishing and percent is None:
        percent = 100
    if percent is None or not 0 <= int(percent) <= 100:
        errors["percent"] = _("Tiến độ phải từ 0 đến 100%.")
    elif finishing and int(percent) != 100:
        errors["percent"] = _("Nhiệm vụ “Hoàn thành” phải đạt tiến độ 100%% (đang ghi %(p)s%%).") % {
            "p": percent
        }
    if finishing:
        completed_on = completed_on or today
        if completed_on > today:
            errors["completed_on"] = _("Ngày hoàn thành không được sau ngày báo cáo (%(d)s).") % {
                "d": f"{today:%d/%m/%Y}"
            }
        elif completed_on.year < plan.year - 1:
            errors["completed_on"] = _("Ngày hoàn thành %(d)s trước năm của kế hoạch.") % {
                "d": f"{completed_on:%d/%m/%Y}"
            }
        has_evidence = (
            bool(files)
            or bool(links)
            or Evidence.objects.filter(
                update__assignment=assignment, update__state=ProgressUpdate.State.ACCEPTED
            ).exists()
        )
        if assignment.task.product.strip() and not has_evidence:
            errors["files"] = _(
                "Nhiệm vụ có sản phẩm “%(p)s”: cần đính kèm minh chứng khi báo cáo hoàn thành."
            ) % {"p": assignment.task.product[:120]}
    else:
        completed_on = None
    if status == Status.NOT_DONE and not nfc(reason):
        errors["reason"] = _("Cần nêu lý do không thực hiện.")
    if not nfc(text):
        errors["text"] = _("Cần nhập nội dung báo cáo.")
    files = list(files or [])
    if len(files) > EVIDENCE_MAX_FILES:
        errors["files"] = _("Tối đa %(n)s tệp minh chứng mỗi lần.") % {"n": EVIDENCE_MAX_FILES}
    for f in files:
        try:
            _check_file(f)
        except ValidationError as exc:
            errors["files"] = exc.messages[0]
    links = [nfc(str(link)).strip() for link in (links or []) if str(link).strip()]
    if len(files) + len(links) > EVIDENCE_MAX_FILES:
        errors["links"] = _("Tối đa %(n)s minh chứng mỗi lần.") % {"n": EVIDENCE_MAX_FILES}
    for link in links:
        if not _is_web_link(link):
            errors["links"] = _("Đường dẫn minh chứng không hợp lệ (cần http:// hoặc https://): %(u)s") % {
                "u": link[:200]
            }
    if errors or percent is None:  # a missing percent is in ``errors``
        raise ValidationError(errors)
    update = ProgressUpdate.objects.create(
        assignment=assignment,
        author=user,
        text=nfc(text),
        status=status,
        percent=int(percent),
        reason=nfc(reason),
        period=period_key(today, plan.report_period) if assignment.task.is_recurring else "",
        completed_on=completed_on,
    )
    if scope_for(user).is_head_of(assignment.unit):
        update.state = ProgressUpdate.State.CONFIRMED
        update.confirmed_by = user
        update.confirmed_at = timezone.now()
        update.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    else:
        _notify_heads(update)
    for f in files:
        Evidence.objects.create(
            update=update,
            file=f,
            name=Path(f.name or "").name[:255],  # an uploaded file always has a name and a size
            size=f.size or 0,
            content_type=(getattr(f, "content_type", "") or "")[:100],
            document_date=document_date,
        )
    for link in links:
        Evidence.objects.create(update=update, url=link, name=link[:255], size=0, document_date=document_date)
    if assignment.status == Status.NOT_STARTED:
        assignment.status = Status.IN_PROGRESS
        assignment.save(update_fields=["status", "updated_at"])
    return update


def _is_web_link(text: str) -> bool:
    from django.core.validators import URLValidator

    if len(text) > 1000:
        return False
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return False
    return True


def _check_document_date(
    *, assignment: Assignment, document_date: date | None, completed_on: date | None, today: date
) -> None:
    """The evidence's document date is not in the future; a completion is not before a product document's date."""
    if document_date is not None and document_date > today:
        raise DomainError(
            "document_date_in_future",
            gettext_lazy("Ngày văn bản minh chứng %(d)s ở tương lai (hôm nay là %(today)s)."),
            field="document_date",
            d=f"{document_date:%d/%m/%Y}",
            today=f"{today:%d/%m/%Y}",
        )
    if completed_on is None:
        return
    dated: list[tuple[date, str]] = [
        (d, name)
        for d, name in Evidence.objects.filter(
            update__assignment=assignment,
            update__state=ProgressUpdate.State.ACCEPTED,
            document_date__isnull=False,
        ).values_list("document_date", "name")
        if d is not None
    ]
    if document_date is not None:
        dated.append((document_date, ""))
    if not dated:
        return
    latest, name = max(dated)
    if completed_on < latest:
        raise DomainError(
            "completed_before_document",
            gettext_lazy(
                "Ngày hoàn thành %(done)s trước ngày văn bản minh chứng %(d)s%(name)s: "
                "sản phẩm không thể hoàn thành trước khi văn bản được ban hành."
            ),
            field="completed_on",
            done=f"{completed_on:%d/%m/%Y}",
            d=f"{latest:%d/%m/%Y}",
            name=f" ({name})" if name else "",
        )


@transaction.atomic
def progress_confirm(*, update: ProgressUpdate, user: User) -> ProgressUpdate:
    lock_fresh(update)
    if not access.can_confirm(user, update.assignment):
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị xác nhận được báo cáo."))
    check_no_conflict_of_interest(user, update.assignment.unit, author_id=update.author_id, outgoing=True)
    if update.state != ProgressUpdate.State.SUBMITTED:
        raise DomainError("not_submitted", gettext_lazy("Báo cáo không ở trạng thái chờ xác nhận."))
    update.state = ProgressUpdate.State.CONFIRMED
    update.confirmed_by = user
    update.confirmed_at = timezone.now()
    update.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    return update


def _assignment_url(update: ProgressUpdate) -> str:
    return f"/ke-hoach/phan-cong/{update.assignment_id}/"


def _notify_heads(update: ProgressUpdate) -> None:
    """A staff member's report waits for the unit's head."""
    a = update.assignment
    for head in members_with(OrgRole.HEAD, units=[a.unit_id]).select_related("user"):
        if head.user.is_active and head.user_id != update.author_id:
            notify(
                user=head.user,
                unit=a.unit,
                text=_("Báo cáo nhiệm vụ %(code)s của %(unit)s chờ thủ trưởng xác nhận.")
                % {"code": a.task.code, "unit": a.unit.name},
                url=_assignment_url(update),
                key=f"submitted:{update.pk}:{head.user_id}",
            )


@transaction.atomic
def progress_head_return(*, update: ProgressUpdate, user: User, reason: str) -> ProgressUpdate:
    """The unit head sends a staff member's report back with a reason (it never leaves the unit); the author is
    told in the app and by e-mail and may send a corrected report."""
    lock_fresh(update)
    if not access.can_confirm(user, update.assignment):
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị trả lại được báo cáo."))
    check_no_conflict_of_interest(user, update.assignment.unit, author_id=update.author_id, outgoing=True)
    if update.state != ProgressUpdate.State.SUBMITTED:
        raise DomainError("not_waiting", gettext_lazy("Báo cáo không ở trạng thái chờ thủ trưởng xác nhận."))
    if not nfc(reason):
        raise DomainError(
            "reason_required", gettext_lazy("Cần ghi lý do khi trả lại báo cáo."), field="comment"
        )
    update.state = ProgressUpdate.State.RETURNED
    update.returned_step = ProgressUpdate.Step.HEAD
    update.reviewed_by = user
    update.reviewed_at = timezone.now()
    update.review_comment = nfc(reason)
    update.save(update_fields=["state", "returned_step", "reviewed_by", "reviewed_at", "review_comment"])
    _notify_returned(update)
    return update


def _notify_returned(update: ProgressUpdate) -> None:
    a = update.assignment
    text = _("Báo cáo nhiệm vụ %(code)s bị %(who)s trả lại: %(c)s") % {
        "code": a.task.code,
        "who": update.get_returned_step_display().lower(),
        "c": update.review_comment,
    }
    people = {p.pk: p for p in _unit_people(a.unit_id)}
    if update.author is not None and update.author.is_active:
        people.setdefault(update.author.pk, update.author)
    if update.returned_step == ProgressUpdate.Step.HEAD and update.author is not None:
        people = {update.author.pk: update.author}  # a head's return stays with the author
    for person in people.values():
        if person.pk == update.reviewed_by_id:
            continue
        notify(
            user=person,
            unit=a.unit,
            text=text,
            url=_assignment_url(update),
            key=f"returned:{update.pk}:{person.pk}",
            email=True,
        )


@transaction.atomic
def progress_withdraw(*, update: ProgressUpdate, user: User) -> ProgressUpdate:
    """The author takes back a report not yet accepted (to correct it and send it again)."""
    lock_fresh(update)
    if update.author_id != user.pk or not access.can_report(user, update.assignment):
        raise PermissionDenied(_("Chỉ người gửi báo cáo rút lại được báo cáo."))
    if update.state not in (ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.CONFIRMED):
        raise DomainError(
            "not_withdrawable",
            gettext_lazy("Chỉ rút lại được báo cáo chưa được tiếp nhận (đang: %(state)s)."),
            state=update.get_state_display(),
        )
    update.state = ProgressUpdate.State.WITHDRAWN
    update.withdrawn_at = timezone.now()
    update.save(update_fields=["state", "withdrawn_at"])
    return update


def _check_review(update: ProgressUpdate, user: User) -> None:
    lock_fresh(update)  # accept and return judge the report as it is now: not withdrawn or returned meanwhile
    if not access.can_review(user, update.assignment.task.plan):
        raise PermissionDenied(_("Chỉ đầu mối của kế hoạch tiếp nhận hoặc trả lại được báo cáo."))
    check_no_conflict_of_interest(user, update.assignment.unit, author_id=update.author_id)
    if update.state != ProgressUpdate.State.CONFIRMED:
        raise DomainError("not_confirmed", gettext_lazy("Báo cáo chưa được thủ trưởng đơn vị xác nhận."))


@transaction.atomic
def progress_accept(
    *, update: ProgressUpdate, user: User, comment: str = "", today: date | None = None
) -> ProgressUpdate:
    """Accept a confirmed report: the assignment takes its status and percentage."""
    _check_review(update, user)
    today = today or timezone.localdate()
    update.state = ProgressUpdate.State.ACCEPTED
    update.reviewed_by = user
    update.reviewed_at = timezone.now()
    update.review_comment = nfc(comment)
    update.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
    a = update.assignment
    # Saved whole below: two reports of one assignment accepted at once (two periods of a recurring task) take
    # it in turn, the second from what the first wrote (its last reported period never goes back).
    lock_fresh(a)
    task = a.task
    status = update.status
    if (
        task.is_recurring
        and status in (Status.DONE, Status.DONE_LATE)
        and (task.deadline_end is None or today < task.deadline_end)
    ):
        # A recurring task is reported on each period; "done" closes the period, not the task.
        status = Status.IN_PROGRESS
    if status == Status.DONE:
        due = task.deadline_end
        if task.deadline_kind == DeadlineKind.RELATIVE and a.received_on:
            from datetime import timedelta

            days = relative_days(task.deadline_text)
            due = a.received_on + timedelta(days=days) if days else None
        done_on = _completion_day(update, today)
        if due and done_on > due:
            status = Status.DONE_LATE
    a.status = status
    a.percent = update.percent
    a.reason = update.reason
    a.completed_on = _completion_day(update, today) if status in (Status.DONE, Status.DONE_LATE) else None
    if update.period and update.period > (a.last_period or ""):
        a.last_period = update.period
    a.save()
    from .rollup import roll_up_to_parent

    roll_up_to_parent(update=update, actor=user)  # the unit reports once: its parent plan's task follows
    return update


def _completion_day(update: ProgressUpdate, today: date) -> date:
    """The day the unit reports it finished (never after the acceptance), else the day of the report."""
    reported = update.completed_on or timezone.localtime(update.created_at).date()
    return min(reported, today)


@transaction.atomic
def progress_return(*, update: ProgressUpdate, user: User, comment: str) -> ProgressUpdate:
    _check_review(update, user)
    if not nfc(comment):
        raise DomainError(
            "reason_required", gettext_lazy("Cần ghi lý do khi trả lại báo cáo."), field="comment"
        )
    update.state = ProgressUpdate.State.RETURNED
    update.returned_step = ProgressUpdate.Step.COORDINATOR
    update.reviewed_by = user
    update.reviewed_at = timezone.now()
    update.review_comment = nfc(comment)
    update.save(update_fields=["state", "returned_step", "reviewed_by", "reviewed_at", "review_comment"])
    _notify_returned(update)
    return update


@transaction.atomic
def task_set_progress(
    *, task: Task, user: User, percent: int | None, note: str, expected_version: int | None = None
) -> Task:
    if not access.can_review(user, task.plan):
        raise PermissionDenied(_("Bạn không có quyền đặt tiến độ nhiệm vụ này."))
    versioning.claim(task, expected_version, mine={"manual_percent": percent, "manual_note": note})
    if percent is not None and not 0 <= percent <= 100:
        raise DomainError("percent_range", gettext_lazy("Tiến độ phải từ 0 đến 100%."), field="percent")
    if percent is not None and not nfc(note):
        raise DomainError(
            "note_required", gettext_lazy("Cần ghi chú khi đặt tiến độ bằng tay."), field="note"
        )
    task.manual_percent = percent
    task.manual_note = nfc(note) if percent is not None else ""
    task.save(update_fields=["manual_percent", "manual_note", "updated_at", versioning.FIELD])
    return task
