"""Reads of the organisation. Every list a user sees goes through :mod:`cchc.orgs.scope`."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone

from cchc.accounts.models import User
from cchc.core.text import fold

from .models import Fold, Membership, OrgUnit, OrgUnitAlias, UnitGroup, UnitLineage
from .scope import ROLE_RANK, active_memberships, manageable_units, scope_for, valid_on_q, visible_units


def subtree(unit: OrgUnit, *, include_self: bool = True, on: date | None = None) -> QuerySet[OrgUnit]:
    """The unit and everything under it, in tree order (one indexed prefix scan)."""
    qs = OrgUnit.objects.filter(path__startswith=unit.path)
    if not include_self:
        qs = qs.exclude(pk=unit.pk)
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    return qs.order_by("path")


def ancestors(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """From the root down to the parent, read off the path (one query)."""
    return OrgUnit.objects.filter(pk__in=unit.ancestor_ids).order_by("depth")


def search_units(queryset: QuerySet[OrgUnit], text: str) -> QuerySet[OrgUnit]:
    """Accent-insensitive search on code, names and aliases: every word must appear."""
    words = fold(text).split()
    for word in words:
        alias_hit = OrgUnitAlias.objects.filter(unit=OuterRef("pk"), search_text__contains=word)
        queryset = queryset.filter(Q(search_text__contains=word) | Exists(alias_hit))
    return queryset


def unit_list(
    user: User, *, text: str = "", kind: str = "", under: OrgUnit | None = None, on: date | None = None
) -> QuerySet[OrgUnit]:
    qs = visible_units(user)
    if under is not None:
        qs = qs.filter(path__startswith=under.path)
    if kind:
        qs = qs.filter(kind=kind)
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    if text:
        qs = search_units(qs, text)
    children = (
        OrgUnit.objects.filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.select_related("parent").annotate(child_count=Subquery(children)).order_by("path")


def group_members(group: UnitGroup, *, on: date | None = None) -> QuerySet[OrgUnit]:
    """The units a group names on a day: by kind inside its root's subtree, plus the explicit list."""
    on = on or timezone.localdate()
    q = Q(pk__in=group.members.values("pk"))
    if group.kinds:
        by_kind = Q(kind__in=group.kinds)
        if group.root is not None:
            by_kind &= Q(path__startswith=group.root.path) & ~Q(pk=group.root_id)
        q |= by_kind
    return OrgUnit.objects.filter(q).filter(valid_on_q(on)).order_by("path")


def groups_of_unit(unit: OrgUnit, groups: QuerySet[UnitGroup], *, on: date | None = None) -> list[UnitGroup]:
    """The groups among ``groups`` that name ``unit`` on a day — the rule of :func:`group_members` read the other
    way round, in two queries however many groups there are."""
    on = on or timezone.localdate()
    if not unit.is_valid_on(on):
        return []
    explicit = set(
        UnitGroup.members.through.objects.filter(orgunit=unit).values_list("unitgroup_id", flat=True)
    )
    found = []
    for group in groups.select_related("root"):
        by_kind = unit.kind in (group.kinds or []) and (
            group.root is None or (unit.path.startswith(group.root.path) and unit.pk != group.root_id)
        )
        if by_kind or group.pk in explicit:
            found.append(group)
    return found


def groups_visible_to(user: User) -> QuerySet[UnitGroup]:
    scope = scope_for(user)
    qs = UnitGroup.objects.select_related("root")
    if scope.is_admin:
        return qs
    return qs.filter(
        Q(root__isnull=True) | Q(root__in=visible_units(user)) | Q(root__in=_ancestors_of_visible(user))
    )


def _ancestors_of_visible(user: User) -> QuerySet[OrgUnit]:
    """Groups rooted above a person's unit still name units they see (e.g. a ward sees its city's groups)."""
    ids: set[int] = set()
    for m in scope_for(user).memberships:
        ids.update(m.unit.ancestor_ids)
    return OrgUnit.objects.filter(pk__in=ids)


