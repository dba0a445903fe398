"""Org scope: who may see, enter data for, and administer which units. The one place these rules live.

A membership gives two separate sets — the units a person may *see* and the units they may *enter data for* —
each either the membership's unit alone or its whole subtree. Administration (adding people, editing units) is a
coordinator's or an administrator's, inside the subtree of that membership, and never beyond what they hold.

Sets are expressed as ``Q`` objects over unit paths, so a list is filtered by one indexed condition however large
the tree; nothing is materialised in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Membership, OrgUnit, Role, Scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cchc.accounts.models import User

    # Whoever a request carries: the scope of a visitor or of nobody is empty.
    AnyUser = User | AnonymousUser | None

M = TypeVar("M", bound=Model)

# A person may grant a role only up to their own rank ("cannot grant more than they hold").
ROLE_RANK: dict[str, int] = {
    Role.ADMIN: 5,
    Role.COORDINATOR: 4,
    Role.HEAD: 3,
    Role.LEADER: 3,
    Role.APPRAISER: 2,
    Role.STAFF: 1,
}
MANAGING_ROLES = {Role.ADMIN, Role.COORDINATOR}

DEFAULT_SCOPES = {
    Role.ADMIN: (Scope.SUBTREE, Scope.SUBTREE),
    Role.COORDINATOR: (Scope.SUBTREE, Scope.SUBTREE),
    Role.HEAD: (Scope.UNIT, Scope.SUBTREE),
    Role.STAFF: (Scope.UNIT, Scope.UNIT),
    Role.APPRAISER: (Scope.NONE, Scope.SUBTREE),
    Role.LEADER: (Scope.NONE, Scope.SUBTREE),
}  # role -> (data scope, view scope)


@dataclass(frozen=True)
class Reach:
    """A set of units: some units alone, some whole subtrees (given by path prefixes)."""

    unit_ids: frozenset[int] = frozenset()
    paths: frozenset[str] = frozenset()
    everything: bool = False

    def q(self, prefix: str = "") -> Q:
        """A filter for a queryset of OrgUnit (prefix "") or of a model with a unit FK (prefix "unit__")."""
        if self.everything:
            return Q()
        q = Q(**{f"{prefix}id__in": sorted(self.unit_ids)}) if self.unit_ids else Q(pk__in=[])
        for path in sorted(self.paths):
            q |= Q(**{f"{prefix}path__startswith": path})
        return q

    def contains(self, unit: OrgUnit) -> bool:
        if self.everything:
            return True
        return unit.pk in self.unit_ids or any(unit.path.startswith(p) for p in self.paths)

    @property
    def empty(self) -> bool:
        return not (self.everything or self.unit_ids or self.paths)


@dataclass
class UserScope:
    user_id: int | None
    is_admin: bool
    memberships: list[Membership] = field(default_factory=list)
    view: Reach = field(default_factory=Reach)
    data: Reach = field(default_factory=Reach)
    manage: Reach = field(default_factory=Reach)

    def holds_membership_in(self, unit: OrgUnit) -> bool:
        """True if the person holds any active membership (any role) at ``unit`` itself.

        The conflict-of-interest rule reads this: nobody scores, approves or appraises a unit they belong to.
        """
        return any(m.unit_id == unit.pk for m in self.memberships)

    # --- role questions: ask these instead of looping over ``memberships`` or comparing role strings -------------

    def has_role(self, *roles: Role) -> bool:
        """True if the person holds an active membership with one of ``roles`` anywhere (an administrator account
        without an admin membership also answers True for ``Role.ADMIN``)."""
        if Role.ADMIN in roles and self.is_admin:
            return True
        return any(m.role in roles for m in self.memberships)

    def is_head_of(self, unit: OrgUnit) -> bool:
        """True if the person holds an active head membership at ``unit`` itself (a head of a unit above it is
        not its head; an administrator is not either — callers that let administrators act add ``is_admin``)."""
        return any(m.role == Role.HEAD and m.unit_id == unit.pk for m in self.memberships)

    def units_with(self, *roles: Role, over: str = "unit") -> Reach:
        """The units reached by the person's memberships with one of ``roles``.

        ``over`` says how far each membership reaches:

        - ``"unit"`` (default): the membership's unit alone (``Reach.unit_ids`` are the units they hold the role at);
        - ``"subtree"``: the membership's unit and everything under it, whatever its scopes say (a head or a
          leader reading the units below them);
        - ``"data"`` / ``"view"``: what those memberships' data scope / view scope give (a part of ``self.data`` /
          ``self.view``).

        Only memberships count: an administrator's blanket reach is ``self.data``/``self.view``, not this.
        """
        chosen = [m for m in self.memberships if m.role in roles]
        if over == "unit":
            return Reach(unit_ids=frozenset(m.unit_id for m in chosen))
        if over == "subtree":
            return Reach(paths=_outermost({m.unit.path for m in chosen}))
        if over in ("data", "view"):
            return _reach(chosen, f"{over}_scope")
        raise ValueError(f"over must be unit, subtree, data or view, not {over!r}")

    def best_rank_over(self, unit: OrgUnit) -> int:
        """The highest rank among managing memberships whose subtree holds ``unit``."""
        if self.is_admin:
            return ROLE_RANK[Role.ADMIN]
        ranks = [
            ROLE_RANK[Role(m.role)]
            for m in self.memberships
            if m.role in MANAGING_ROLES and unit.path.startswith(m.unit.path)
        ]
        return max(ranks, default=0)


def _reach(memberships, scope_attr: str) -> Reach:
    ids: set[int] = set()
    paths: set[str] = set()
    for m in memberships:
        scope = getattr(m, scope_attr)
        if scope == Scope.UNIT:
            ids.add(m.unit_id)
        elif scope == Scope.SUBTREE:
            paths.add(m.unit.path)
    return Reach(frozenset(ids), _outermost(paths))


def _outermost(paths: set[str]) -> frozenset[str]:
    """The paths not inside another of them (a path inside another adds nothing)."""
    return frozenset(p for p in paths if not any(p != o and p.startswith(o) for o in paths))


def valid_on_q(on: date, prefix: str = "") -> Q:
    """Rows (a unit, a membership; ``prefix`` for a related one) whose validity holds ``on``."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def active_memberships(user: User, on: date | None = None) -> QuerySet[Membership]:
    on = on or timezone.localdate()
    return (
        Membership.objects.filter(user=user)
        .filter(valid_on_q(on))
        .filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=on))
        .select_related("unit")
        .order_by("unit__path", "role")
    )


