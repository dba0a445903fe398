"""Writes of the PAKN module: keyword-only, with the actor, atomic, validated before saving.

The workflow follows NĐ 20/2008: receive and enter in the numbered register (Điều 9) → classify → one of four
outcomes (refuse; forward a conduct PAKN; handle; forward outside competence) → handle (supplement request, review
against the six criteria of Điều 14, outcome of Điều 15) → answer letter approved by the head and numbered from the
documents register → publish (Điều 19). Each write checks the actor's right through the org scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.core.locks import lock_fresh
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import check_no_conflict_of_interest, may_approve_for_unit, scope_for
from cchc.workdays.calendar import to_local

from .clocks import PORTAL, Limits
from .models import (
    REVIEW_CRITERIA,
    AnswerStatus,
    Category,
    ClockRule,
    PenaltyProposal,
    Record,
    RefusalKind,
    ReviewOutcome,
    Transfer,
    Vote,
)

# Copied to the receiving unit's record when a PAKN is forwarded.
CARRIED = (
    "received_at",
    "channel",
    "intake_note",
    "sender_type",
    "kind",
    "category",
    "content_type",
    "procedure_code",
    "dossier_code",
    "title",
    "content",
    "sender_name",
    "sender_phone",
    "sender_email",
    "sender_address",
    "follow_up_of",
)


def _check_data(actor: User | None, unit: OrgUnit) -> None:
    if actor is not None and not scope_for(actor).data.contains(unit):
        raise PermissionDenied(gettext_lazy("Bạn không có quyền xử lý phản ánh, kiến nghị của đơn vị này."))


def _open(record: Record) -> None:
    if record.refused_at is not None:
        raise DomainError("record_closed", gettext_lazy("Phản ánh, kiến nghị này đã kết thúc ở đơn vị."))


def limits_for(unit: OrgUnit) -> Limits:
    """The step limits of the nearest body above (or at) ``unit`` holding its own; else the portal's."""
    return limits_for_units([unit])[unit.pk]


def limits_for_units(units: Iterable[OrgUnit]) -> dict[int, Limits]:
    """:func:`limits_for` of each unit (by id), in one query for the rules of the units and of every unit above
    them, whatever their number (the home page's clocks over thousands of units)."""
    from cchc.core.memo import id_array

    chains = {u.pk: [u.pk, *reversed(u.ancestor_ids)] for u in units}  # the unit, then upwards
    wanted = {pk for chain in chains.values() for pk in chain}
    rules = {r.unit_id: r for r in ClockRule.objects.filter(unit_id__in=id_array(wanted))} if wanted else {}
    out: dict[int, Limits] = {}
    for pk, chain in chains.items():
        rule = next((rules[i] for i in chain if i in rules), None)
        out[pk] = (
            Limits(rule.refuse_days, rule.supplement_days, rule.handle_days, rule.publish_days)
            if rule
            else PORTAL
        )
    return out


@transaction.atomic
def clock_rule_save(
    *, unit: OrgUnit, actor: User, refuse: int, supplement: int, handle: int, publish: int, note: str = ""
) -> ClockRule:
    if not scope_for(actor).manage.contains(unit):
        raise PermissionDenied(gettext_lazy("Chỉ đầu mối quản lý đơn vị mới đặt thời hạn xử lý."))
    for value in (refuse, supplement, handle, publish):
        if value < 1 or value > 60:
            raise DomainError(
                "invalid_limit", gettext_lazy("Thời hạn phải từ 1 đến 60 ngày làm việc."), field="handle"
            )
    rule, _created = ClockRule.objects.update_or_create(
        unit=unit,
        defaults={
            "refuse_days": refuse,
            "supplement_days": supplement,
            "handle_days": handle,
            "publish_days": publish,
            "note": note,
        },
    )
    return rule


