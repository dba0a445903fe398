"""The desk's workflow on a dossier (TT 01/2018/TT-VPCP; methodology.md §4): request a supplement (Mẫu 02, once — the
pause recorded), record its completion, refuse (Mẫu 03), record the result and its return. Each step writes the times
the indicators read (``supplement_*``, ``finished_at``, ``status``) on the dossier and a :class:`DeskStep` row (the
control sheet Mẫu 05 and the book Mẫu 06) in one transaction. The actor must enter data for the dossier's unit: a
desk never acts on another unit's dossier. Receipt (Mẫu 01) is :func:`cchc.onestop.importing.dossier_create_at_desk`;
the apology and re-appointment (Mẫu 04) :func:`cchc.onestop.services.apology_issue`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.errors import DomainError
from cchc.workdays.calendar import to_local

from .models import DeskStep, Dossier
from .numbering import next_number

# The form each numbered step issues: its symbol after the number ("01/HDHS-PV01").
SYMBOLS = {DeskStep.Kind.SUPPLEMENT_REQUESTED: "HDHS", DeskStep.Kind.REFUSED: "TC"}
CLOCK_DRIFT = timedelta(minutes=10)


def _lock(dossier: Dossier, actor: Any) -> Dossier:
    from cchc.orgs.scope import can_enter_data

    if actor is not None and not can_enter_data(actor, dossier.unit):
        raise PermissionDenied(_("Bạn không có quyền xử lý hồ sơ của đơn vị này."))
    return Dossier.objects.select_for_update().select_related("unit", "procedure").get(pk=dossier.pk)


def _when(at: datetime | None, dossier: Dossier, *, not_before: datetime | None = None) -> datetime:
    at = at or timezone.now()
    if at > timezone.now() + CLOCK_DRIFT:
        raise DomainError(
            "date_in_future",
            _("Thời điểm %(when)s ở tương lai."),
            when=f"{to_local(at):%H:%M %d/%m/%Y}",
            field="at",
        )
    floor = not_before or dossier.received_at
    if at < floor:
        raise DomainError(
            "before_previous_step",
            _("Thời điểm %(when)s trước bước trước đó (%(floor)s)."),
            when=f"{to_local(at):%H:%M %d/%m/%Y}",
            floor=f"{to_local(floor):%H:%M %d/%m/%Y}",
            field="at",
        )
    return at


def _open(dossier: Dossier) -> None:
    if dossier.finished_at is not None:
        raise DomainError("dossier_finished", _("Hồ sơ %(dossier)s đã kết thúc."), dossier=dossier.code)


def _step(dossier: Dossier, kind: str, at: datetime, actor: Any, reason: str = "") -> DeskStep:
    year = number = None
    if kind in SYMBOLS:
        year = to_local(at).year
        number = next_number(unit_id=dossier.unit_id, year=year, form=kind)
    return DeskStep.objects.create(
        dossier=dossier, kind=kind, at=at, reason=reason.strip(), year=year, number=number, actor=actor
    )


@transaction.atomic
def desk_request_supplement(
    *, dossier: Dossier, actor: Any, reason: str, at: datetime | None = None
) -> DeskStep:
    """Mẫu 02, once per dossier (a second request makes it overdue by the rule: the desk asks for everything at once).
    The clock stops at the request (the pause ends when the supplement comes)."""
    dossier = _lock(dossier, actor)
    _open(dossier)
    if dossier.supplement_requests:
        raise DomainError(
            "supplement_once", _("Hồ sơ %(dossier)s đã được yêu cầu bổ sung một lần."), dossier=dossier.code
        )
    if not reason.strip():
        raise DomainError("reason_required", _("Cần ghi nội dung cần bổ sung và lý do."), field="reason")
    at = _when(at, dossier)
    dossier.status, dossier.supplement_requests, dossier.supplement_requested_at = "supplement", 1, at
    dossier.save(update_fields=["status", "supplement_requests", "supplement_requested_at", "updated_at"])
    return _step(dossier, DeskStep.Kind.SUPPLEMENT_REQUESTED, at, actor, reason)


@transaction.atomic
def desk_supplement_received(*, dossier: Dossier, actor: Any, at: datetime | None = None) -> DeskStep:
    """The citizen brought the supplement: the pause ends, processing resumes."""
    dossier = _lock(dossier, actor)
    _open(dossier)
    if dossier.supplement_requested_at is None or dossier.supplement_completed_at is not None:
        raise DomainError(
            "no_pending_supplement", _("Hồ sơ %(dossier)s không chờ bổ sung."), dossier=dossier.code
        )
    at = _when(at, dossier, not_before=dossier.supplement_requested_at)
    dossier.status, dossier.supplement_completed_at = "processing", at
    dossier.save(update_fields=["status", "supplement_completed_at", "updated_at"])
    return _step(dossier, DeskStep.Kind.SUPPLEMENT_RECEIVED, at, actor)


@transaction.atomic
def desk_refuse(*, dossier: Dossier, actor: Any, reason: str, at: datetime | None = None) -> DeskStep:
    """Mẫu 03: the dossier ends refused at ``at`` (a terminal state: its finishing time)."""
    dossier = _lock(dossier, actor)
    _open(dossier)
    if not reason.strip():
        raise DomainError("reason_required", _("Cần ghi lý do từ chối."), field="reason")
    at = _when(at, dossier, not_before=dossier.supplement_completed_at or dossier.supplement_requested_at)
    dossier.status, dossier.finished_at = "rejected", at
    dossier.save(update_fields=["status", "finished_at", "updated_at"])
    return _step(dossier, DeskStep.Kind.REFUSED, at, actor, reason)


@transaction.atomic
def desk_record_result(
    *, dossier: Dossier, actor: Any, at: datetime | None = None, note: str = ""
) -> DeskStep:
    """The result is ready ("Ngày có kết quả"): the end of processing the 766 rule takes."""
    dossier = _lock(dossier, actor)
    _open(dossier)
    if dossier.supplement_requested_at is not None and dossier.supplement_completed_at is None:
        raise DomainError(
            "waiting_supplement", _("Hồ sơ %(dossier)s đang chờ công dân bổ sung."), dossier=dossier.code
        )
    at = _when(at, dossier, not_before=dossier.supplement_completed_at)
    dossier.status, dossier.finished_at = "done", at
    dossier.save(update_fields=["status", "finished_at", "updated_at"])
    return _step(dossier, DeskStep.Kind.RESULT, at, actor, note)


@transaction.atomic
def desk_return(*, dossier: Dossier, actor: Any, at: datetime | None = None, note: str = "") -> DeskStep:
    """The result handed to the citizen (or sent): after the result."""
    dossier = _lock(dossier, actor)
    if dossier.status != "done" or dossier.finished_at is None:
        raise DomainError(
            "no_result_yet", _("Hồ sơ %(dossier)s chưa có kết quả để trả."), dossier=dossier.code
        )
    at = _when(at, dossier, not_before=dossier.finished_at)
    dossier.status, dossier.returned_at = "returned", at
    dossier.save(update_fields=["status", "returned_at", "updated_at"])
    return _step(dossier, DeskStep.Kind.RETURNED, at, actor, note)


def steps_allowed(dossier: Dossier) -> list[DeskStep.Kind]:
    """The steps the dossier's state allows next (the page shows these)."""
    k = DeskStep.Kind
    if dossier.status == "returned" or dossier.status in ("rejected", "withdrawn"):
        return []
    if dossier.status == "done":
        return [k.RETURNED]
    waiting = dossier.supplement_requested_at is not None and dossier.supplement_completed_at is None
    if waiting:
        return [k.SUPPLEMENT_RECEIVED, k.REFUSED]
    out = [k.RESULT, k.REFUSED]
    if not dossier.supplement_requests:
        out.insert(0, k.SUPPLEMENT_REQUESTED)
    return out


