"""The procedure catalogue held per organisation — the one place a procedure code is resolved for a unit.

A procedure belongs to an owner unit (an organisation's own catalogue) or to none (the national list, shared
read-only). A unit's **effective catalogue** is, code by code, the row owned by its nearest ancestor-or-self that owns
that code, else the national row: an organisation that changes a national procedure gets its own copy
(copy-on-write, :func:`cchc.onestop.importing.import_procedures`), which then wins for its units and only for them.

Who may change a row: administrators for the national list; for an owned row, those who manage its owner unit
(:func:`can_change_catalogue`). Who may see one: the national list everybody; an owned row those whose view scope
covers the owner or who work under it (it is their effective catalogue).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import scope_for

from .models import Procedure


def chain_ids(unit: OrgUnit) -> list[int]:
    """The unit and its ancestors, nearest first (read off the path; no query)."""
    return [int(x) for x in reversed(unit.path.strip("/").split("/")) if x]


def effective_catalogue(unit: OrgUnit | None) -> QuerySet[Procedure]:
    """The procedures in force for ``unit``: per code the nearest owner's row, else the national one (``None``: the
    national list alone)."""
    if unit is None:
        return Procedure.objects.filter(owner__isnull=True)
    chosen = (
        Procedure.objects.filter(Q(owner__isnull=True) | Q(owner_id__in=chain_ids(unit)))
        .order_by("code", F("owner__depth").desc(nulls_last=True))
        .distinct("code")
        .values("pk")
    )
    return Procedure.objects.filter(pk__in=chosen)


def effective_procedure(unit: OrgUnit | None, code: str) -> Procedure | None:
    """The procedure ``code`` as ``unit``'s catalogue holds it (None when it holds no such code)."""
    qs = Procedure.objects.filter(code=code)
    if unit is None:
        return qs.filter(owner__isnull=True).first()
    return (
        qs.filter(Q(owner__isnull=True) | Q(owner_id__in=chain_ids(unit)))
        .order_by(F("owner__depth").desc(nulls_last=True))
        .first()
    )


class CatalogueResolver:
    """Bulk resolution for imports: ``resolver(unit_id, code)`` → the procedure's values tuple (``fields``) from the
    unit's effective catalogue, or None. Two queries for a whole file, then dictionary look-ups (memoised)."""

    def __init__(self, unit_ids: Iterable[int], codes: Iterable[str], fields: tuple[str, ...]):
        unit_ids = set(unit_ids)
        self.chains = {
            pk: [int(x) for x in reversed(path.strip("/").split("/")) if x]
            for pk, path in OrgUnit.objects.filter(pk__in=list(unit_ids)).values_list("pk", "path")
        }
        owners = {o for chain in self.chains.values() for o in chain}
        rows = Procedure.objects.filter(code__in=list(set(codes))).filter(
            Q(owner__isnull=True) | Q(owner_id__in=list(owners))
        )
        self.by_owner: dict[int | None, dict[str, tuple]] = {}
        for owner_id, code, *values in rows.values_list("owner_id", "code", *fields):
            self.by_owner.setdefault(owner_id, {})[code] = tuple(values)
        self.memo: dict[tuple[int, str], tuple | None] = {}

    def __call__(self, unit_id: int, code: str) -> tuple | None:
        key = (unit_id, code)
        try:
            return self.memo[key]
        except KeyError:
            pass
        found = None
        for owner in (*self.chains.get(unit_id, ()), None):
            found = self.by_owner.get(owner, {}).get(code)
            if found is not None:
                break
        self.memo[key] = found
        return found


def can_change_catalogue(user, owner: OrgUnit | None) -> bool:
    """Administrators change the national list; those who manage ``owner`` change its catalogue."""
    scope = scope_for(user)
    if owner is None:
        return scope.is_admin
    return scope.manage.contains(owner)


def catalogue_owners_for(user) -> list[OrgUnit]:
    """The units whose catalogue ``user`` may change, highest first: the units of their managing memberships (an
    administrator may also change the national list — see :func:`can_change_catalogue`)."""
    from cchc.orgs.scope import MANAGING_ROLES

    managing = scope_for(user).units_with(*MANAGING_ROLES)
    return list(OrgUnit.objects.filter(managing.q()).order_by("depth", "path")) if not managing.empty else []


def home_unit(user) -> OrgUnit | None:
    """The unit whose catalogue a page shows by default: the first unit the user works in (their membership), else
    the highest unit they may see."""
    scope = scope_for(user)
    if scope.memberships:
        return sorted((m.unit for m in scope.memberships), key=lambda u: (u.depth, u.path))[0]
    return OrgUnit.objects.filter(scope.view.q()).order_by("depth", "path").first()


def get_procedure_for_user(user, code: str, *, unit: OrgUnit | None = None) -> Procedure:
    """The procedure ``code`` of the effective catalogue of ``unit`` (default: the user's home unit); 404 when that
    catalogue holds no such code. ``unit`` must already be one the user may see (``get_unit_for_user``)."""
    procedure = effective_procedure(unit or home_unit(user), code)
    if procedure is None:
        raise Http404(_("Không tìm thấy thủ tục."))
    return procedure


def catalogue_for_user(user) -> QuerySet[Procedure]:
    """The procedures in force for the units the user works in (their memberships' effective catalogues, together;
    the national list when they hold none) — what a desk form offers. The receipt itself resolves the code again in
    the receiving unit's catalogue."""
    units = {m.unit.pk: m.unit for m in scope_for(user).memberships}
    if not units:
        return effective_catalogue(None)
    q = Q()
    for unit in units.values():
        q |= Q(pk__in=effective_catalogue(unit).values("pk"))
    return Procedure.objects.filter(q)
