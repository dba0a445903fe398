"""Writes of initiatives: each takes the actor and checks the workflow right through the org scope.

The life of an initiative (contract ``initiatives.md``)::

    draft → submitted → (returned → submitted)* → in_review → recognised | not_recognised
    recognised (scope S) → in_review at the next scope → recognised (higher scope) | recognised (scope S kept)
    draft / submitted / returned → withdrawn
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.core.locks import lock_fresh
from cchc.core.types import UNCHANGED, Unchanged
from cchc.core.versioning import claim
from cchc.documents.models import IssuedDocument
from cchc.documents.services import document_number_reserve
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import conflict_of_interest_reason, scope_for

from . import rules, selectors
from .models import (
    Adoption,
    Attachment,
    Author,
    BonusProposal,
    Contest,
    Council,
    CouncilMember,
    Criterion,
    Initiative,
    Review,
    Score,
)

S = Initiative.State
EDITABLE = (S.DRAFT, S.RETURNED)
# What a proposal must hold before it is sent (completeness, NĐ 13/2012 Điều 3–5 as restated by local rules).
REQUIRED = {
    "title": gettext_lazy("tên sáng kiến"),
    "situation_before": gettext_lazy("tình trạng trước khi có sáng kiến"),
    "solution": gettext_lazy("nội dung giải pháp"),
    "novelty": gettext_lazy("tính mới"),
    "effect_after": gettext_lazy("hiệu quả sau khi áp dụng"),
}
TEXT_FIELDS = ("title", "situation_before", "solution", "novelty", "effect_before", "effect_after")


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def _require_state(initiative: Initiative, *states: str) -> None:
    if initiative.state not in states:
        raise DomainError(
            "wrong_state",
            gettext_lazy("Sáng kiến đang ở trạng thái “%(state)s”; thao tác này không thực hiện được."),
            state=initiative.get_state_display(),
        )


def _check_editor(actor: User, initiative: Initiative) -> None:
    if not selectors.can_edit_proposal(actor, initiative):
        raise _deny(_("Bạn không có quyền sửa hồ sơ sáng kiến của đơn vị này."))


def _check_receiver(actor: User, initiative: Initiative) -> None:
    if not selectors.can_receive(actor, initiative):
        raise _deny(_("Chỉ cán bộ đầu mối quản lý đơn vị mới tiếp nhận, trả lại hoặc trình hội đồng."))


# ---------------------------------------------------------------------------------------------- proposals


def _authors(rows: Iterable[Mapping[str, Any]]) -> list[rules.AuthorShare]:
    out = []
    for row in rows:
        try:
            share = int(str(row.get("share", "")).strip().rstrip("%").strip())
        except ValueError:
            raise DomainError(
                "share_not_number",
                gettext_lazy("Tỷ lệ đóng góp của %(name)s không phải là số."),
                name=str(row.get("name", "")),
            ) from None
        out.append(rules.AuthorShare(name=" ".join(str(row.get("name", "")).split()), share=share))
    return out


def _save_authors(initiative: Initiative, rows: Sequence[Mapping[str, Any]]) -> None:
    shares = _authors(rows)
    rules.check_shares(shares)
    initiative.authors.all().delete()
    Author.objects.bulk_create(
        Author(
            initiative=initiative,
            name=a.name,
            share=a.share,
            position=str(row.get("position", "") or "")[:255],
            user=row.get("user"),
            order=i,
        )
        for i, (a, row) in enumerate(zip(shares, rows, strict=True))
    )


@transaction.atomic
def initiative_create(
    *,
    actor: User,
    unit: OrgUnit,
    title: str,
    authors: Sequence[Mapping[str, Any]],
    year: int | None = None,
    field: str = Initiative._meta.get_field("field").default,
    solution_kind: str = Initiative._meta.get_field("solution_kind").default,
    situation_before: str = "",
    solution: str = "",
    novelty: str = "",
    first_applied_on: date | None = None,
    effect_before: str = "",
    effect_after: str = "",
    requested_scope: str = "unit",
    contest: Contest | None = None,
) -> Initiative:
    """A draft proposal of ``unit`` (or an entry of ``contest``), with its authors and their shares."""
    if not scope_for(actor).data.contains(unit):
        raise _deny(_("Bạn không có quyền lập hồ sơ sáng kiến cho đơn vị này."))
    if not title.strip():
        raise DomainError("title_missing", gettext_lazy("Nhập tên sáng kiến."), field="title")
    if contest is not None and contest.state != Contest.State.OPEN:
        raise DomainError("contest_closed", gettext_lazy("Cuộc thi đã hết hạn nhận bài."))
    _check_applied_on(first_applied_on)
    initiative = Initiative.objects.create(
        unit=unit,
        year=year or timezone.localdate().year,
        kind=Initiative.Kind.IDEA if contest else Initiative.Kind.INITIATIVE,
        contest=contest,
        title=" ".join(title.split()),
        field=field,
        solution_kind=solution_kind,
        situation_before=situation_before.strip(),
        solution=solution.strip(),
        novelty=novelty.strip(),
        first_applied_on=first_applied_on,
        effect_before=effect_before.strip(),
        effect_after=effect_after.strip(),
        requested_scope=requested_scope,
        created_by=actor,
    )
    _save_authors(initiative, authors)
    return initiative


def _check_applied_on(day: date | None) -> None:
    if day is not None and day > timezone.localdate():
        raise DomainError(
            "applied_in_future",
            gettext_lazy("Ngày áp dụng lần đầu %(day)s ở tương lai."),
            day=f"{day:%d/%m/%Y}",
            field="first_applied_on",
        )


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    actor: User,
    expected_version: int | None = None,
    title: str | Unchanged = UNCHANGED,
    authors: Sequence[Mapping[str, Any]] | Unchanged = UNCHANGED,
    field: str | Unchanged = UNCHANGED,
    solution_kind: str | Unchanged = UNCHANGED,
    situation_before: str | Unchanged = UNCHANGED,
    solution: str | Unchanged = UNCHANGED,
    novelty: str | Unchanged = UNCHANGED,
    first_applied_on: date | Unchanged | None = UNCHANGED,
    effect_before: str | Unchanged = UNCHANGED,
    effect_after: str | Unchanged = UNCHANGED,
    requested_scope: str | Unchanged = UNCHANGED,
) -> Initiative:
    """Change a draft or returned proposal; a stale form (someone else saved in between) is refused."""
    lock_fresh(
        initiative, keep_relations=True
    )  # the state is checked as it is now (a submission does not move the form's version on)
    _check_editor(actor, initiative)
    _require_state(initiative, *EDITABLE)
    changes: dict[str, Any] = {
        "title": title,
        "field": field,
        "solution_kind": solution_kind,
        "situation_before": situation_before,
        "solution": solution,
        "novelty": novelty,
        "first_applied_on": first_applied_on,
        "effect_before": effect_before,
        "effect_after": effect_after,
        "requested_scope": requested_scope,
    }
    changes = {k: v for k, v in changes.items() if not isinstance(v, Unchanged)}
    if "title" in changes and not str(changes["title"]).strip():
        raise DomainError("title_missing", gettext_lazy("Nhập tên sáng kiến."), field="title")
    if "first_applied_on" in changes:
        _check_applied_on(changes["first_applied_on"])
    claim(initiative, expected_version, mine={k: v for k, v in changes.items() if isinstance(v, str)})
    for key, value in changes.items():
        setattr(initiative, key, " ".join(value.split()) if key == "title" else value)
    initiative.save()
    if not isinstance(authors, Unchanged):
        _save_authors(initiative, list(authors))
    return initiative


def missing_parts(initiative: Initiative) -> list[str]:
    """What the completeness check finds missing (labels), empty when the proposal can be sent."""
    missing = [str(label) for name, label in REQUIRED.items() if not str(getattr(initiative, name)).strip()]
    if initiative.kind == Initiative.Kind.INITIATIVE and initiative.first_applied_on is None:
        missing.append(_("ngày áp dụng lần đầu (hoặc áp dụng thử)"))
    if not initiative.authors.exists():
        missing.append(_("tác giả"))
    return missing


@transaction.atomic
def initiative_submit(*, initiative: Initiative, actor: User) -> Initiative:
    if initiative.contest is not None:
        # the contest first, as its closing does (then its entries): an entry is not sent while the contest closes
        # (it would miss the jury)
        lock_fresh(initiative.contest, keep_relations=True)
    lock_fresh(initiative, keep_relations=True)
    _check_editor(actor, initiative)
    _require_state(initiative, *EDITABLE)
    if initiative.contest is not None and initiative.contest.state != Contest.State.OPEN:
        raise DomainError("contest_closed", gettext_lazy("Cuộc thi đã hết hạn nhận bài."))
    missing = missing_parts(initiative)
    if missing:
        raise DomainError(
            "incomplete", gettext_lazy("Hồ sơ còn thiếu: %(missing)s."), missing=", ".join(missing)
        )
    rules.check_shares([rules.AuthorShare(a.name, a.share) for a in initiative.authors.all()])
    initiative.state = S.SUBMITTED
    initiative.submitted_at = timezone.now()
    initiative.return_reason = ""
    initiative.save(update_fields=["state", "submitted_at", "return_reason", "updated_at"])
    return initiative


@transaction.atomic
def initiative_return(*, initiative: Initiative, actor: User, reason: str) -> Initiative:
    """Return a submitted proposal for supplement (trả lại để bổ sung), with the reason."""
    lock_fresh(initiative, keep_relations=True)
    _check_receiver(actor, initiative)
    _require_state(initiative, S.SUBMITTED)
    if not reason.strip():
        raise DomainError("reason_missing", gettext_lazy("Nêu lý do trả lại."), field="reason")
    initiative.state = S.RETURNED
    initiative.return_reason = reason.strip()
    initiative.save(update_fields=["state", "return_reason", "updated_at"])
    return initiative


@transaction.atomic
def initiative_withdraw(*, initiative: Initiative, actor: User) -> Initiative:
    lock_fresh(initiative, keep_relations=True)
    _check_editor(actor, initiative)
    _require_state(initiative, S.DRAFT, S.SUBMITTED, S.RETURNED)
    initiative.state = S.WITHDRAWN
    initiative.save(update_fields=["state", "updated_at"])
    return initiative


@transaction.atomic
def attachment_add(*, initiative: Initiative, actor: User, title: str, file: Any) -> Attachment:
    from cchc.core.uploads import check_evidence_file

    lock_fresh(initiative, keep_relations=True)
    _check_editor(actor, initiative)
    _require_state(initiative, *EDITABLE)
    check_evidence_file(file, max_bytes=settings.PLANS_EVIDENCE_MAX_BYTES)
    return Attachment.objects.create(
        initiative=initiative, title=(title or file.name)[:255], file=file, size=file.size or 0
    )


# ------------------------------------------------------------------------------------------------ reviews


@transaction.atomic
def review_open(*, initiative: Initiative, actor: User, council: Council) -> Review:
    """Send the initiative to ``council``: a submitted proposal at its first scope, or a recognised one at the
    next scope (escalation: cơ sở → tỉnh / bộ → toàn quốc)."""
    lock_fresh(initiative, keep_relations=True)
    if not selectors.can_manage_council(actor, council):
        raise _deny(_("Bạn không quản lý hội đồng này."))
    if council.contests.exists():
        raise DomainError(
            "jury_not_council", gettext_lazy("Ban giám khảo cuộc thi không xét công nhận sáng kiến.")
        )
    if initiative.state == S.SUBMITTED:
        _check_receiver(actor, initiative)
        if council.scope != rules.SCOPES[0] and council.scope != initiative.requested_scope:
            raise DomainError(
                "wrong_scope",
                gettext_lazy("Sáng kiến đề nghị công nhận %(wanted)s; hội đồng này xét %(scope)s."),
                wanted=initiative.get_requested_scope_display(),
                scope=council.get_scope_display(),
            )
    elif initiative.state == S.RECOGNISED:
        wanted = rules.next_scope(initiative.scope) if initiative.scope else None
        if wanted is None or council.scope != wanted:
            raise DomainError(
                "wrong_scope",
                gettext_lazy("Sáng kiến đã được công nhận %(scope)s; chỉ đề nghị lên cấp kế tiếp."),
                scope=initiative.get_scope_display(),
            )
    else:
        _require_state(initiative, S.SUBMITTED, S.RECOGNISED)
    if not council.criteria.exists() or not council.members.exists():
        raise DomainError(
            "council_incomplete", gettext_lazy("Hội đồng chưa có thành viên hoặc tiêu chí chấm điểm.")
        )
    review = Review.objects.create(initiative=initiative, council=council, scope=council.scope)
    initiative.state = S.IN_REVIEW
    initiative.save(update_fields=["state", "updated_at"])
    return review


def _member_conflict(actor: User, initiative: Initiative) -> str:
    reason = conflict_of_interest_reason(actor, initiative.unit, author_id=initiative.created_by_id)
    if reason:
        return reason
    if initiative.authors.filter(user_id=actor.pk).exists():
        return _("Bạn là tác giả của sáng kiến này nên không được chấm điểm.")
    return ""


def may_score(actor: User, review: Review) -> str:
    """ "" when ``actor`` may score ``review``, else why not."""
    if review.outcome != Review.Outcome.PENDING:
        return _("Hội đồng đã kết luận; không chấm thêm.")
    if selectors.membership(actor, review.council) is None:
        return _("Chỉ thành viên hội đồng mới chấm điểm.")
    return _member_conflict(actor, review.initiative)


@transaction.atomic
def scores_save(
    *, review: Review, actor: User, points: Mapping[str, Any], comments: Mapping[str, str] | None = None
) -> dict[str, Decimal]:
    """Save ``actor``'s own points per criterion code (never another member's); refused on a conflict."""
    lock_fresh(
        review, keep_relations=True
    )  # not after the conclusion; the council score counts every member's points saved before
    reason = may_score(actor, review)
    if reason:
        raise _deny(reason)
    criteria = {c.code: c for c in review.council.criteria.all()}
    saved: dict[str, Decimal] = {}
    for code, raw in points.items():
        criterion = criteria.get(code)
        if criterion is None:
            raise DomainError(
                "unknown_criterion", gettext_lazy("Không có tiêu chí %(criterion)s."), criterion=code
            )
        text = str(raw).strip().replace(",", ".")
        if not text:
            continue
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise DomainError(
                "points_not_number",
                gettext_lazy("Điểm tiêu chí %(criterion)s không phải là số."),
                criterion=code,
            ) from None
        rules.check_points(value, criterion.max_points, criterion=code)
        Score.objects.update_or_create(
            review=review,
            member=actor,
            criterion=criterion,
            defaults={"points": value, "comment": (comments or {}).get(code, "").strip()},
        )
        saved[code] = value
    review.score = selectors.review_council_score(review)
    review.save(update_fields=["score", "updated_at"])
    return saved


@transaction.atomic
def review_decide(
    *,
    review: Review,
    actor: User,
    recognised: bool,
    on_date: date | None = None,
    note: str = "",
    award: str = "",
) -> Review:
    """The council's conclusion: minutes (biên bản) and, for a recognition, the decision (QĐ), both numbered from
    the register of the council's office; at province scope or above it proposes the PAR-index bonus."""
    lock_fresh(review, keep_relations=True)
    if not selectors.can_manage_council(actor, review.council):
        raise _deny(_("Chỉ cơ quan thường trực của hội đồng mới ban hành kết luận."))
    if review.outcome != Review.Outcome.PENDING:
        raise DomainError("already_decided", gettext_lazy("Hội đồng đã kết luận sáng kiến này."))
    score = selectors.review_council_score(review)
    if score is None:
        raise DomainError(
            "no_scores", gettext_lazy("Chưa có thành viên nào chấm đủ các tiêu chí; chưa kết luận được.")
        )
    day = on_date or timezone.localdate()
    initiative = review.initiative
    lock_fresh(initiative, keep_relations=True)
    office = review.council.owner
    symbol = office.short_code or office.code
    review.minutes = document_number_reserve(
        issuer=office,
        doc_type_code="BB",
        symbol=f"HĐSK-{symbol}" if review.council.contests.count() == 0 else f"BGK-{symbol}",
        summary=_("Biên bản họp %(council)s xét sáng kiến “%(title)s”")
        % {"council": review.council.name, "title": initiative.title},
        on_date=day,
        user=actor,
    )
    review.score = score
    review.note = note.strip()
    review.award = award.strip()
    review.decided_on = day
    if recognised:
        review.outcome = Review.Outcome.RECOGNISED
        review.decision = document_number_reserve(
            issuer=office,
            doc_type_code="QD",
            symbol=symbol,
            summary=_("Công nhận sáng kiến “%(title)s” %(scope)s")
            % {"title": initiative.title, "scope": review.get_scope_display().lower()},
            on_date=day,
            user=actor,
        )
    else:
        review.outcome = Review.Outcome.NOT_RECOGNISED
    review.save()
    if initiative.kind == Initiative.Kind.IDEA:
        initiative.state = S.RECOGNISED if recognised else S.NOT_RECOGNISED
    elif recognised:
        initiative.state = S.RECOGNISED
        initiative.scope = review.scope
    else:
        # a higher council's "no" leaves the lower recognition standing
        initiative.state = S.RECOGNISED if initiative.scope else S.NOT_RECOGNISED
    initiative.save(update_fields=["state", "scope", "updated_at"])
    if recognised and initiative.kind == Initiative.Kind.INITIATIVE:
        _propose_bonus(review)
    return review