# --- the unit's own list of procedures (posted at its desk) ------------------------------------------------------


@transaction.atomic
def unit_procedure_set(
    *,
    actor: Any,
    unit: Any,
    code: str,
    posted_since: Any,
    desk: str = "",
    until: Any = None,
) -> Any:
    """Record that ``unit`` handles procedure ``code`` and posts it at ``desk`` from ``posted_since`` (updated when
    already listed). The code must be in the unit's effective catalogue; the actor must enter data for the unit."""
    from cchc.orgs.scope import can_enter_data

    from .catalogue import effective_procedure
    from .models import UnitProcedure

    if actor is not None and not can_enter_data(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền sửa danh mục thủ tục của đơn vị này."))
    code = code.strip()
    if effective_procedure(unit, code) is None:
        raise DomainError(
            "procedure_not_in_catalogue",
            _("TTHC %(procedure)s không có trong danh mục của đơn vị %(unit)s"),
            procedure=code,
            unit=unit.code,
            field="code",
        )
    if until is not None and until < posted_since:
        raise DomainError("until_before_since", _("Ngày kết thúc trước ngày niêm yết."), field="until")
    row, _created = UnitProcedure.objects.update_or_create(
        unit=unit,
        procedure_code=code,
        defaults={"desk": desk.strip(), "posted_since": posted_since, "until": until},
    )
    return row