def scope_for(user: AnyUser) -> UserScope:
    """The user's scope today, computed once per request (cached on the user object)."""
    cached = getattr(user, "_cchc_scope", None)
    if cached is not None:
        return cached
    if user is None or not user.is_authenticated or not user.is_active:
        scope = UserScope(user_id=None, is_admin=False)
    else:
        memberships = list(active_memberships(user))
        is_admin = user.is_superuser or any(m.role == Role.ADMIN for m in memberships)
        if is_admin:
            everything = Reach(everything=True)
            scope = UserScope(user.pk, True, memberships, everything, everything, everything)
        else:
            managing = [m for m in memberships if m.role in MANAGING_ROLES]
            scope = UserScope(
                user_id=user.pk,
                is_admin=False,
                memberships=memberships,
                view=_reach(memberships, "view_scope"),
                data=_reach(memberships, "data_scope"),
                manage=Reach(paths=frozenset(m.unit.path for m in managing)),
            )
    if user is not None:
        user._cchc_scope = scope  # type: ignore[union-attr]  # the per-request cache on the user object
    return scope


def forget_scope(user) -> None:
    if hasattr(user, "_cchc_scope"):
        del user._cchc_scope


# --- checks -------------------------------------------------------------------------------------------------


def can_view_unit(user, unit: OrgUnit) -> bool:
    return scope_for(user).view.contains(unit)