def _other_bonus_points(unit: OrgUnit, year: int, *, excluding: BonusProposal | None = None) -> Decimal:
    """Bonus points the unit already holds or is proposed for in ``year`` (initiatives' proposals not rejected)."""
    qs = BonusProposal.objects.filter(unit=unit, year=year).exclude(state=BonusProposal.State.REJECTED)
    if excluding is not None:
        qs = qs.exclude(pk=excluding.pk)
    return qs.aggregate(total=Sum("points"))["total"] or Decimal(0)


def _assessment_bonus_points(unit: OrgUnit, year: int) -> Decimal:
    """Bonus points the PAR-index council already gave the unit this year outside initiatives."""
    from cchc.parindex.models import Adjustment

    linked = (
        BonusProposal.objects.filter(unit=unit, year=year).exclude(adjustment=None).values("adjustment_id")
    )
    return Adjustment.objects.filter(
        assessment__unit=unit, assessment__round__evidence_to__year=year, kind="bonus"
    ).exclude(pk__in=linked).aggregate(total=Sum("points"))["total"] or Decimal(0)


def _propose_bonus(review: Review) -> BonusProposal | None:
    if review.scope not in rules.PAR_BONUS_SCOPES or hasattr(review, "bonus"):
        return None
    initiative = review.initiative
    year = (review.decided_on or timezone.localdate()).year
    others = _other_bonus_points(initiative.unit, year) + _assessment_bonus_points(initiative.unit, year)
    points = rules.bonus_points(scope=review.scope, others=others)
    return BonusProposal.objects.create(
        initiative=initiative,
        review=review,
        unit=initiative.unit,
        year=year,
        points=points,
        framework=_("TT 07/2022/TT-BCA: sáng kiến CCHC được công nhận cấp tỉnh trở lên (tối đa %(cap)s điểm)")
        % {"cap": rules.PAR_BONUS_CAP},
        note=(
            ""
            if points > 0
            else _("Đơn vị đã đủ %(cap)s điểm thưởng trong năm; không cộng thêm.")
            % {"cap": rules.PAR_BONUS_CAP}
        ),
    )