# The last parameter: whether the transaction commits durably (see settings.PAKN_PUBLIC_DURABLE_COMMIT); set here,
# in the same statement, to save a round trip on the public form.
REGISTER_NEXT_SQL = """
INSERT INTO pakn_registercounter (unit_id, year, last_number)
SELECT %s, %s, 1 FROM (SELECT CASE WHEN %s THEN '' ELSE set_config('synchronous_commit', 'off', true) END) m
ON CONFLICT (unit_id, year) DO UPDATE SET last_number = pakn_registercounter.last_number + 1
RETURNING last_number"""


def register_next(unit: OrgUnit, year: int, *, durable: bool = True) -> int:
    """The next number of ``unit``'s register (sổ tiếp nhận) for ``year``, in one statement; the counter row stays
    locked until the caller's transaction commits, so numbers never repeat and a rollback leaves no gap."""
    with connection.cursor() as cur:
        cur.execute(REGISTER_NEXT_SQL, [unit.pk, year, durable])
        row = cur.fetchone()
    assert row is not None
    return int(row[0])


def _code(unit: OrgUnit, year: int, number: int) -> str:
    return f"PA{year % 100:02d}.{unit.pk}.{number:05d}"


def _register(record: Record, on: datetime, *, durable: bool = True) -> None:
    year = to_local(on).year
    record.register_year = year
    record.register_number = register_next(record.unit, year, durable=durable)
    if not record.code:
        record.code = _code(record.unit, year, record.register_number)


def _check_identity(sender_name: str, sender_address: str, sender_phone: str, sender_email: str) -> None:
    """NĐ 20/2008 Điều 7: the sender's name, address, and a phone number or e-mail."""
    if not sender_name.strip():
        raise DomainError("missing_name", gettext_lazy("Xin ghi họ tên người gửi."), field="sender_name")
    if not sender_address.strip():
        raise DomainError(
            "missing_address", gettext_lazy("Xin ghi địa chỉ người gửi."), field="sender_address"
        )
    if not sender_phone.strip() and not sender_email.strip():
        raise DomainError(
            "missing_contact",
            gettext_lazy("Xin ghi số điện thoại hoặc thư điện tử để cơ quan liên hệ."),
            field="sender_phone",
        )


@transaction.atomic
def record_create(
    *,
    unit: OrgUnit,
    actor: User | None,
    channel: str,
    sender_type: str,
    kind: str,
    title: str,
    content: str,
    sender_name: str,
    sender_address: str,
    sender_phone: str = "",
    sender_email: str = "",
    category: str = Category.REGULATION,
    content_type: str = "",
    procedure_code: str = "",
    dossier_code: str = "",
    intake_note: str = "",
    received_at: datetime | None = None,
    follow_up_of: str = "",
    flags: list[str] | None = None,
    ip_hash: str = "",
    device_hash: str = "",
    durable: bool = True,
) -> Record:
    """Receive a PAKN and enter it in ``unit``'s register. ``actor`` None: a record without an officer (a sender's
    complaint about a result); the public form's own path is ``public_intake.record_create_public`` (one round
    trip, the same checks)."""
    _check_data(actor, unit)
    _check_identity(sender_name, sender_address, sender_phone, sender_email)
    if not title.strip() or not content.strip():
        raise DomainError("missing_content", gettext_lazy("Xin ghi tiêu đề và nội dung."), field="content")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise DomainError(
            "date_in_future", gettext_lazy("Thời điểm tiếp nhận ở tương lai."), field="received_at"
        )
    record = Record(
        unit=unit,
        channel=channel,
        sender_type=sender_type,
        kind=kind,
        category=category,
        content_type=content_type,
        title=title.strip()[:500],
        content=content.strip(),
        sender_name=sender_name.strip(),
        sender_address=sender_address.strip(),
        sender_phone=sender_phone.strip(),
        sender_email=sender_email.strip(),
        procedure_code=procedure_code.strip(),
        dossier_code=dossier_code.strip(),
        intake_note=intake_note.strip(),
        received_at=received_at,
        follow_up_of=follow_up_of,
        flags=flags or [],
        entered_by=actor,
        ip_hash=ip_hash,
        device_hash=device_hash,
    )
    _register(record, received_at, durable=durable)
    record.save()
    return record


