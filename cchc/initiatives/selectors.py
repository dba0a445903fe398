"""Reads of initiatives, always through the org scope (``cchc/orgs/scope.py``).

Who sees an initiative: whoever's view scope holds its unit; every council member of a council that reviews it;
and, once recognised, every signed-in person (so other units can adopt it). Who changes it: whoever's data scope
holds its unit (its proposal), the coordinators managing it (completeness, review), the members of the reviewing
council (scores) — each checked again by the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.core.text import fold
from cchc.documents.format import format_number_only
from cchc.orgs.models import OrgUnit, Role
from cchc.orgs.scope import conflict_of_interest_reason, scope_for

from . import rules

if TYPE_CHECKING:
    from cchc.orgs.scope import AnyUser
    from cchc.parindex.models import Assessment

from .models import BonusProposal, Contest, Council, CouncilMember, Criterion, Initiative, Review, Score


def _member_council_ids(user: AnyUser) -> list[int]:
    if user is None or not user.is_authenticated:
        return []
    return list(CouncilMember.objects.filter(user_id=user.pk).values_list("council_id", flat=True))


def initiatives_visible_to(user: AnyUser) -> QuerySet[Initiative]:
    if user is None or not user.is_authenticated:
        return Initiative.objects.none()
    scope = scope_for(user)
    q = scope.view.q("unit__") | Q(state=Initiative.State.RECOGNISED) | Q(scope__in=rules.SCOPES[:3])
    councils = _member_council_ids(user)
    if councils:
        q |= Q(reviews__council_id__in=councils)
    q &= ~Q(state=Initiative.State.DRAFT) | scope.view.q("unit__")
    return Initiative.objects.filter(pk__in=Initiative.objects.filter(q).values("pk")).select_related("unit")


def can_edit_proposal(user: User, initiative: Initiative) -> bool:
    """The unit's own people (data scope) edit, submit and withdraw its proposal."""
    return scope_for(user).data.contains(initiative.unit)


def can_receive(user: User, initiative: Initiative) -> bool:
    """Coordinators managing the unit check completeness, return for supplement and send it to a council."""
    scope = scope_for(user)
    return scope.is_admin or scope.manage.contains(initiative.unit)


def can_manage_council(user: User, council: Council) -> bool:
    """The office that formed a council (its managers) runs its reviews and issues its decisions."""
    scope = scope_for(user)
    return scope.is_admin or scope.manage.contains(council.owner)


def bonus_units_q(user: User) -> Q:
    """Units whose PAR-index bonus proposals ``user`` sees: appraisers over what they read, coordinators over what
    they manage, and the members of an appraisal council over the units of their rounds."""
    from cchc.parindex.models import Assessment

    scope = scope_for(user)
    if scope.is_admin:
        return Q()
    councils = Assessment.objects.filter(round__council=user).values("unit_id")
    return scope.units_with(Role.APPRAISER, over="view").q() | scope.manage.q() | Q(pk__in=councils)


@dataclass(frozen=True)
class BonusBlocker:
    """Why someone may not decide a proposed bonus: a stable code, the Vietnamese msgid and its parameters."""

    code: str
    message: Any
    params: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.message) % self.params


def bonus_assessment(proposal: BonusProposal) -> Assessment | None:
    """The PAR-index assessment the bonus enters: the unit's assessment in the latest round whose evidence window
    closes in the proposal's year."""
    from cchc.parindex.models import Assessment

    return (
        Assessment.objects.filter(unit_id=proposal.unit_id, round__evidence_to__year=proposal.year)
        .select_related("round", "unit")
        .order_by("-round__evidence_to", "-pk")
        .first()
    )


def bonus_deciders(assessment: Assessment) -> list[User]:
    """Who decides bonuses in the assessment's round: its council's chair and secretary (a council of one with
    neither named: its member) — the PAR-index rule (:func:`cchc.parindex.council.may_agree`)."""
    from cchc.parindex.council import agrees_alone

    rnd = assessment.round
    if rnd.chair_id or rnd.secretary_id:
        return [u for u in (rnd.chair, rnd.secretary) if u is not None]
    return list(rnd.council.all()) if agrees_alone(rnd) else []


