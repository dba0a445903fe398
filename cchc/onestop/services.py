"""Writes of the one-stop module (keyword-only, atomic, validated before saving)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import can_enter_data, can_manage_unit, has_conflict_of_interest, scope_for
from cchc.workdays.calendar import to_local

from .input766 import FigureProblem, enterable_figures, figure_problems
from .models import ApologyLetter, Dossier, ImportSource, PortalFigure
from .numbering import APOLOGY, next_number
from .unitscore import definitions_on


@transaction.atomic
def apology_issue(
    *,
    dossier: Dossier,
    reason: str,
    new_due_at: datetime,
    actor: User | None = None,
    place: str = "",
    signer_name: str = "",
    signer_title: str = "",
    issued_at: datetime | None = None,
    demo: bool = False,
) -> ApologyLetter:
    """Issue the Phiếu xin lỗi và hẹn lại ngày trả kết quả: once per dossier, for an unfinished dossier, with a new
    date after the current one. The dossier's due date stays (the on-time rule judges the original appointment);
    the letter records both dates."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    errors: dict[str, list[str]] = {}
    if ApologyLetter.objects.filter(dossier=dossier).exists():
        raise ValidationError(_("Hồ sơ này đã có phiếu xin lỗi; chỉ được hẹn lại một lần."))
    if dossier.finished_at is not None and not demo:
        raise ValidationError(_("Hồ sơ đã kết thúc; không lập phiếu xin lỗi."))
    if not reason.strip():
        errors.setdefault("reason", []).append(_("Cần ghi lý do."))
    if new_due_at <= dossier.due_at:
        errors.setdefault("new_due_at", []).append(_("Ngày hẹn mới phải sau ngày hẹn trả cũ."))
    if not demo:
        from cchc.workdays.services import calendar_for

        now = issued_at or timezone.now()
        calendar = calendar_for(dossier.unit, on=to_local(now).date())
        if new_due_at <= now:
            errors.setdefault("new_due_at", []).append(_("Ngày hẹn mới phải ở tương lai."))
        elif not calendar.is_working_day(to_local(new_due_at).date()):
            errors.setdefault("new_due_at", []).append(
                _("Ngày %(day)s không phải ngày làm việc.") % {"day": f"{to_local(new_due_at):%d/%m/%Y}"}
            )
    if errors:
        raise ValidationError(errors)
    issued_at = issued_at or timezone.now()
    year = to_local(issued_at).year
    return ApologyLetter.objects.create(
        dossier=dossier,
        year=year,
        number=next_number(unit_id=dossier.unit_id, year=year, form=APOLOGY),
        reason=reason.strip(),
        original_due_at=dossier.due_at,
        new_due_at=new_due_at,
        place=place,
        signer_name=signer_name,
        signer_title=signer_title,
        issued_at=issued_at,
        issued_by=actor,
        is_demo=demo,
    )


def _figure_errors(problems: Iterable[FigureProblem]) -> ValidationError:
    """The pure checker's messages in the active language, by field (the form shows them beside its fields)."""
    errors: dict[str, list[str]] = {}
    for p in problems:
        errors.setdefault(p.field or NON_FIELD_ERRORS, []).append(str(p.message))
    return ValidationError(errors)