@transaction.atomic
def record_classify(
    *,
    record: Record,
    actor: User,
    kind: str,
    category: str,
    content_type: str,
    procedure_code: str = "",
    dossier_code: str = "",
) -> Record:
    _check_data(actor, record.unit)
    lock_fresh(record)
    _open(record)
    record.kind = kind
    record.category = category
    record.content_type = content_type
    record.procedure_code = procedure_code.strip()
    record.dossier_code = dossier_code.strip()
    record.save(
        update_fields=["kind", "category", "content_type", "procedure_code", "dossier_code", "updated_at"]
    )
    return record


@transaction.atomic
def record_refuse(*, record: Record, actor: User, reason: str, out_of_scope: bool = False) -> Record:
    """Điều 9 outcome 1 (not accepted: fails Điều 7), or a khiếu nại / tố cáo closed as out of scope with the
    redirect note in ``reason``."""
    _check_data(actor, record.unit)
    lock_fresh(record)
    _open(record)
    if record.handled_at is not None:
        raise DomainError("already_handled", gettext_lazy("Phản ánh, kiến nghị này đã có kết quả xử lý."))
    if not reason.strip():
        raise DomainError("missing_reason", gettext_lazy("Xin ghi lý do."), field="reason")
    record.refused_at = timezone.now()
    record.refusal_kind = RefusalKind.REFUSED
    record.refusal_reason = reason.strip()
    record.out_of_scope = out_of_scope
    record.save(update_fields=["refused_at", "refusal_kind", "refusal_reason", "out_of_scope", "updated_at"])
    return record


# The first key of the transaction-level advisory lock under which a hop code is counted (see _lock_hops).
HOP_CODE_LOCK = 0x50414B4E  # "PAKN"


def _lock_hops(root: str) -> None:
    """Hop codes are counted from the codes with the same root (``<root>-C<n>``): records whose codes share a root
    (imported codes may) are forwarded one at a time until the transaction ends, so two at once do not take the
    same code (an IntegrityError). The sending record's own lock serialises only its own forwards."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [HOP_CODE_LOCK, root])


@transaction.atomic
def record_forward(
    *,
    record: Record,
    actor: User,
    reason: str,
    to_unit: OrgUnit | None = None,
    to_body: str = "",
    kind: str = RefusalKind.FORWARDED,
) -> Transfer:
    """Điều 9 outcomes 2 and 4: forward to the competent body (or return to the body it came from). When the body
    is a unit of the platform, it gets its own record, entered in its register, with its own clock
    (``transferred_at``); else the body is named in ``to_body``."""
    _check_data(actor, record.unit)
    lock_fresh(record)
    _open(record)
    if record.handled_at is not None:
        raise DomainError("already_handled", gettext_lazy("Phản ánh, kiến nghị này đã có kết quả xử lý."))
    if to_unit is None and not to_body.strip():
        raise DomainError("missing_target", gettext_lazy("Xin chọn cơ quan nhận."), field="to_unit")
    if to_unit is not None and to_unit.pk == record.unit_id:
        raise DomainError("same_unit", gettext_lazy("Không thể chuyển cho chính đơn vị đang xử lý."))
    if not reason.strip():
        raise DomainError("missing_reason", gettext_lazy("Xin ghi lý do."), field="reason")
    now = timezone.now()
    record.refused_at = now
    record.refusal_kind = kind
    record.refusal_reason = reason.strip()
    record.save(update_fields=["refused_at", "refusal_kind", "refusal_reason", "updated_at"])
    target = None
    if to_unit is not None:
        target = Record(unit=to_unit, transferred_at=now, previous=record)
        for name in CARRIED:
            setattr(target, name, getattr(record, name))
        root = record.code.split("-C")[0]
        _lock_hops(root)
        target.code = f"{root}-C{Record.objects.filter(code__startswith=root + '-C').count() + 1}"
        _register(target, now)
        target.save()
    return Transfer.objects.create(
        from_record=record,
        to_record=target,
        to_unit=to_unit,
        to_body=to_body.strip() if to_unit is None else to_unit.name,
        kind=kind,
        at=now,
        reason=reason.strip(),
        actor=actor,
    )


@transaction.atomic
def record_accept(*, record: Record, actor: User) -> Record:
    """Điều 9 outcome 3: within the unit's competence, handled here."""
    _check_data(actor, record.unit)
    lock_fresh(record)
    _open(record)
    if record.accepted_at is None:
        record.accepted_at = timezone.now()
        record.save(update_fields=["accepted_at", "updated_at"])
    return record


