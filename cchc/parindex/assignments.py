"""Criteria handed to departments (the province's own index, seed 003 §II.1 and III.4).

The coordinator (PV01) assigns leaf criteria of an assessment — typically the province's own, assessed by the
Ministry — to the departments in charge (PX01, PX03, PX05, PH10 …). Each department's staff or head self-score only
their criteria, attach evidence and send them; the coordinator then compiles the report and submits it as the
unit's self-assessment (which waits until every assigned criterion has been sent).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import scope_for

from .models import Assessment, CriterionAssignment, Round

P = Round.Phase


def _check_manager(assessment: Assessment, actor: User) -> None:
    scope = scope_for(actor)
    if not (scope.is_admin or scope.manage.contains(assessment.round.owner_unit)):
        raise PermissionDenied(_("Chỉ cán bộ đầu mối quản lý đợt đánh giá giao tiêu chí."))


def _check_open(assessment: Assessment) -> None:
    if assessment.round.phase not in (P.DRAFT, P.SELF) or assessment.status != Assessment.Status.DRAFT:
        raise DomainError(
            "assignment_closed",
            gettext_lazy("Chỉ giao hoặc chấm tiêu chí được giao khi đơn vị đang tự đánh giá."),
        )


@transaction.atomic
def criteria_assign(*, assessment: Assessment, actor: User, mapping: Mapping[str, OrgUnit | None]) -> int:
    """``{criterion code: department or None}``: hand each leaf to a unit inside the round's organiser (None takes
    it back). A criterion already sent by its department is not moved."""
    _check_manager(assessment, actor)
    _check_open(assessment)
    owner = assessment.round.owner_unit
    leaves = {s.criterion.code: s.criterion for s in assessment.scores.select_related("criterion")}
    current = {a.criterion.code: a for a in assessment.assignments.select_related("criterion", "unit")}
    changed = 0
    for code, unit in mapping.items():
        criterion = leaves.get(code)
        if criterion is None:
            raise DomainError("unknown_criterion", gettext_lazy("Không có tiêu chí %(c)s."), c=code)
        if unit is not None and not unit.path.startswith(owner.path):
            raise DomainError(
                "unit_outside_round",
                gettext_lazy("Đơn vị %(u)s không thuộc đơn vị tổ chức đánh giá."),
                u=unit.code,
            )
        have = current.get(code)
        if have is not None and (unit is None or have.unit_id != unit.pk):
            if have.submitted_at is not None:
                raise DomainError(
                    "assignment_sent",
                    gettext_lazy("Tiêu chí %(c)s đã được %(u)s gửi; không giao lại được."),
                    c=code,
                    u=have.unit.code,
                )
            have.delete()
            changed += 1
            have = None
        if unit is not None and have is None:
            CriterionAssignment.objects.create(
                assessment=assessment, criterion=criterion, unit=unit, assigned_by=actor
            )
            changed += 1
    return changed


def assigned_codes(user: User, assessment: Assessment) -> set[str]:
    """The criteria of ``assessment`` handed to units whose data the user enters (and not sent yet)."""
    scope = scope_for(user)
    if scope.data.empty:
        return set()
    return set(
        assessment.assignments.filter(scope.data.q("unit__"), submitted_at__isnull=True).values_list(
            "criterion__code", flat=True
        )
    )


def has_assignment(user: User, assessment: Assessment) -> bool:
    scope = scope_for(user)
    return not scope.data.empty and assessment.assignments.filter(scope.data.q("unit__")).exists()


@transaction.atomic
def assigned_self_save(
    *, assessment: Assessment, actor: User, entries: Mapping[str, Mapping[str, Any]], send: bool = False
) -> int:
    """A department's self-scores of the criteria handed to it (``{code: {"self", "note", "no_evidence_note"}}``);
    ``send`` also sends them to the coordinator. A code not handed to the actor's units is refused."""
    from .services import _self_entry_save, check_self_deadline

    _check_open(assessment)
    check_self_deadline(assessment)
    mine = assigned_codes(actor, assessment)
    foreign = sorted(set(entries) - mine)
    if foreign:
        raise PermissionDenied(
            _("Tiêu chí %(c)s không được giao cho đơn vị của bạn.") % {"c": ", ".join(foreign)}
        )
    scores = {s.criterion.code: s for s in assessment.scores.select_related("criterion")}
    errors: list[str] = []
    changed = 0
    for code, entry in entries.items():
        allowed = {k: v for k, v in entry.items() if k in ("self", "note", "no_evidence_note")}
        try:
            changed += _self_entry_save(scores, code, allowed)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    if send:
        missing = [
            code for code in sorted(mine)
            if scores[code].self_score is None and not scores[code].criterion.survey_measured
        ]  # fmt: skip
        if missing:
            raise DomainError(
                "assignment_unscored",
                gettext_lazy("Chưa chấm tiêu chí được giao: %(c)s."),
                c=", ".join(missing),
            )
        assessment.assignments.filter(criterion__code__in=mine).update(
            submitted_by=actor, submitted_at=timezone.now()
        )
    return changed


@transaction.atomic
def assignment_return(*, assignment: CriterionAssignment, actor: User) -> None:
    """The coordinator sends a department's criterion back for changes."""
    _check_manager(assignment.assessment, actor)
    _check_open(assignment.assessment)
    assignment.submitted_at = None
    assignment.submitted_by = None
    assignment.save(update_fields=["submitted_at", "submitted_by"])


def unsent(assessment: Assessment) -> list[CriterionAssignment]:
    return list(assessment.assignments.filter(submitted_at__isnull=True).select_related("criterion", "unit"))
