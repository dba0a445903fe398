"""Writes of the one-stop module (keyword-only, atomic, validated before saving)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.orgs.scope import scope_for
from cchc.workdays.calendar import to_local

from .models import ApologyLetter, Dossier, ImportSource, PortalFigure


@transaction.atomic
def apology_issue(
    *,
    dossier: Dossier,
    reason: str,
    new_due_at: datetime,
    actor=None,
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
    if errors:
        raise ValidationError(errors)
    issued_at = issued_at or timezone.now()
    year = to_local(issued_at).year
    last = (
        ApologyLetter.objects.filter(dossier__unit=dossier.unit, year=year).aggregate(n=Max("number"))["n"]
        or 0
    )
    return ApologyLetter.objects.create(
        dossier=dossier,
        year=year,
        number=last + 1,
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


@transaction.atomic
def portal_figure_save(
    *,
    unit,
    period_from,
    period_to,
    code: str,
    numerator=None,
    denominator=None,
    ratio=None,
    score=None,
    note: str = "",
) -> PortalFigure:
    if numerator is not None and denominator is not None and numerator > denominator:
        raise ValidationError({"numerator": [_("Tử số lớn hơn mẫu số.")]})
    if (numerator is None) != (denominator is None):
        raise ValidationError({"denominator": [_("Cần cả tử số và mẫu số.")]})
    if numerator is None and ratio is None and score is None:
        raise ValidationError(_("Cần tử số và mẫu số, hoặc tỷ lệ, hoặc điểm."))
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
        },
    )
    return figure


@transaction.atomic
def import_source_save(
    *, actor, mapping: dict[str, str], source: ImportSource | None = None, name: str = ""
) -> ImportSource:
    """Save a column mapping: into ``source`` (the actor must manage its owner), or under ``name`` as a source of the
    unit the actor manages (created, or updated when that unit already has a source of that name — another
    organisation's source of the same name is never touched)."""
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
            return ImportSource.objects.create(owner=owner, name=name, mapping=mapping)
    if not can_change_source(actor, source):
        raise PermissionDenied(_("Chỉ cán bộ đầu mối quản lý đơn vị sở hữu nguồn mới được sửa ánh xạ cột."))
    source.mapping = mapping
    source.save(update_fields=["mapping", "updated_at"])
    return source
