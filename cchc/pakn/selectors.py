"""Reads of the PAKN module, always through the org scope (``cchc.orgs.scope``); personal data as the reader may
see it (``cchc.core.privacy``, NĐ 13/2023)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core.privacy import Applicant, applicant_shown
from cchc.core.text import fold
from cchc.orgs.models import Fold, OrgUnit
from cchc.orgs.scope import filter_by_unit_scope, personal_data_reach, scope_for
from cchc.workdays.calendar import VN_TZ, WorkCalendar
from cchc.workdays.due import due_date
from cchc.workdays.services import calendar_for

from .clocks import Clock, Limits, Times, evaluate
from .models import PenaltyProposal, Record
from .services import limits_for, limits_for_units

STATES = {
    "refused": gettext_lazy("Đã từ chối / chuyển"),
    "published": gettext_lazy("Đã công khai"),
    "handled": gettext_lazy("Chờ công khai"),
    "waiting": gettext_lazy("Chờ người gửi bổ sung"),
    "in_progress": gettext_lazy("Đang xử lý"),
}


def get_record_for_user(user: User, pk: int, *, write: bool = False) -> Record:
    """404 when the record's unit is outside the user's view scope, 403 when writing outside the data scope."""
    record = Record.objects.select_related("unit", "assigned_to", "answer_document").filter(pk=pk).first()
    scope = scope_for(user)
    if record is None or not scope.view.contains(record.unit):
        raise Http404
    if write and not scope.data.contains(record.unit):
        raise PermissionDenied(gettext_lazy("Bạn không có quyền xử lý phản ánh, kiến nghị của đơn vị này."))
    return record


def get_proposal_for_user(user: User, pk: int) -> PenaltyProposal:
    proposal = PenaltyProposal.objects.select_related("unit", "record").filter(pk=pk).first()
    if proposal is None or not scope_for(user).view.contains(proposal.unit):
        raise Http404
    return proposal


def visible_records(user: User) -> QuerySet[Record]:
    return filter_by_unit_scope(Record.objects.select_related("unit", "assigned_to"), user)


def _local_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=VN_TZ)


@dataclass
class Filters:
    q: str = ""
    unit: OrgUnit | None = None
    state: str = ""
    channel: str = ""
    category: str = ""
    date_from: date | None = None
    date_to: date | None = None
    ids: list[int] | None = None


def record_search(qs: QuerySet[Record], text: str, *, user: User) -> QuerySet[Record]:
    """Code, title and content, accents and case ignored; the sender's name only where ``user`` may see it."""
    words = fold(text).split()
    if not words:
        return qs
    names_within = personal_data_reach(user).q("unit__")
    qs = qs.annotate(_code=Fold("code"), _title=Fold("title"), _sender=Fold("sender_name"))
    for word in words:
        qs = qs.filter(
            Q(_code__contains=word) | Q(_title__contains=word) | (Q(_sender__contains=word) & names_within)
        )
    return qs


def state_q(state: str, now: datetime) -> Q:
    if state == "refused":
        return Q(refused_at__isnull=False)
    open_ = Q(refused_at__isnull=True)
    if state == "published":
        return open_ & Q(published_at__isnull=False)
    if state == "handled":
        return open_ & Q(handled_at__isnull=False, published_at__isnull=True)
    if state == "waiting":
        return open_ & Q(
            handled_at__isnull=True, supplement_requested_at__isnull=False, supplemented_at__isnull=True
        )
    if state == "in_progress":
        return (
            open_
            & Q(handled_at__isnull=True)
            & (Q(supplement_requested_at__isnull=True) | Q(supplemented_at__isnull=False))
        )
    return Q()


def record_list(user: User, f: Filters) -> QuerySet[Record]:
    qs = visible_records(user)
    if f.ids is not None:
        qs = qs.filter(pk__in=f.ids)
    if f.unit is not None:
        qs = qs.filter(unit=f.unit)
    if f.state:
        qs = qs.filter(state_q(f.state, timezone.now()))
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.date_from:
        qs = qs.filter(received_at__gte=_local_start(f.date_from))
    if f.date_to:
        qs = qs.filter(received_at__lt=_local_start(f.date_to + timedelta(days=1)))
    if f.q:
        qs = record_search(qs, f.q, user=user)
    return qs.order_by("-received_at", "-pk")


def sender_shown(user: User | None, record: Record) -> Applicant:
    visible = user is not None and personal_data_reach(user).contains(record.unit)
    return applicant_shown(record.sender_name, record.sender_phone, record.sender_address, visible=visible)


def with_senders(user: User, records: Iterable[Record]) -> list[Record]:
    reach = personal_data_reach(user)
    out = list(records)
    for r in out:
        r.sender = applicant_shown(  # type: ignore[attr-defined]  # a display attribute the pages read
            r.sender_name, r.sender_phone, r.sender_address, visible=reach.contains(r.unit)
        )
    return out


# the record's columns its clock reads (``times_of``)
TIME_FIELDS = (
    "unit_id",
    "received_at",
    "transferred_at",
    "refused_at",
    "supplement_requested_at",
    "supplemented_at",
    "handled_at",
    "published_at",
)


def times_of(record: Record) -> Times:
    return Times(
        received_at=record.received_at,
        transferred_at=record.transferred_at,
        refused_at=record.refused_at,
        supplement_requested_at=record.supplement_requested_at,
        supplemented_at=record.supplemented_at,
        handled_at=record.handled_at,
        published_at=record.published_at,
    )