def lineage_of(unit: OrgUnit) -> dict[str, list[UnitLineage]]:
    links = UnitLineage.objects.select_related("predecessor", "successor").filter(
        Q(predecessor=unit) | Q(successor=unit)
    )
    return {
        "before": [link for link in links if link.successor_id == unit.pk],
        "after": [link for link in links if link.predecessor_id == unit.pk],
    }


def current_successor(unit: OrgUnit, *, max_steps: int = 20) -> OrgUnit:
    """Follow renames and mergers to the unit that carries this one's work today."""
    seen = {unit.pk}
    current = unit
    for _step in range(max_steps):
        link = (
            UnitLineage.objects.filter(predecessor=current)
            .exclude(kind=UnitLineage.Kind.SPLIT)
            .select_related("successor")
            .order_by("-effective_date")
            .first()
        )
        if link is None or link.successor_id in seen:
            return current
        seen.add(link.successor_id)
        current = link.successor
    return current


def find_units(reference: str, *, within: OrgUnit | None = None) -> list[OrgUnit]:
    """Units a reference names: full code, short code, name or alias (accent-insensitive, exact)."""
    ref = reference.strip()
    qs = OrgUnit.objects.all()
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    exact = list(qs.filter(code=ref))
    if exact:
        return exact
    folded = fold(ref)
    alias_hit = OrgUnitAlias.objects.filter(unit=OuterRef("pk"), search_text=folded)
    return list(
        qs.annotate(name_folded=_fold_expr("name"))
        .filter(Q(short_code__iexact=ref) | Q(name_folded=folded) | Exists(alias_hit))
        .order_by("path")
    )


def _fold_expr(field_name: str) -> Fold:
    return Fold(field_name)


def find_one_unit(reference: str) -> OrgUnit:
    """The one unit a command-line reference names, or a clear error (contracts: "when it names one unit only")."""
    from cchc.core.errors import DomainError, gettext_noop

    found = find_units(reference)
    if not found:
        raise DomainError(
            "unknown_unit", gettext_noop("Không có đơn vị '%(reference)s'"), reference=reference
        )
    if len(found) > 1:
        codes = ", ".join(u.code for u in found[:5])
        raise DomainError(
            "ambiguous_unit",
            gettext_noop("'%(reference)s' chỉ nhiều đơn vị (%(codes)s); hãy dùng mã đầy đủ"),
            reference=reference,
            codes=codes,
        )
    return found[0]


# --- memberships and people -----------------------------------------------------------------------------------


def active_membership(request: HttpRequest) -> Membership | None:
    """The membership the user acts under (chosen in the header; defaults to the highest-ranked one)."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = scope_for(user).memberships
    if not memberships:
        return None
    chosen = request.session.get("active_membership_id")
    for m in memberships:
        if m.pk == chosen:
            return m
    return max(memberships, key=lambda m: (ROLE_RANK[m.role], -m.unit.depth))


def memberships_visible_to(
    user: User, *, unit: OrgUnit | None = None, text: str = "", role: str = "", active_only: bool = True
) -> QuerySet[Membership]:
    """Memberships at units the user administers (or, for others, only their own)."""
    scope = scope_for(user)
    if scope.manage.empty:
        qs = Membership.objects.filter(user=user)
    else:
        qs = Membership.objects.filter(unit__in=manageable_units(user))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if role:
        qs = qs.filter(role=role)
    if active_only:
        qs = qs.filter(valid_on_q(timezone.localdate()))
    if text:
        for word in fold(text).split():
            qs = qs.filter(
                Q(user__username__icontains=word)
                | Q(user__email__icontains=word)
                | Q(user__full_name__unaccent__icontains=word)
            )
    return qs.select_related("user", "unit").order_by("unit__path", "user__username")


def user_memberships(user_obj: User, on: date | None = None) -> QuerySet[Membership]:
    return active_memberships(user_obj, on)