@transaction.atomic
def bonus_decide(*, proposal: BonusProposal, actor: User, accept: bool, note: str = "") -> BonusProposal:
    """The chair or secretary of the appraisal council of the round the bonus enters accepts it (it enters the
    unit's assessment through the PAR-index service and its checks) or rejects it, in an appraisal phase."""
    from cchc.parindex.services import adjustment_add

    proposal = (
        BonusProposal.objects.select_for_update()
        .select_related("unit", "initiative", "review")
        .get(pk=proposal.pk)
    )
    assessment = selectors.bonus_assessment(proposal)
    blocker = selectors.bonus_blocker(actor, proposal, assessment)
    if blocker is not None:
        if blocker.code in ("not_council", "conflict_of_interest"):
            raise _deny(blocker.text)
        raise DomainError(blocker.code, blocker.message, **blocker.params)
    assert assessment is not None  # no blocker: the assessment exists
    if accept:
        if proposal.points <= 0:
            raise DomainError("no_points", gettext_lazy("Đề xuất không còn điểm thưởng nào để cộng."))
        room = (
            rules.PAR_BONUS_CAP
            - _assessment_bonus_points(proposal.unit, proposal.year)
            - _other_accepted(proposal)
        )
        points = min(proposal.points, max(Decimal(0), room))
        if points <= 0:
            raise DomainError(
                "bonus_cap_reached",
                gettext_lazy("Đơn vị đã đạt mức điểm thưởng tối đa %(cap)s điểm của năm."),
                cap=rules.PAR_BONUS_CAP,
            )
        proposal.adjustment = adjustment_add(
            assessment=assessment,
            actor=actor,
            kind="bonus",
            points=points,
            reason=_("Sáng kiến “%(title)s” được công nhận %(scope)s")
            % {"title": proposal.initiative.title, "scope": proposal.review.get_scope_display().lower()},
        )
        proposal.points = points
        proposal.state = BonusProposal.State.ACCEPTED
    else:
        if not note.strip():
            raise DomainError(
                "reason_required", gettext_lazy("Nêu lý do không chấp nhận điểm thưởng."), field="note"
            )
        proposal.state = BonusProposal.State.REJECTED
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.note = note.strip() or proposal.note
    proposal.save()
    return proposal


