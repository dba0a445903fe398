"""The initiatives' proposed PAR-index bonuses on the PAR-index assessment page (``cchc.parindex.proposals``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors
from .models import BonusProposal

if TYPE_CHECKING:
    from cchc.parindex.models import Assessment
    from cchc.parindex.proposals import ProposedBonus


def proposals_for(assessment: Assessment, user: Any) -> list[ProposedBonus]:
    """The unit's initiative bonuses of the round's year that enter this assessment, for whoever sees it."""
    from cchc.parindex.proposals import ProposedBonus

    qs = BonusProposal.objects.filter(
        unit_id=assessment.unit_id, year=assessment.round.evidence_to.year
    ).select_related("initiative", "review", "unit", "decided_by")
    out = []
    for b in qs.order_by("pk"):
        target = selectors.bonus_assessment(b)
        if target is None or target.pk != assessment.pk:
            continue
        blocker = (
            selectors.bonus_blocker(user, b, target) if b.state == BonusProposal.State.PROPOSED else None
        )
        out.append(
            ProposedBonus(
                title=_("Sáng kiến “%(title)s” được công nhận %(scope)s")
                % {"title": b.initiative.title, "scope": b.review.get_scope_display().lower()},
                points=b.points,
                state=b.state,
                state_label=b.get_state_display(),
                url=reverse("initiatives:detail", args=[b.initiative_id]),
                decide_url=reverse("initiatives:bonus_decide", args=[b.pk])
                if b.state == BonusProposal.State.PROPOSED
                else "",
                blocker=blocker.text if blocker is not None else "",
                note=b.note,
                decided_by=b.decided_by.display_name if b.decided_by else "",
            )
        )
    return out


def register() -> None:
    from cchc.parindex.proposals import register as register_source

    register_source(proposals_for)