def can_enter_data(user, unit: OrgUnit) -> bool:
    return scope_for(user).data.contains(unit)


def can_manage_unit(user, unit: OrgUnit) -> bool:
    return scope_for(user).manage.contains(unit)


# Roles that handle citizens' files in their own unit, and so may read their personal data (NĐ 13/2023).
PERSONAL_DATA_ROLES = {Role.STAFF, Role.HEAD}


def personal_data_reach(user) -> Reach:
    """Units whose citizens' personal data (applicants' names, phone numbers, addresses) the user may read
    unmasked: the data scope of their staff and head memberships, their managed subtrees (coordinators), or
    everything (administrators). Leaders, appraisers and anyone with view-only access see them masked."""
    scope = scope_for(user)
    if scope.is_admin:
        return Reach(everything=True)
    handling = scope.units_with(*PERSONAL_DATA_ROLES, over="data")
    return Reach(handling.unit_ids, handling.paths | scope.manage.paths)


def can_see_personal_data(user, unit: OrgUnit) -> bool:
    """True if ``user`` may read unmasked the personal data of ``unit``'s citizens. The one place this rule lives;
    masking itself is ``cchc.core.privacy``."""
    return personal_data_reach(user).contains(unit)


def conflict_of_interest_reason(
    user, unit: OrgUnit, *, author_id: int | None = None, outgoing: bool = False
) -> str:
    """Why ``user`` may not score, approve or appraise ``unit``'s record ("" when they may).

    Two conflicts: they authored the record (``author_id``), or they hold a membership in the unit. ``outgoing``
    is the unit's own sign-off of what it sends up (a head approving a staff member's report): membership is the
    very reason they give it, so there only authorship conflicts. The one place this rule lives.
    """
    if author_id is not None and user is not None and author_id == user.pk:
        return _("Bạn là người lập hồ sơ này nên không được tự duyệt, tiếp nhận hoặc chấm điểm hồ sơ này.")
    if not outgoing and scope_for(user).holds_membership_in(unit):
        return _(
            "Bạn đang công tác tại %(unit)s nên không được chấm điểm, tiếp nhận hoặc thẩm định hồ sơ của đơn vị"
            " này (xung đột lợi ích)."
        ) % {"unit": unit.name}
    return ""


def has_conflict_of_interest(
    user, unit: OrgUnit, *, author_id: int | None = None, outgoing: bool = False
) -> bool:
    """True if ``user`` may not score, approve or appraise ``unit``'s record: they hold a membership in the unit,
    or they authored the record (``author_id``); with ``outgoing``, authorship only. The one place this rule lives."""
    return bool(conflict_of_interest_reason(user, unit, author_id=author_id, outgoing=outgoing))


def check_no_conflict_of_interest(
    user, unit: OrgUnit, *, author_id: int | None = None, outgoing: bool = False
) -> None:
    """Raise PermissionDenied with the reason (in Vietnamese) when :func:`has_conflict_of_interest` holds."""
    reason = conflict_of_interest_reason(user, unit, author_id=author_id, outgoing=outgoing)
    if reason:
        raise PermissionDenied(reason)


def members_with(*roles: Role, units=None, on: date | None = None):
    """Active accounts' memberships with one of ``roles`` valid ``on`` (today), at ``units`` (ids or units) when
    given: who the heads of a unit are, whom to remind. Other people's roles, asked here rather than by a
    hand-written ``Membership`` query."""
    on = on or timezone.localdate()
    qs = Membership.objects.filter(valid_on_q(on), role__in=roles, user__is_active=True)
    if units is not None:
        qs = qs.filter(unit__in=units)
    return qs


def unit_has_head(unit: OrgUnit, on: date | None = None) -> bool:
    """True if an active account holds a head membership at ``unit`` itself today."""
    return members_with(Role.HEAD, units=[unit], on=on).exists()


def headless_q(prefix: str = "unit__") -> Q:
    """A filter for records whose unit (``prefix`` "unit__", or "" for OrgUnit) has no head account today."""
    return ~Q(Exists(members_with(Role.HEAD).filter(unit_id=OuterRef(f"{prefix}pk"))))