def _other_accepted(proposal: BonusProposal) -> Decimal:
    return BonusProposal.objects.filter(
        unit=proposal.unit, year=proposal.year, state=BonusProposal.State.ACCEPTED
    ).exclude(pk=proposal.pk).aggregate(total=Sum("points"))["total"] or Decimal(0)


# ---------------------------------------------------------------------------------------------- replication


@transaction.atomic
def adoption_declare(
    *, initiative: Initiative, actor: User, unit: OrgUnit, since: date, effect: str = ""
) -> Adoption:
    """``unit`` declares that it adopted a recognised initiative (nhân rộng)."""
    lock_fresh(
        initiative, keep_relations=True
    )  # a double click declares once (the second is refused, not an IntegrityError)
    if not scope_for(actor).data.contains(unit):
        raise _deny(_("Bạn không có quyền khai báo cho đơn vị này."))
    if not initiative.scope:
        raise DomainError("not_recognised", gettext_lazy("Chỉ nhân rộng sáng kiến đã được công nhận."))
    if unit.pk == initiative.unit_id:
        raise DomainError(
            "own_initiative", gettext_lazy("Đơn vị tác giả không khai báo nhân rộng sáng kiến của mình.")
        )
    if since > timezone.localdate():
        raise DomainError(
            "since_in_future", gettext_lazy("Ngày áp dụng không được sau hôm nay."), field="since"
        )
    if initiative.adoptions.filter(unit=unit).exists():
        raise DomainError("already_adopted", gettext_lazy("Đơn vị đã khai báo áp dụng sáng kiến này."))
    return Adoption.objects.create(
        initiative=initiative, unit=unit, since=since, effect=effect.strip(), declared_by=actor
    )