def bonus_blocker(user: User, proposal: BonusProposal, assessment: Assessment | None) -> BonusBlocker | None:
    """None when ``user`` may accept or reject ``proposal`` now; else why not, naming who may and when."""
    from cchc.parindex.council import may_agree
    from cchc.parindex.models import Round

    if proposal.state != proposal.State.PROPOSED:
        return BonusBlocker("already_decided", gettext_lazy("Đề xuất điểm thưởng đã được xử lý."), {})
    if assessment is None:
        return BonusBlocker(
            "no_assessment",
            gettext_lazy(
                "Đơn vị chưa có bản đánh giá Chỉ số CCHC năm %(year)s; Chủ tịch hoặc Thư ký Hội đồng thẩm định của "
                "đợt đánh giá đó sẽ quyết định điểm thưởng."
            ),
            {"year": proposal.year},
        )
    rnd = assessment.round
    names = ", ".join(u.display_name for u in bonus_deciders(assessment)) or gettext("chưa cử")
    if not may_agree(user, rnd):
        return BonusBlocker(
            "not_council",
            gettext_lazy(
                "Chỉ Chủ tịch hoặc Thư ký Hội đồng thẩm định của đợt “%(round)s” (%(names)s) chấp nhận hoặc không "
                "chấp nhận điểm thưởng này, trong giai đoạn thẩm định."
            ),
            {"round": rnd.name, "names": names},
        )
    reason = conflict_of_interest_reason(user, proposal.unit, author_id=assessment.submitted_by_id)
    if reason:
        return BonusBlocker("conflict_of_interest", "%(reason)s", {"reason": reason})
    if rnd.phase not in (Round.Phase.ROUND1, Round.Phase.ROUND2, Round.Phase.CORRECTING):
        return BonusBlocker(
            "wrong_phase",
            gettext_lazy(
                "Đợt “%(round)s” đang ở giai đoạn “%(phase)s”; Hội đồng thẩm định quyết định điểm thưởng khi thẩm "
                "định lần 1, lần 2 hoặc đính chính."
            ),
            {"round": rnd.name, "phase": Round.Phase(rnd.phase).label},
        )
    return None


def can_decide_bonus(user: User, proposal: BonusProposal) -> bool:
    return bonus_blocker(user, proposal, bonus_assessment(proposal)) is None


def get_initiative_for_user(user: User, pk: int, *, write: bool = False) -> Initiative:
    initiative = initiatives_visible_to(user).filter(pk=pk).first()
    if initiative is None:
        raise Http404(_("Không tìm thấy sáng kiến."))
    if write and not can_edit_proposal(user, initiative):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ sáng kiến của đơn vị này."))
    return initiative


def councils_visible_to(user: AnyUser) -> QuerySet[Council]:
    if user is None or not user.is_authenticated:
        return Council.objects.none()
    scope = scope_for(user)
    q = scope.view.q("owner__") | Q(pk__in=_member_council_ids(user))
    return Council.objects.filter(q).select_related("owner").distinct()


def get_council_for_user(user: User, pk: int, *, manage: bool = False) -> Council:
    council = councils_visible_to(user).filter(pk=pk).first()
    if council is None:
        raise Http404(_("Không tìm thấy hội đồng."))
    if manage and not can_manage_council(user, council):
        raise PermissionDenied(_("Bạn không quản lý hội đồng này."))
    return council


def council_candidates(owner: OrgUnit, usernames: list[str]) -> dict[str, User]:
    """The accounts among ``usernames`` that may sit on a council organised by ``owner``: active accounts holding
    a membership valid today (any role) in ``owner`` or a unit under it. Keyed by lower-cased username."""
    from cchc.orgs.scope import members_with

    if not usernames:
        return {}
    within = OrgUnit.objects.filter(path__startswith=owner.path)
    held = members_with(*Role, units=within).values("user_id")
    wanted = Q()
    for name in usernames:
        wanted |= Q(username__iexact=name)
    users = User.objects.filter(wanted, is_active=True, pk__in=held)
    return {u.username.lower(): u for u in users}


def may_sit_on(user: User, owner: OrgUnit) -> bool:
    return bool(council_candidates(owner, [user.username]))


def councils_for_review(user: User, initiative: Initiative, scope: str) -> QuerySet[Council]:
    """Councils of ``scope`` the user runs (for sending an initiative to), newest year first."""
    sc = scope_for(user)
    qs = Council.objects.filter(scope=scope, contests__isnull=True).select_related("owner")
    if not sc.is_admin:
        qs = qs.filter(sc.manage.q("owner__"))
    return qs.order_by("-year", "name")