@transaction.atomic
def record_assign(*, record: Record, actor: User, assignee: User) -> Record:
    _check_data(actor, record.unit)
    lock_fresh(record)
    _open(record)
    if not scope_for(assignee).data.contains(record.unit):
        raise DomainError(
            "assignee_outside", gettext_lazy("Cán bộ được giao không thuộc đơn vị xử lý."), field="assignee"
        )
    record.assigned_to = assignee
    if record.accepted_at is None:
        record.accepted_at = timezone.now()
    record.save(update_fields=["assigned_to", "accepted_at", "updated_at"])
    return record


@transaction.atomic
def supplement_request(*, record: Record, actor: User, text: str) -> Record:
    _check_data(actor, record.unit)
    lock_fresh(record)
    _open(record)
    if record.supplement_requested_at is not None:
        raise DomainError("already_requested", gettext_lazy("Đã yêu cầu người gửi bổ sung thông tin."))
    if not text.strip():
        raise DomainError("missing_text", gettext_lazy("Xin ghi nội dung cần bổ sung."), field="text")
    record.supplement_requested_at = timezone.now()
    record.supplement_request = text.strip()
    record.save(update_fields=["supplement_requested_at", "supplement_request", "updated_at"])
    return record


@transaction.atomic
def supplement_received(*, record: Record, actor: User | None, text: str = "") -> Record:
    """The sender's answer (typed by an officer, or sent through ``/pakn/tra-cuu/``): the handling clock restarts."""
    _check_data(actor, record.unit)
    lock_fresh(record)
    _open(record)
    if record.supplement_requested_at is None or record.supplemented_at is not None:
        raise DomainError("no_request", gettext_lazy("Không có yêu cầu bổ sung đang chờ."))
    record.supplemented_at = timezone.now()
    if text.strip():
        record.content = (
            f"{record.content}\n\n[Bổ sung {to_local(record.supplemented_at):%d/%m/%Y}] {text.strip()}"
        )
    record.save(update_fields=["supplemented_at", "content", "updated_at"])
    return record


@transaction.atomic
def review_save(*, record: Record, actor: User, criteria: dict[str, str], outcome: str) -> Record:
    """Review of a rule against the six criteria (Điều 14) and the outcome (Điều 15); regulation PAKN only."""
    _check_data(actor, record.unit)
    lock_fresh(record)
    if record.category != Category.REGULATION:
        raise DomainError("not_regulation", gettext_lazy("Chỉ rà soát PAKN về quy định hành chính."))
    keys = {k for k, _label in REVIEW_CRITERIA}
    record.review = {k: v.strip() for k, v in criteria.items() if k in keys}
    record.review_outcome = outcome if outcome in ReviewOutcome.values else ""
    record.save(update_fields=["review", "review_outcome", "updated_at"])
    return record