# ------------------------------------------------------------------------------------------- councils, contests


@transaction.atomic
def council_create(
    *,
    actor: User,
    owner: OrgUnit,
    name: str,
    scope: str,
    year: int,
    members: list[tuple[User, str]],
    criteria: list[tuple[str, str, Decimal]],
    decision: str = "",
) -> Council:
    """A council of ``owner`` with its members (user, role) and criteria (code, title, max points) as data."""
    sc = scope_for(actor)
    if not (sc.is_admin or sc.manage.contains(owner)):
        raise _deny(_("Bạn không quản lý đơn vị này."))
    if not name.strip():
        raise DomainError("name_missing", gettext_lazy("Nhập tên hội đồng."), field="name")
    chairs = [u for u, role in members if role == CouncilMember.Role.CHAIR]
    if len(chairs) != 1:
        raise DomainError("one_chair", gettext_lazy("Hội đồng phải có đúng một chủ tịch."))
    outsiders = [u for u, _role in members if not selectors.may_sit_on(u, owner)]
    if outsiders:
        raise DomainError(
            "member_outside",
            gettext_lazy(
                "%(users)s không phải tài khoản đang hoạt động của %(unit)s hoặc đơn vị trực thuộc, nên không thể "
                "là thành viên hội đồng này."
            ),
            users=", ".join(u.username for u in outsiders),
            unit=owner.name,
        )
    council = Council.objects.create(
        owner=owner, name=name.strip(), scope=scope, year=year, decision=decision
    )
    for user, role in members:
        CouncilMember.objects.get_or_create(council=council, user=user, defaults={"role": role})
    codes = set()
    for i, (code, title, maximum) in enumerate(criteria):
        if code in codes:
            raise DomainError(
                "criterion_repeated", gettext_lazy("Tiêu chí %(criterion)s bị lặp."), criterion=code
            )
        codes.add(code)
        if maximum <= 0:
            raise DomainError(
                "criterion_max",
                gettext_lazy("Điểm tối đa của tiêu chí %(criterion)s phải lớn hơn 0."),
                criterion=code,
            )
        Criterion.objects.create(council=council, code=code, title=title, max_points=maximum, position=i)
    return council