def get_review_for_user(user: User, pk: int) -> Review:
    review = Review.objects.select_related("initiative__unit", "council__owner").filter(pk=pk).first()
    if review is None or not initiatives_visible_to(user).filter(pk=review.initiative_id).exists():
        raise Http404(_("Không tìm thấy lần xét."))
    return review


def membership(user: User, council: Council) -> CouncilMember | None:
    return CouncilMember.objects.filter(council=council, user_id=user.pk).first()


def search(
    qs: QuerySet[Initiative], *, text: str = "", year: int | None = None, state: str = ""
) -> QuerySet[Initiative]:
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    for word in fold(text).split():
        qs = qs.filter(Q(title__unaccent__icontains=word) | Q(unit__name__unaccent__icontains=word))
    return qs.order_by("-year", "-pk")


def review_scores(review: Review) -> dict[int, dict[str, Decimal]]:
    """``{member user id: {criterion code: points}}`` of a review."""
    out: dict[int, dict[str, Decimal]] = {}
    for s in Score.objects.filter(review=review).select_related("criterion"):
        out.setdefault(s.member_id, {})[s.criterion.code] = s.points
    return out


def review_council_score(review: Review) -> Decimal | None:
    codes = list(Criterion.objects.filter(council_id=review.council_id).values_list("code", flat=True))
    return rules.council_score(review_scores(review), codes)


def contests_visible_to(user: AnyUser) -> QuerySet[Contest]:
    """A contest is seen by those it calls on (whoever works in a unit under its organiser, or the organiser
    itself) and by whoever's view scope holds the organiser."""
    if user is None or not user.is_authenticated:
        return Contest.objects.none()
    scope = scope_for(user)
    qs = Contest.objects.select_related("owner", "jury")
    if scope.is_admin:
        return qs
    above: set[int] = set()
    for m in scope.memberships:
        above.update(m.unit.ancestor_ids)
        above.add(m.unit_id)
    return qs.filter(
        scope.view.q("owner__") | Q(owner_id__in=above) | Q(jury__members__user_id=user.pk)
    ).distinct()


def initiatives_report(year: int, under: OrgUnit | None = None) -> list[dict[str, Any]]:
    """The records of ``manage.py initiatives --json`` (contract ``initiatives.md``), drafts left out."""
    qs = (
        Initiative.objects.filter(year=year, kind=Initiative.Kind.INITIATIVE)
        .exclude(state=Initiative.State.DRAFT)
        .select_related("unit")
        .prefetch_related("authors", "adoptions__unit", "reviews__decision", "bonus_proposals__review")
        .order_by("pk")
    )
    if under is not None:
        qs = qs.filter(unit__path__startswith=under.path)
    out = []
    for i in qs:
        decided = [r for r in i.reviews.all() if r.outcome == Review.Outcome.RECOGNISED]
        last = max(decided, key=lambda r: rules.SCOPES.index(r.scope), default=None)
        latest = max(i.reviews.all(), key=lambda r: r.pk, default=None)
        bonus = max(i.bonus_proposals.all(), key=lambda b: b.pk, default=None)
        out.append(
            {
                "id": i.pk,
                "title": i.title,
                "unit": i.unit.code,
                "authors": [{"name": a.name, "share": a.share} for a in i.authors.all()],
                "field": i.field,
                "state": i.state,
                "scope": i.scope or None,
                "decision": decision_label(last.decision) if last and last.decision else None,
                "decided_on": last.decided_on.isoformat() if last and last.decided_on else None,
                "council_score": float(latest.score) if latest and latest.score is not None else None,
                "adoptions": [
                    {"unit": a.unit.code, "since": a.since.isoformat()}
                    for a in sorted(i.adoptions.all(), key=lambda a: (a.since, a.pk))
                ],
                "par_bonus": (
                    {"framework": bonus.framework, "points": float(bonus.points), "state": bonus.state}
                    if bonus
                    else None
                ),
            }
        )
    return out


def decision_label(doc: Any) -> str:
    """ "123/QĐ-CAHP": the number and symbol of a document from the register."""
    return f"{format_number_only(doc.number)}/{doc.symbol}"


def adoptions_count(initiative: Initiative, on: date | None = None) -> int:
    qs = initiative.adoptions.all()
    if on is not None:
        qs = qs.filter(since__lte=on)
    return qs.count()
