"""Writes of the documents module: allocating document numbers (NĐ 30/2020 Điều 15)."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import can_manage_unit

from .doc_types import doc_type
from .format import compose_symbol, nfc
from .models import IssuedDocument, IssuerProfile, NumberCounter


@transaction.atomic
def document_number_reserve(
    *,
    issuer: OrgUnit,
    doc_type_code: str,
    symbol: str,
    summary: str,
    on_date: date,
    user: User | None = None,
    note: str = "",
) -> IssuedDocument:
    """Take the next number of ``issuer`` for the year of ``on_date`` and record it in the register.

    Numbers run per issuing body and calendar year from 01 (01/01) without gaps or repeats: the per-issuer,
    per-year counter row is locked (SELECT … FOR UPDATE) until the transaction commits, so concurrent callers
    queue and each gets its own number. ``symbol`` is the organisation part ("CAHP-PV01"); the type abbreviation
    is prepended from Phụ lục III ("KH-CAHP-PV01"; công văn keeps "CAHP-PV01"). A symbol that already starts
    with the abbreviation is kept as is.
    """
    try:
        dt = doc_type(doc_type_code)
    except KeyError as exc:
        raise ValidationError(_("Loại văn bản không hợp lệ: %(code)s") % {"code": doc_type_code}) from exc
    full_symbol = compose_symbol(dt.abbr, symbol or issuer.short_code or issuer.code)
    if not full_symbol:
        raise ValidationError(_("Thiếu ký hiệu văn bản."))
    if len(full_symbol) > 64:
        raise ValidationError(_("Ký hiệu văn bản quá dài (tối đa 64 ký tự)."))
    if on_date is None:
        raise ValidationError(_("Thiếu ngày văn bản."))
    year = on_date.year
    # create the counter row if missing without racing: ON CONFLICT DO NOTHING, then lock it
    NumberCounter.objects.bulk_create([NumberCounter(issuer=issuer, year=year)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(issuer=issuer, year=year)
    NumberCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return IssuedDocument.objects.create(
        issuer=issuer,
        year=year,
        number=counter.last_number,
        symbol=full_symbol,
        doc_type=dt.code,
        summary=" ".join(nfc(summary).split()),
        issued_on=on_date,
        created_by=user if (user is not None and getattr(user, "pk", None)) else None,
        note=note,
    )


_SYMBOL_RE = re.compile(r"^[0-9A-ZĐ]+(?:-[0-9A-ZĐ]+)*$")


@transaction.atomic
def issuer_profile_set(*, unit: OrgUnit, actor: User, symbol: str, place: str) -> IssuerProfile:
    """Set how ``unit`` writes itself on its documents (its agency ký hiệu, its place name); coordinators managing
    the unit only. An empty ký hiệu removes the profile (the unit then inherits its ancestor's)."""
    if not can_manage_unit(actor, unit):
        raise PermissionDenied(_("Bạn không quản lý đơn vị này."))
    symbol = nfc(symbol).strip().upper()
    place = " ".join(nfc(place).split())
    if not symbol:
        IssuerProfile.objects.filter(unit=unit).delete()
        return IssuerProfile(unit=unit, symbol="", place="")
    if len(symbol) > 32 or not _SYMBOL_RE.match(symbol):
        raise DomainError(
            "bad_symbol",
            gettext_lazy(
                "Ký hiệu cơ quan “%(symbol)s” không hợp lệ: chỉ chữ in hoa và chữ số, nối bằng dấu gạch ngang "
                "(ví dụ CAHP, UBND), tối đa 32 ký tự."
            ),
            symbol=symbol,
            field="symbol",
        )
    profile, _created = IssuerProfile.objects.update_or_create(
        unit=unit, defaults={"symbol": symbol, "place": place[:64], "updated_by": actor}
    )
    return profile