@transaction.atomic
def contest_create(
    *,
    actor: User,
    jury: Council,
    title: str,
    year: int,
    opens_on: date,
    closes_on: date,
    rules: str = "",
    rounds: int = 1,
) -> Contest:
    """An idea contest run by the office that formed its jury."""
    if not selectors.can_manage_council(actor, jury):
        raise _deny(_("Bạn không quản lý hội đồng này."))
    if not title.strip():
        raise DomainError("title_missing", gettext_lazy("Nhập tên cuộc thi."), field="title")
    if closes_on < opens_on:
        raise DomainError(
            "dates_reversed", gettext_lazy("Hạn nộp bài phải sau ngày bắt đầu."), field="closes_on"
        )
    if not 1 <= rounds <= 3:
        raise DomainError("bad_rounds", gettext_lazy("Cuộc thi có từ 1 đến 3 vòng chấm."), field="rounds")
    return Contest.objects.create(
        owner=jury.owner,
        jury=jury,
        title=title.strip(),
        year=year,
        rules=rules.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        rounds=rounds,
    )


@transaction.atomic
def contest_close(*, contest: Contest, actor: User) -> Contest:
    """Stop taking entries; every submitted entry goes to the jury."""
    lock_fresh(contest, keep_relations=True)
    if not selectors.can_manage_council(actor, contest.jury):
        raise _deny(_("Bạn không tổ chức cuộc thi này."))
    if contest.state != Contest.State.OPEN:
        raise DomainError("contest_not_open", gettext_lazy("Cuộc thi không còn nhận bài."))
    for entry in contest.entries.filter(state=S.SUBMITTED):
        Review.objects.create(initiative=entry, council=contest.jury, scope=contest.jury.scope, round_no=1)
        entry.state = S.IN_REVIEW
        entry.save(update_fields=["state", "updated_at"])
    contest.state = Contest.State.JUDGING
    contest.current_round = 1
    contest.save(update_fields=["state", "current_round", "updated_at"])
    return contest


