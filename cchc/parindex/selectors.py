"""Reads and access rules of the PAR index module, always through the org scope.

- Coordinators (and administrators) manage the rounds whose organising unit lies in their managed subtree.
- Council members (users named on a round's council) see and appraise every assessment of that round.
- Leaders read the rounds organised inside the subtree they can view.
- A unit's people see their own unit's assessment only (staff and heads enter data; the head approves).
- Published rankings are shown to everyone who may see one of the round's assessments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.audit.models import AuditEvent
from cchc.orgs.models import Role
from cchc.orgs.scope import conflict_of_interest_reason, may_approve_for_unit, scope_for

from . import assignments, council
from .models import (
    Adjustment,
    Assessment,
    CriterionAssignment,
    Evidence,
    Framework,
    ResultVersion,
    Round,
    Score,
)
from .result_tables import Published


def managed_rounds_q(user: User) -> Q:
    scope = scope_for(user)
    if scope.is_admin:
        return Q()
    if scope.manage.empty:
        return Q(pk__in=[])
    return scope.manage.q("owner_unit__")


def rounds_for_user(user: User) -> QuerySet[Round]:
    """Rounds the user may open: managed, on the council, organised in a viewed subtree, or assessing their unit."""
    scope = scope_for(user)
    qs = Round.objects.select_related("framework", "owner_unit")
    if scope.is_admin:
        return qs
    q = managed_rounds_q(user) | Q(council=user) | Q(chair=user) | Q(secretary=user)
    leading = scope.units_with(Role.LEADER, over="subtree")
    if not leading.empty:
        q |= leading.q("owner_unit__")
    if not scope.data.empty or not scope.view.empty:
        own = Assessment.objects.filter(scope.data.q("unit__") | _own_view_q(user))
        q |= Q(pk__in=own.values("round_id"))
    if not scope.data.empty:  # departments scoring criteria handed to them
        handed = CriterionAssignment.objects.filter(scope.data.q("unit__"))
        q |= Q(pk__in=handed.values("assessment__round_id"))
    return qs.filter(q).distinct()


def _own_view_q(user: User) -> Q:
    """Units the user belongs to (their own unit's assessment), whatever their view reach."""
    return scope_for(user).units_with(Role.STAFF, Role.HEAD).q("unit__")


@dataclass(frozen=True)
class RoundAccess:
    manage: bool
    council: bool
    leader: bool
    unit_member: bool

    @property
    def sees_all(self) -> bool:
        return self.manage or self.council or self.leader


def round_access(user: User, rnd: Round) -> RoundAccess:
    scope = scope_for(user)
    manage = scope.is_admin or scope.manage.contains(rnd.owner_unit)
    council = rnd.council.filter(pk=user.pk).exists() or user.pk in (rnd.chair_id, rnd.secretary_id)
    leader = scope.units_with(Role.LEADER, over="subtree").contains(rnd.owner_unit) or scope.is_head_of(
        rnd.owner_unit
    )
    unit_member = rnd.assessments.filter(scope.data.q("unit__") | _own_view_q(user)).exists() or (
        not scope.data.empty
        and CriterionAssignment.objects.filter(assessment__round=rnd).filter(scope.data.q("unit__")).exists()
    )
    return RoundAccess(manage, council, leader, unit_member)


def get_round_for_user(user: User, pk: int, *, manage: bool = False) -> tuple[Round, RoundAccess]:
    rnd = Round.objects.select_related("framework", "owner_unit").filter(pk=pk).first()
    if rnd is None:
        raise Http404(_("Không tìm thấy đợt đánh giá."))
    access = round_access(user, rnd)
    if not (access.sees_all or access.unit_member):
        raise Http404(_("Không tìm thấy đợt đánh giá."))
    if manage and not access.manage:
        raise PermissionDenied(_("Bạn không có quyền quản lý đợt đánh giá này."))
    return rnd, access


@dataclass(frozen=True)
class Caps:
    """What the user may do on one assessment now (phase and role)."""

    view: bool
    self_edit: bool
    submit: bool
    approve: bool
    appraise: int  # 0, 1 or 2: the appraisal round the user may score now (their own member scores)
    explain: bool
    manage: bool
    council: bool
    # Why the user, though on the council, may not appraise this unit (conflict of interest); "" when they may.
    conflict: str = ""
    # 0, 1 or 2: the round whose agreed scores, bonus and penalty the user sets (chair, secretary)
    agree: int = 0
    alone: bool = False  # a council of one: the member's score is the agreed score (one grid)
    reopen: bool = False  # the coordinator may reopen the self-assessment after the deadline
    assigned: frozenset[str] = frozenset()  # criteria handed to the user's units that they may self-score now
    handed: bool = False  # the user's units hold criteria of this assessment (they see it)


def assessment_caps(user: User, assessment: Assessment, access: RoundAccess | None = None) -> Caps:
    rnd = assessment.round
    access = access or round_access(user, rnd)
    scope = scope_for(user)
    own_data = scope.data.contains(assessment.unit)
    is_head = scope.is_admin or scope.is_head_of(assessment.unit)
    own = own_data or is_head or scope.holds_membership_in(assessment.unit)
    # Heads read the assessments of the units under them; an appraiser reads only the rounds they sit on.
    above = scope.units_with(Role.HEAD, Role.LEADER, over="subtree").contains(assessment.unit)
    handed = assignments.has_assignment(user, assessment)
    view = access.sees_all or own or above or handed
    phase = rnd.phase
    P = Round.Phase
    draft = assessment.status == Assessment.Status.DRAFT
    unit_writer = own_data or is_head
    appraise = agree = 0
    conflict = ""
    n = 1 if phase == P.ROUND1 else 2 if phase in (P.ROUND2, P.CORRECTING) else 0
    officer = council.may_agree(user, rnd)
    if access.council or officer:
        # Nobody appraises a unit they belong to, nor the self-assessment they submitted.
        conflict = conflict_of_interest_reason(user, assessment.unit, author_id=assessment.submitted_by_id)
        if not conflict:
            appraise = n if council.is_member(user, rnd) else 0
            agree = n if officer else 0
    # The head approves (or, while the unit has no head account, a coordinator managing it) — never its author.
    approve = (
        phase == P.SELF
        and assessment.status == Assessment.Status.AWAITING_HEAD
        and may_approve_for_unit(user, assessment.unit)
        and not conflict_of_interest_reason(
            user, assessment.unit, author_id=assessment.submitted_by_id, outgoing=True
        )
    )
    return Caps(
        view=view,
        self_edit=unit_writer and phase == P.SELF and draft,
        submit=unit_writer and phase == P.SELF and draft,
        approve=approve,
        appraise=appraise,
        explain=unit_writer and phase == P.EXPLANATION and assessment.status != Assessment.Status.EXPLAINED,
        manage=access.manage,
        council=access.council,
        conflict=conflict,
        agree=agree,
        alone=council.agrees_alone(rnd),
        reopen=access.manage and phase == P.SELF and assessment.status == Assessment.Status.DRAFT,
        assigned=frozenset(assignments.assigned_codes(user, assessment))
        if handed and phase == P.SELF and draft
        else frozenset(),
        handed=handed,
    )


def get_assessment_for_user(user: User, pk: int, *, write: bool = False) -> tuple[Assessment, Caps]:
    """404 when the user may not see the assessment; 403 when ``write`` is asked and nothing is writable."""
    assessment = (
        Assessment.objects.select_related("round__framework", "round__owner_unit", "unit")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404(_("Không tìm thấy bản đánh giá."))
    caps = assessment_caps(user, assessment)
    if not caps.view:
        raise Http404(_("Không tìm thấy bản đánh giá."))
    if write and not (
        caps.self_edit
        or caps.appraise
        or caps.agree
        or caps.explain
        or caps.approve
        or caps.manage
        or caps.assigned
    ):
        raise PermissionDenied(_("Bạn không có quyền thay đổi bản đánh giá này."))
    return assessment, caps


def _own_assessments_q(user: User) -> Q:
    """Assessments a user who does not see the whole round sees: their data scope, their own units, and (heads,
    leaders) the units under them."""
    scope = scope_for(user)
    q = scope.data.q("unit__") | _own_view_q(user)
    if not scope.data.empty:
        q |= Q(pk__in=CriterionAssignment.objects.filter(scope.data.q("unit__")).values("assessment_id"))
    above = scope.units_with(Role.HEAD, Role.LEADER, over="subtree")
    if not above.empty:
        q |= above.q("unit__")
    return q


def visible_assessments(user: User, rnd: Round, access: RoundAccess) -> QuerySet[Assessment]:
    qs = rnd.assessments.select_related("unit")
    if access.sees_all:
        return qs
    return qs.filter(_own_assessments_q(user))


def scorecard_links(user: User, rnd: Round, access: RoundAccess) -> tuple[dict[str, int], set[str]]:
    """(unit code → assessment id of every unit of the round, the codes of the user's own units) — the ranking
    links a row to its scorecard when the user sees the whole round or the unit is theirs."""
    ids = dict(rnd.assessments.values_list("unit__code", "pk"))
    own = (
        set()
        if access.sees_all
        else set(visible_assessments(user, rnd, access).values_list("unit__code", flat=True))
    )
    return ids, own


def published_results(user: User, rounds: Iterable[Round]) -> list[Published]:
    """The latest published result of each round (rounds without one are left out), with the rows the user may
    see: every unit's for whoever sees the whole round (managers, council, leaders), else their own units'.
    Three queries whatever the number of rounds; ``rounds`` are ones the user may open (``rounds_for_user``)."""
    rounds = list(rounds)
    ids = [r.pk for r in rounds]
    scope = scope_for(user)
    council = set(
        Round.council.through.objects.filter(user_id=user.pk, round_id__in=ids).values_list(
            "round_id", flat=True
        )
    )
    leading = scope.units_with(Role.LEADER, over="subtree")

    def sees_all(rnd: Round) -> bool:
        return (
            scope.is_admin
            or scope.manage.contains(rnd.owner_unit)
            or rnd.pk in council
            or leading.contains(rnd.owner_unit)
        )

    latest = {
        v.round_id: v
        for v in ResultVersion.objects.filter(round_id__in=ids)
        .defer("input_document")
        .order_by("round_id", "-number")
        .distinct("round_id")
    }
    limited = [r.pk for r in rounds if r.pk in latest and not sees_all(r)]
    visible: dict[int, set[str]] = {pk: set() for pk in limited}
    if limited:
        rows = Assessment.objects.filter(round_id__in=limited).filter(_own_assessments_q(user))
        for round_id, code in rows.values_list("round_id", "unit__code"):
            visible[round_id].add(code)
    out = []
    for rnd in rounds:
        version = latest.get(rnd.pk)
        if version is None:
            continue
        units = version.document["units"]
        if rnd.pk in visible:
            units = [u for u in units if u["code"] in visible[rnd.pk]]
        out.append(Published(rnd.framework.year, units))
    return out


def frameworks_for_user(user: User) -> QuerySet[Framework]:
    return Framework.objects.all()


def can_manage_frameworks(user: User) -> bool:
    scope = scope_for(user)
    return scope.is_admin or not scope.manage.empty


def history_for_assessment(assessment: Assessment, limit: int = 100) -> list[AuditEvent]:
    """Every audited change to the assessment, its scores, evidence and bonus/penalty entries."""
    pk = assessment.pk
    tables = [Score._meta.db_table, Evidence._meta.db_table, Adjustment._meta.db_table]
    q = Q(table_name=Assessment._meta.db_table, object_pk=str(pk))
    for table in tables:
        q |= Q(table_name=table, new__assessment_id=pk) | Q(table_name=table, old__assessment_id=pk)
    return list(AuditEvent.objects.filter(q).select_related("actor").order_by("-at")[:limit])
