"""The appraisal council (Hội đồng thẩm định): each member's own scores, the agreed score, the meeting minutes.

Every council member scores each leaf for themselves (:class:`MemberScore`, one row per member: nobody's score
overwrites another's). The chair or the secretary then sets the agreed score (``Score.round1`` / ``round2``, through
:func:`cchc.parindex.services.appraisal_save`) seeing every member's score. A council of one with no chair or
secretary named agrees with itself: that member's score is the agreed one. Nobody scores a unit they belong to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.documents.services import document_number_reserve
from cchc.orgs.scope import check_no_conflict_of_interest, scope_for

from .models import Assessment, CouncilMinutes, MemberScore, Round, Score

P = Round.Phase
APPRAISAL_PHASES: dict[int, tuple[str, ...]] = {1: (P.ROUND1,), 2: (P.ROUND2, P.CORRECTING)}
# When the minutes of appraisal round 1 / 2 may be drawn up (the round's meeting has taken place or is taking place).
MINUTES_PHASES: dict[int, tuple[str, ...]] = {
    1: (P.ROUND1, P.EXPLANATION, P.ROUND2, P.APPROVAL, P.PUBLISHED, P.CORRECTING),
    2: (P.ROUND2, P.APPROVAL, P.PUBLISHED, P.CORRECTING),
}


def is_member(user: User, rnd: Round) -> bool:
    return rnd.council.filter(pk=user.pk).exists()


def agrees_alone(rnd: Round) -> bool:
    """A council of one with no chair or secretary named: its member's score is the agreed score."""
    return not (rnd.chair_id or rnd.secretary_id) and rnd.council.count() == 1


def may_agree(user: User, rnd: Round) -> bool:
    """Who sets the agreed scores, bonus and penalty: the chair or the secretary; a council of one, its member."""
    if rnd.chair_id or rnd.secretary_id:
        return user.pk in (rnd.chair_id, rnd.secretary_id)
    return agrees_alone(rnd) and is_member(user, rnd)


def check_member(assessment: Assessment, actor: User) -> None:
    """A member of the round's council who does not belong to the assessed unit nor submitted its self-assessment."""
    if not is_member(actor, assessment.round):
        raise PermissionDenied(_("Chỉ thành viên Hội đồng thẩm định của đợt này được chấm điểm."))
    check_no_conflict_of_interest(actor, assessment.unit, author_id=assessment.submitted_by_id)


def check_agree(assessment: Assessment, actor: User) -> None:
    """The chair or the secretary (or a council of one), outside the assessed unit."""
    if not may_agree(actor, assessment.round):
        raise PermissionDenied(
            _("Chỉ Chủ tịch hoặc Thư ký Hội đồng thẩm định thống nhất điểm, điểm thưởng và điểm phạt.")
        )
    check_no_conflict_of_interest(actor, assessment.unit, author_id=assessment.submitted_by_id)


def _round_phase(assessment: Assessment, round_no: int) -> None:
    phases = APPRAISAL_PHASES.get(round_no)
    if phases is None:
        raise DomainError("bad_round_no", gettext_lazy("Lần thẩm định không hợp lệ."))
    from .services import round_phase_now

    phase = round_phase_now(assessment)
    if phase not in phases:
        raise DomainError(
            "wrong_phase",
            gettext_lazy("Đợt đánh giá đang ở giai đoạn “%(p)s”; thao tác này không thực hiện được."),
            p=Round.Phase(phase).label,
        )


@transaction.atomic
def member_score_save(
    *, assessment: Assessment, actor: User, round_no: int, entries: Mapping[str, Mapping[str, Any]]
) -> int:
    """The actor's own scores ``{code: {"score", "comment"}}``; every bad cell is reported, then nothing saved."""
    from .services import _lock_assessment, parse_points

    _lock_assessment(assessment)  # a double click saves once (no IntegrityError on the member's rows)
    check_member(assessment, actor)
    _round_phase(assessment, round_no)
    scores = {s.criterion.code: s for s in assessment.scores.select_related("criterion")}
    mine = {
        m.score_id: m
        for m in MemberScore.objects.filter(score__assessment=assessment, member=actor, round_no=round_no)
    }
    label = _("điểm thẩm định lần %(n)s") % {"n": round_no}
    errors: list[str] = []
    changed = 0
    for code, entry in entries.items():
        score = scores.get(code)
        if score is None:
            errors.append(_("Không có tiêu chí %(c)s.") % {"c": code})
            continue
        try:
            value = parse_points(entry.get("score"), score.criterion, label)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        comment = str(entry.get("comment") or "").strip()
        row = mine.get(score.pk)
        if row is None:
            if value is None and not comment:
                continue
            row = MemberScore(score=score, member=actor, round_no=round_no)
        elif (row.points, row.comment) == (value, comment):
            continue
        row.points, row.comment = value, comment
        row.save()
        changed += 1
    if errors:
        raise ValidationError(errors)
    return changed