@transaction.atomic
def contest_next_round(*, contest: Contest, actor: User) -> Contest:
    """Close a judging round: the entries the jury passed go to the next round's scoring; the others end there."""
    lock_fresh(contest, keep_relations=True)
    if not selectors.can_manage_council(actor, contest.jury):
        raise _deny(_("Bạn không tổ chức cuộc thi này."))
    if contest.state != Contest.State.JUDGING or contest.current_round >= contest.rounds:
        raise DomainError("no_next_round", gettext_lazy("Cuộc thi không còn vòng chấm tiếp theo."))
    if Review.objects.filter(initiative__contest=contest, outcome=Review.Outcome.PENDING).exists():
        raise DomainError(
            "entries_pending", gettext_lazy("Còn bài dự thi chưa có kết luận của ban giám khảo.")
        )
    passed = list(
        contest.entries.filter(
            reviews__round_no=contest.current_round, reviews__outcome=Review.Outcome.RECOGNISED
        ).distinct()
    )
    contest.current_round += 1
    for entry in passed:
        Review.objects.create(
            initiative=entry, council=contest.jury, scope=contest.jury.scope, round_no=contest.current_round
        )
        entry.state = S.IN_REVIEW
        entry.save(update_fields=["state", "updated_at"])
    contest.save(update_fields=["current_round", "updated_at"])
    return contest


