"""Reads of the documents module, always through the org scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.core.text import fold
from cchc.orgs.models import Fold, OrgUnit
from cchc.orgs.scope import filter_by_unit_scope, scope_for

from .models import IssuedDocument


def issued_list(
    user: User, *, text: str = "", year: int | None = None, doc_type: str = "", issuer: OrgUnit | None = None
) -> QuerySet[IssuedDocument]:
    """Numbers taken by the units the user may see, newest first; ``text`` matches number, symbol, summary."""
    qs = filter_by_unit_scope(
        IssuedDocument.objects.select_related("issuer", "created_by"), user, unit_field="issuer"
    )
    if year:
        qs = qs.filter(year=year)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if issuer is not None:
        qs = qs.filter(issuer=issuer)
    text = text.strip()
    if text:
        number, _sep, symbol = text.partition("/")
        if number.isdigit() and symbol:
            qs = qs.filter(number=int(number), symbol__iexact=symbol.strip())
        elif text.isdigit():
            qs = qs.filter(number=int(text))
        else:
            folded = fold(text)
            qs = qs.annotate(_summary=Fold("summary"), _symbol=Fold("symbol")).filter(
                Q(_summary__contains=folded) | Q(_symbol__contains=folded)
            )
    return qs.order_by("-year", "issuer__path", "-number")


def issued_years(user: User) -> list[int]:
    qs = filter_by_unit_scope(IssuedDocument.objects.all(), user, unit_field="issuer")
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


def issuer_choices(user: User) -> QuerySet[OrgUnit]:
    """Units for which the user may take a number (their data scope)."""
    return OrgUnit.objects.filter(scope_for(user).data.q()).order_by("path")


def get_issued_for_user(user: User, pk: int) -> IssuedDocument:
    doc = issued_list(user).filter(pk=pk).first()
    if doc is None:
        raise Http404(_("Không tìm thấy văn bản."))
    return doc