def clock_of(
    record: Record,
    *,
    as_of: datetime | None = None,
    cal: WorkCalendar | None = None,
    limits: Limits | None = None,
) -> Clock:
    """The record's clock on its body's own step limits (the pages), at ``as_of`` (now)."""
    calendar = cal or calendar_for(record.unit)
    return evaluate(
        times_of(record),
        as_of or timezone.now(),
        lambda t, n: due_date(t, n, "working_days", calendar),
        limits or limits_for(record.unit),
    )


def with_clocks(records: Iterable[Record]) -> list[Record]:
    """The records with their clocks (``record.clock``); the step limits of all their units read at once."""
    cal = calendar_for(None)
    out = list(records)
    limits = limits_for_units({r.unit_id: r.unit for r in out}.values())
    now = timezone.now()
    for r in out:
        r.clock = clock_of(r, as_of=now, cal=cal, limits=limits[r.unit_id])  # type: ignore[attr-defined]
    return out


def chain_of(record: Record) -> list[Record]:
    """Every hop of the PAKN this record belongs to, first to last (previous links, then next hops)."""
    first = record
    seen = {record.pk}
    while first.previous_id is not None and first.previous_id not in seen:
        prev = Record.objects.select_related("unit").get(pk=first.previous_id)
        seen.add(prev.pk)
        first = prev
    out = [first]
    current = first
    while True:
        nxt = Record.objects.select_related("unit").filter(previous=current).order_by("pk").first()
        if nxt is None or nxt.pk in {r.pk for r in out}:
            break
        out.append(nxt)
        current = nxt
    return out


def similar_records(record: Record, limit: int = 5) -> list[Record]:
    """Possible duplicates: same unit, same sender phone or e-mail, or the same title words, within 90 days."""
    since = record.received_at - timedelta(days=90)
    qs = Record.objects.filter(unit=record.unit, received_at__gte=since).exclude(pk=record.pk)
    cond = Q()
    if record.sender_phone:
        cond |= Q(sender_phone=record.sender_phone)
    if record.sender_email:
        cond |= Q(sender_email=record.sender_email)
    folded = fold(record.title)
    if folded:
        cond |= Q(_title=folded)
        qs = qs.annotate(_title=Fold("title"))
    if not cond:
        return []
    return list(qs.filter(cond).order_by("-received_at")[:limit])


# Public reads ---------------------------------------------------------------------------------------------------


def published_records() -> QuerySet[Record]:
    return Record.objects.select_related("unit").filter(published_at__isnull=False, refused_at__isnull=True)


def public_search(
    *,
    q: str = "",
    unit: OrgUnit | None = None,
    category: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Record]:
    """Published answers; the search reads code, title, content and answer only (never the sender)."""
    qs = published_records()
    if unit is not None:
        qs = qs.filter(unit=unit)
    if category:
        qs = qs.filter(category=category)
    if date_from:
        qs = qs.filter(published_at__gte=_local_start(date_from))
    if date_to:
        qs = qs.filter(published_at__lt=_local_start(date_to + timedelta(days=1)))
    words = fold(q).split()
    if words:
        qs = qs.annotate(_t=Fold("title"), _c=Fold("content"), _a=Fold("answer"), _code=Fold("code"))
        for w in words:
            qs = qs.filter(Q(_t__contains=w) | Q(_c__contains=w) | Q(_a__contains=w) | Q(_code__contains=w))
    return qs.order_by("-published_at", "-pk")


def follow(code: str, phone: str) -> Record | None:
    """A sender's record by its code and phone number (digits compared); the latest hop of its chain."""
    digits = "".join(c for c in phone if c.isdigit())
    record = Record.objects.select_related("unit").filter(code=code.strip()).first()
    if record is None or len(digits) < 6:
        return None
    if "".join(c for c in record.sender_phone if c.isdigit()) != digits:
        return None
    return record


def due_lists(user: User, due_soon_days: int) -> dict[str, list[int]]:
    """Open records in the user's data scope (not refused, not published): ids of those overdue, and of those whose
    running step falls due within ``due_soon_days`` working days. The home page counts them, the register lists them."""
    reach = scope_for(user).data
    out: dict[str, list[int]] = {"overdue": [], "soon": []}
    if reach.empty:
        return out
    # every open record (no cap: a count of the oldest few thousand would be wrong on a province's home page),
    # with only what its clock reads: its times and its unit's place in the tree (the step limits)
    rows = (
        Record.objects.filter(reach.q("unit__"), refused_at__isnull=True, published_at__isnull=True)
        .only("unit__path", *TIME_FIELDS)
        .select_related("unit")
        .order_by("received_at")
    )
    now = timezone.now()
    cal = calendar_for(None)
    soon_limit = cal.closing_time(cal.add_working_days(now.astimezone(VN_TZ).date(), due_soon_days))
    for r in with_clocks(rows.iterator(chunk_size=2000)):
        clock: Clock = r.clock  # type: ignore[attr-defined]
        if clock.overdue:
            out["overdue"].append(r.pk)
        elif clock.running is not None and clock.running.due <= soon_limit:
            out["soon"].append(r.pk)
    return out


def state_name(record: Record) -> str:
    """The record's state now, from its times (as the clocks read them)."""
    if record.refused_at is not None:
        return "refused"
    if record.published_at is not None:
        return "published"
    if record.handled_at is not None:
        return "handled"
    if record.supplement_requested_at is not None and record.supplemented_at is None:
        return "waiting"
    return "in_progress"


def subtree_ids(unit: OrgUnit) -> list[int]:
    from cchc.orgs.selectors import subtree

    return list(subtree(unit).values_list("pk", flat=True))