@transaction.atomic
def contest_publish(*, contest: Contest, actor: User) -> Contest:
    lock_fresh(contest, keep_relations=True)
    if not selectors.can_manage_council(actor, contest.jury):
        raise _deny(_("Bạn không tổ chức cuộc thi này."))
    if contest.state != Contest.State.JUDGING or contest.current_round < contest.rounds:
        raise DomainError("contest_not_judging", gettext_lazy("Cuộc thi chưa chấm xong các vòng."))
    if Review.objects.filter(initiative__contest=contest, outcome=Review.Outcome.PENDING).exists():
        raise DomainError(
            "entries_pending", gettext_lazy("Còn bài dự thi chưa có kết luận của ban giám khảo.")
        )
    contest.state = Contest.State.PUBLISHED
    contest.published_at = timezone.now()
    contest.save(update_fields=["state", "published_at", "updated_at"])
    return contest


@transaction.atomic
def idea_to_initiative(*, entry: Initiative, actor: User) -> Initiative:
    """A winning contest idea becomes a draft initiative proposal of its unit (its text and authors copied)."""
    if entry.kind != Initiative.Kind.IDEA or entry.state != S.RECOGNISED:
        raise DomainError(
            "not_a_winning_idea", gettext_lazy("Chỉ ý tưởng đoạt giải mới chuyển thành sáng kiến.")
        )
    _check_editor(actor, entry)
    return initiative_create(
        actor=actor,
        unit=entry.unit,
        title=entry.title,
        authors=[
            {"name": a.name, "share": a.share, "position": a.position, "user": a.user}
            for a in entry.authors.all()
        ],
        field=entry.field,
        solution_kind=entry.solution_kind,
        situation_before=entry.situation_before,
        solution=entry.solution,
        novelty=entry.novelty,
        effect_before=entry.effect_before,
        effect_after=entry.effect_after,
    )


def decision_document(review: Review) -> IssuedDocument | None:
    return review.decision