def approves_as_coordinator(user, unit: OrgUnit) -> bool:
    """A coordinator (or administrator) managing ``unit`` stands in for its head while it has no head account."""
    scope = scope_for(user)
    return scope.manage.contains(unit) and not unit_has_head(unit)


def may_approve_for_unit(user, unit: OrgUnit) -> bool:
    """Who gives a unit's sign-off before its record goes up: an administrator, a head of the unit itself, or
    — while the unit has no head account — a coordinator managing it. Authorship is checked separately."""
    scope = scope_for(user)
    if scope.is_admin or scope.is_head_of(unit):
        return True
    return approves_as_coordinator(user, unit)


def grantable_roles(user, unit: OrgUnit) -> list[Role]:
    """Roles ``user`` may grant at ``unit``: none outside their managed subtree, none above their own rank."""
    scope = scope_for(user)
    if not scope.manage.contains(unit):
        return []
    rank = scope.best_rank_over(unit)
    return [role for role in Role if ROLE_RANK[role] <= rank and (role != Role.ADMIN or scope.is_admin)]


def latest_grant_end(user, unit: OrgUnit) -> date | None:
    """A delegated grant may not outlast the granter's own membership (None: no limit)."""
    scope = scope_for(user)
    if scope.is_admin:
        return None
    ends = [
        m.valid_to
        for m in scope.memberships
        if m.role in MANAGING_ROLES and unit.path.startswith(m.unit.path)
    ]
    known = [end for end in ends if end is not None]
    if not ends or len(known) < len(ends):  # a membership without an end
        return None
    return max(known)


# --- one getter per aggregate -------------------------------------------------------------------------------


def get_unit_for_user(user, code_or_pk, *, write: bool = False, manage: bool = False) -> OrgUnit:
    """The unit if the user may see it (404 otherwise); 403 if ``write``/``manage`` is asked and not held."""
    lookup = {"pk": code_or_pk} if isinstance(code_or_pk, int) else {"code": code_or_pk}
    unit = OrgUnit.objects.filter(**lookup).select_related("parent").first()
    if unit is None or not can_view_unit(user, unit):
        raise Http404(_("Không tìm thấy đơn vị."))
    if write and not can_enter_data(user, unit):
        raise PermissionDenied(_("Bạn không có quyền nhập liệu cho đơn vị này."))
    if manage and not can_manage_unit(user, unit):
        raise PermissionDenied(_("Bạn không có quyền quản trị đơn vị này."))
    return unit


def get_membership_for_user(user, pk: int, *, write: bool = False) -> Membership:
    """A membership is visible with its unit; changing it needs management rights over the unit and the role."""
    membership = Membership.objects.select_related("unit", "user").filter(pk=pk).first()
    if membership is None or not (can_view_unit(user, membership.unit) or membership.user_id == user.pk):
        raise Http404(_("Không tìm thấy phân quyền."))
    if write:
        if not can_manage_unit(user, membership.unit):
            raise PermissionDenied(_("Bạn không có quyền quản trị đơn vị này."))
        if Role(membership.role) not in grantable_roles(user, membership.unit):
            raise PermissionDenied(_("Bạn không thể thay đổi vai trò cao hơn vai trò của mình."))
    return membership


def visible_units(user: AnyUser) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(scope_for(user).view.q())


def units_with_data_access(user: AnyUser) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(scope_for(user).data.q())


def manageable_units(user: AnyUser) -> QuerySet[OrgUnit]:
    scope = scope_for(user)
    if scope.manage.empty:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(scope.manage.q())


def filter_by_unit_scope(
    queryset: QuerySet[M], user: AnyUser, *, unit_field: str = "unit", kind: str = "view"
) -> QuerySet[M]:
    """Restrict any queryset of records that belong to a unit to the user's view (or data) scope."""
    reach: Reach = getattr(scope_for(user), kind)
    return queryset.filter(reach.q(prefix=f"{unit_field}__"))