@transaction.atomic
def answer_save(*, record: Record, actor: User, text: str, signer: str = "", submit: bool = False) -> Record:
    _check_data(actor, record.unit)
    lock_fresh(record)
    _open(record)
    if record.answer_status == AnswerStatus.APPROVED:
        raise DomainError("answer_approved", gettext_lazy("Văn bản trả lời đã được duyệt và cấp số."))
    if record.supplement_requested_at is not None and record.supplemented_at is None:
        raise DomainError("waiting_sender", gettext_lazy("Đang chờ người gửi bổ sung thông tin."))
    if not text.strip():
        raise DomainError("missing_answer", gettext_lazy("Xin ghi nội dung trả lời."), field="text")
    record.answer = text.strip()
    record.answer_signer = signer.strip()
    record.answer_author = actor
    record.answer_status = AnswerStatus.SUBMITTED if submit else AnswerStatus.DRAFT
    if record.accepted_at is None:
        record.accepted_at = timezone.now()
    record.save(
        update_fields=[
            "answer",
            "answer_signer",
            "answer_author",
            "answer_status",
            "accepted_at",
            "updated_at",
        ]
    )
    return record


@transaction.atomic
def answer_approve(*, record: Record, actor: User) -> Record:
    """The head approves the answer: it takes the next number of the unit's outgoing register (NĐ 30/2020) and
    the record is handled (chờ công khai)."""
    from cchc.documents.services import document_number_reserve

    if not may_approve_for_unit(actor, record.unit):
        raise PermissionDenied(gettext_lazy("Chỉ thủ trưởng đơn vị duyệt văn bản trả lời."))
    lock_fresh(record)
    check_no_conflict_of_interest(actor, record.unit, author_id=record.answer_author_id, outgoing=True)
    _open(record)
    if record.answer_status != AnswerStatus.SUBMITTED:
        raise DomainError("answer_not_submitted", gettext_lazy("Văn bản trả lời chưa được trình duyệt."))
    now = timezone.now()
    record.answer_document = document_number_reserve(
        issuer=record.unit,
        doc_type_code="CV",
        symbol=record.unit.short_code or record.unit.code,
        summary=f"V/v trả lời phản ánh, kiến nghị {record.code}",
        on_date=to_local(now).date(),
        user=actor,
    )
    record.answer_status = AnswerStatus.APPROVED
    record.answer_approved_by = actor
    record.handled_at = now
    record.save(
        update_fields=["answer_document", "answer_status", "answer_approved_by", "handled_at", "updated_at"]
    )
    return record


@transaction.atomic
def answer_return(*, record: Record, actor: User) -> Record:
    if not may_approve_for_unit(actor, record.unit):
        raise PermissionDenied(gettext_lazy("Chỉ thủ trưởng đơn vị duyệt văn bản trả lời."))
    lock_fresh(record)
    if record.answer_status != AnswerStatus.SUBMITTED:
        raise DomainError("answer_not_submitted", gettext_lazy("Văn bản trả lời chưa được trình duyệt."))
    record.answer_status = AnswerStatus.DRAFT
    record.save(update_fields=["answer_status", "updated_at"])
    return record


@transaction.atomic
def record_publish(*, record: Record, actor: User) -> Record:
    _check_data(actor, record.unit)
    lock_fresh(record)
    if record.handled_at is None:
        raise DomainError("not_handled", gettext_lazy("Chưa có văn bản trả lời được duyệt."))
    if record.published_at is None:
        record.published_at = timezone.now()
        record.save(update_fields=["published_at", "updated_at"])
    return record