@dataclass(frozen=True)
class MemberColumn:
    member: User
    scores: dict[int, MemberScore]  # score id → the member's row

    def total(self) -> Decimal:
        return sum((m.points for m in self.scores.values() if m.points is not None), Decimal(0))


def member_columns(assessment: Assessment, round_no: int) -> list[MemberColumn]:
    """One column per council member (chair first), with their scores of this unit for the round."""
    rnd = assessment.round
    rows: dict[int, dict[int, MemberScore]] = {}
    for m in MemberScore.objects.filter(score__assessment=assessment, round_no=round_no):
        rows.setdefault(m.member_id, {})[m.score_id] = m
    members = sorted(rnd.council.all(), key=lambda u: (u.pk != rnd.chair_id, u.display_name))
    return [MemberColumn(u, rows.get(u.pk, {})) for u in members]


def unscored_by(assessment: Assessment, round_no: int) -> list[str]:
    """Names of the council members (outside the unit) who have not scored every applicable leaf yet."""
    leaves = assessment.scores.count()
    out = []
    for col in member_columns(assessment, round_no):
        if scope_for(col.member).holds_membership_in(assessment.unit):
            continue
        if sum(1 for m in col.scores.values() if m.points is not None) < leaves:
            out.append(col.member.display_name)
    return out


@transaction.atomic
def take_self_scores(
    *, assessment: Assessment, actor: User, round_no: int, codes: list[str] | None = None
) -> int:
    """ "Lấy điểm tự chấm": the agreed score of each criterion named (or of every criterion not scored yet) becomes
    the unit's self score (for survey-measured criteria, the computed points)."""
    from .services import appraisal_save

    field = f"round{round_no}"
    entries: dict[str, dict[str, Any]] = {}
    for s in assessment.scores.select_related("criterion"):
        code = s.criterion.code
        if codes is not None and code not in codes:
            continue
        if codes is None and getattr(s, field) is not None:
            continue
        value = s.computed_points if s.criterion.survey_measured else s.self_score
        if value is None:
            continue
        entries[code] = {"score": str(value), "comment": getattr(s, f"{field}_comment")}
    if not entries:
        return 0
    return appraisal_save(assessment=assessment, actor=actor, round_no=round_no, entries=entries)


# ------------------------------------------------------------------------------------------------ minutes


@transaction.atomic
def minutes_create(
    *, rnd: Round, actor: User, round_no: int, meeting_place: str = "", conclusion: str = "",
    on_date: date | None = None,
) -> CouncilMinutes:  # fmt: skip
    """Number the minutes of appraisal round ``round_no`` in the register (once; later calls update the text)."""
    from django.utils import timezone

    from .services import _lock_round

    _lock_round(rnd)  # two at once: the second finds the first's minutes (one number, no IntegrityError)
    scope = scope_for(actor)
    if not (may_agree(actor, rnd) or scope.is_admin or scope.manage.contains(rnd.owner_unit)):
        raise PermissionDenied(_("Chỉ Chủ tịch, Thư ký Hội đồng hoặc cán bộ đầu mối lập biên bản."))
    if rnd.phase not in MINUTES_PHASES.get(round_no, ()):
        raise DomainError(
            "minutes_too_early",
            gettext_lazy("Chưa đến giai đoạn lập biên bản thẩm định lần %(n)s."),
            n=round_no,
        )
    existing = CouncilMinutes.objects.select_for_update().filter(round=rnd, round_no=round_no).first()
    if existing is not None:
        existing.meeting_place = meeting_place.strip()[:300]
        existing.conclusion = conclusion.strip()
        existing.save(update_fields=["meeting_place", "conclusion"])
        return existing
    owner = rnd.owner_unit
    issued = document_number_reserve(
        issuer=owner,
        doc_type_code="BB",
        symbol=f"HĐTĐ-{owner.short_code or owner.code}",
        summary=f"Họp Hội đồng thẩm định Chỉ số CCHC năm {rnd.framework.year} (lần {round_no})",
        on_date=on_date or timezone.localdate(),
        user=actor,
    )
    return CouncilMinutes.objects.create(
        round=rnd,
        round_no=round_no,
        document=issued,
        meeting_place=meeting_place.strip()[:300],
        conclusion=conclusion.strip(),
        created_by=actor,
    )


def agreed_pairs(rnd: Round, round_no: int) -> list[tuple[Assessment, Decimal | None, Decimal]]:
    """Per unit: (assessment, the agreed total of the round or None while a leaf is missing, the self total)."""
    field = f"round{round_no}"
    out = []
    for a in rnd.assessments.select_related("unit").order_by("unit__path"):
        scores = list(Score.objects.filter(assessment=a))
        agreed: list[Decimal] = []
        for s in scores:
            value = getattr(s, field)
            if value is None and round_no == 2:
                value = s.round1
            if value is not None:
                agreed.append(value)
        complete = len(agreed) == len(scores)
        self_total = sum((s.self_score or Decimal(0) for s in scores), Decimal(0))
        out.append((a, sum(agreed, Decimal(0)) if complete else None, self_total))
    return out