@transaction.atomic
def portal_figure_propose(
    *,
    unit: OrgUnit,
    period_from: date,
    period_to: date,
    code: str,
    actor: User,
    numerator: int | None = None,
    denominator: int | None = None,
    ratio: Decimal | None = None,
    score: Decimal | None = None,
    note: str = "",
) -> PortalFigure:
    """A unit's figure copied from the portal, as a proposal: checked against its range (counts not negative,
    ratio 0–100, score up to the indicator's maximum) and counted only once a coordinator approves it. Typing a
    figure again makes it a proposal again."""
    if not can_enter_data(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu cho đơn vị này."))
    figures = enterable_figures(definitions_on(period_to))
    if code not in figures:
        raise ValidationError(
            {"code": [_("Mã chỉ số %(code)s không có trong Bộ chỉ số 766.") % {"code": code}]}
        )
    problems = figure_problems(
        numerator=numerator, denominator=denominator, ratio=ratio, score=score, max_points=figures[code][1]
    )
    if problems:
        raise _figure_errors(problems)
    figure, _created = PortalFigure.objects.update_or_create(
        unit=unit,
        period_from=period_from,
        period_to=period_to,
        code=code,
        defaults={
            "numerator": numerator,
            "denominator": denominator,
            "ratio": ratio,
            "score": score,
            "note": note,
            "state": PortalFigure.State.PROPOSED,
            "entered_by": actor,
            "entered_at": timezone.now(),
            "decided_by": None,
            "decided_at": None,
            "rejection_reason": "",
        },
    )
    return figure


def check_may_decide_figure(user: User, figure: PortalFigure) -> None:
    """403 unless ``user`` manages the figure's unit and has no conflict of interest with it (no membership in the
    unit, not the person who typed it). A coordinator decides for a unit that has no head account."""
    if not can_manage_unit(user, figure.unit):
        raise PermissionDenied(_("Chỉ cán bộ đầu mối quản lý đơn vị mới được duyệt số liệu từ Cổng DVCQG."))
    if has_conflict_of_interest(user, figure.unit, author_id=figure.entered_by_id):
        raise PermissionDenied(
            _(
                "Bạn không được duyệt số liệu của đơn vị mình hoặc số liệu do chính mình nhập; cần người khác duyệt."
            )
        )


def _locked_proposal(figure: PortalFigure, actor: User) -> PortalFigure:
    figure = PortalFigure.objects.select_for_update().select_related("unit").get(pk=figure.pk)
    check_may_decide_figure(actor, figure)
    if figure.state != PortalFigure.State.PROPOSED:
        raise ValidationError(
            _("Số liệu này đã được xử lý (%(state)s).") % {"state": figure.get_state_display()}
        )
    return figure


@transaction.atomic
def portal_figure_approve(*, figure: PortalFigure, actor: User) -> PortalFigure:
    """Approve a proposed figure: from now on it counts in the unit's 766 score and the rankings."""
    figure = _locked_proposal(figure, actor)
    figure.state = PortalFigure.State.APPROVED
    figure.decided_by = actor
    figure.decided_at = timezone.now()
    figure.rejection_reason = ""
    figure.save(update_fields=["state", "decided_by", "decided_at", "rejection_reason", "updated_at"])
    return figure


@transaction.atomic
def portal_figure_reject(*, figure: PortalFigure, actor: User, reason: str) -> PortalFigure:
    """Reject a proposed figure, with a reason the unit reads; it does not count (the unit may propose again)."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Cần ghi lý do từ chối.")]})
    figure = _locked_proposal(figure, actor)
    figure.state = PortalFigure.State.REJECTED
    figure.decided_by = actor
    figure.decided_at = timezone.now()
    figure.rejection_reason = reason.strip()
    figure.save(update_fields=["state", "decided_by", "decided_at", "rejection_reason", "updated_at"])
    return figure


@transaction.atomic
def import_source_save(
    *,
    actor: User,
    mapping: dict[str, str],
    source: ImportSource | None = None,
    name: str = "",
    values: dict[str, dict[str, str]] | None = None,
) -> ImportSource:
    """Save a column mapping, and the value mapping beside it (``values``: kind → cell text → code, merged into the
    saved one): into ``source`` (the actor must manage its owner), or under ``name`` as a source of the unit the
    actor manages (created, or updated when that unit already has a source of that name — another organisation's
    source of the same name is never touched)."""
    from django.core.exceptions import PermissionDenied

    from .sources import can_change_source, source_owner_for

    if source is None:
        name = name.strip()
        if not name:
            raise ValidationError({"name": [_("Cần tên nguồn.")]})
        owner = source_owner_for(actor)
        if owner is None and not scope_for(actor).is_admin:
            raise PermissionDenied(_("Chỉ cán bộ đầu mối hoặc quản trị được lưu nguồn dữ liệu."))
        source = ImportSource.objects.select_for_update().filter(owner=owner, name=name).first()
        if source is None:
            return ImportSource.objects.create(
                owner=owner, name=name, mapping=mapping, value_mapping=_clean_values(values or {})
            )
    if not can_change_source(actor, source):
        raise PermissionDenied(_("Chỉ cán bộ đầu mối quản lý đơn vị sở hữu nguồn mới được sửa ánh xạ cột."))
    merged = {kind: dict(words) for kind, words in (source.value_mapping or {}).items()}
    for kind, words in _clean_values(values or {}).items():
        merged.setdefault(kind, {}).update(words)
    source.mapping = mapping
    source.value_mapping = merged
    source.save(update_fields=["mapping", "value_mapping", "updated_at"])
    return source


def _clean_values(values: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Only known kinds and codes (a forged form cannot store anything else)."""
    from .headings import VALUE_KINDS

    out: dict[str, dict[str, str]] = {}
    for kind, words in values.items():
        codes = VALUE_KINDS.get(kind)
        if codes is None:
            continue
        kept = {str(k).strip()[:200]: v for k, v in words.items() if v in codes and str(k).strip()}
        if kept:
            out[kind] = kept
    return out