@transaction.atomic
def conduct_confirm(*, record: Record, actor: User, founded: bool, note: str = "") -> PenaltyProposal | None:
    """The unit's verdict on a conduct PAKN; a founded one proposes the PAR-index penalty for the council."""
    if not may_approve_for_unit(actor, record.unit):
        raise PermissionDenied(gettext_lazy("Chỉ thủ trưởng đơn vị kết luận phản ánh về hành vi."))
    lock_fresh(record)
    if record.category != Category.CONDUCT:
        raise DomainError("not_conduct", gettext_lazy("Chỉ PAKN về hành vi của cán bộ mới được kết luận."))
    record.conduct_founded = founded
    record.save(update_fields=["conduct_founded", "updated_at"])
    if not founded:
        PenaltyProposal.objects.filter(record=record, status=PenaltyProposal.Status.PROPOSED).delete()
        return None
    proposal, _created = PenaltyProposal.objects.get_or_create(
        record=record,
        defaults={"unit": record.unit, "year": to_local(record.received_at).year, "note": note.strip()},
    )
    return proposal


@transaction.atomic
def penalty_decide(
    *, proposal: PenaltyProposal, actor: User, accept: bool, note: str = ""
) -> PenaltyProposal:
    """The appraisal council's decision, recorded by the coordinating office over the unit (a coordinator managing
    it, or an administrator) — never by a member of the unit itself."""
    scope = scope_for(actor)
    if not (scope.is_admin or scope.manage.contains(proposal.unit)):
        raise PermissionDenied(
            gettext_lazy("Chỉ cơ quan thường trực của hội đồng thẩm định ghi quyết định điểm trừ.")
        )
    check_no_conflict_of_interest(actor, proposal.unit)
    try:  # read again under its lock: the unit may have withdrawn it meanwhile (saving would insert it again)
        proposal.refresh_from_db(from_queryset=PenaltyProposal.objects.select_for_update())
    except PenaltyProposal.DoesNotExist:
        raise DomainError(
            "proposal_withdrawn",
            gettext_lazy(
                "Đề xuất trừ điểm này đã được rút: đơn vị kết luận lại phản ánh không đúng sự thật."
            ),
        ) from None
    if proposal.status != PenaltyProposal.Status.PROPOSED:  # decided once (a double click, two coordinators)
        raise DomainError(
            "already_decided",
            gettext_lazy("Đề xuất trừ điểm này đã có quyết định: %(status)s."),
            status=proposal.get_status_display(),
        )
    proposal.status = PenaltyProposal.Status.ACCEPTED if accept else PenaltyProposal.Status.REJECTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.note = note.strip() or proposal.note
    proposal.save()
    return proposal


def vote(*, record: Record, helpful: bool, device_hash: str, by_sender: bool = False) -> bool:
    """A helpful / not helpful mark on a published answer; one per device. False when already given."""
    if record.published_at is None:
        raise DomainError("not_published", gettext_lazy("Câu trả lời chưa được công khai."))
    try:
        with transaction.atomic():
            Vote.objects.create(record=record, helpful=helpful, device_hash=device_hash, by_sender=by_sender)
            field = "likes" if helpful else "dislikes"
            Record.objects.filter(pk=record.pk).update(**{field: F(field) + 1})
    except IntegrityError:
        return False
    return True


@transaction.atomic
def complaint_open(*, record: Record, content: str) -> Record:
    """The sender complains about the result: a follow-up record at the unit that answered, linked by code."""
    if record.handled_at is None:
        raise DomainError("not_handled", gettext_lazy("Phản ánh, kiến nghị này chưa có kết quả."))
    if not content.strip():
        raise DomainError(
            "missing_content", gettext_lazy("Xin ghi nội dung phản ánh về kết quả."), field="content"
        )
    return record_create(
        unit=record.unit,
        actor=None,
        channel="website",
        sender_type=record.sender_type,
        kind=record.kind,
        category=record.category,
        title=f"Phản ánh tiếp về kết quả {record.code}"[:500],
        content=content,
        sender_name=record.sender_name,
        sender_address=record.sender_address,
        sender_phone=record.sender_phone,
        sender_email=record.sender_email,
        procedure_code=record.procedure_code,
        dossier_code=record.dossier_code,
        follow_up_of=record.code,
    )
