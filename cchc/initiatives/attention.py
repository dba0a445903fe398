"""Home-page items of initiatives: proposals returned to their unit, proposals to receive, reviews to score,
bonuses for the PAR-index council."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core.attention import Item, provider
from cchc.orgs.models import OrgUnit, Role
from cchc.orgs.scope import scope_for

from . import selectors
from .models import BonusProposal, Initiative, Review


@provider
def initiatives_needing_action(user: Any) -> list[Item]:
    if user is None or not user.is_authenticated:
        return []
    scope = scope_for(user)
    items: list[Item] = []
    returned = Initiative.objects.filter(scope.data.q("unit__"), state=Initiative.State.RETURNED)
    if (n := returned.count()) > 0:
        items.append(
            Item(
                title=_("%(n)s hồ sơ sáng kiến bị trả lại để bổ sung") % {"n": n},
                url=reverse("initiatives:index") + "?state=returned",
                level="warning",
                count=n,
            )
        )
    if not scope.manage.empty or scope.is_admin:
        waiting = Initiative.objects.filter(state=Initiative.State.SUBMITTED)
        if not scope.is_admin:
            waiting = waiting.filter(scope.manage.q("unit__"))
        if (n := waiting.count()) > 0:
            items.append(
                Item(
                    title=_("%(n)s hồ sơ sáng kiến chờ tiếp nhận") % {"n": n},
                    url=reverse("initiatives:index") + "?state=submitted",
                    level="info",
                    count=n,
                )
            )
    to_score = (
        Review.objects.filter(outcome=Review.Outcome.PENDING, council__members__user_id=user.pk)
        .exclude(scores__member_id=user.pk)
        .exclude(Q(initiative__unit__in=[m.unit_id for m in scope.memberships]))
        .distinct()
    )
    if (n := to_score.count()) > 0:
        items.append(
            Item(
                title=_("%(n)s sáng kiến chờ bạn chấm điểm (hội đồng)") % {"n": n},
                url=reverse("initiatives:index") + "?state=in_review",
                level="warning",
                count=n,
            )
        )
    if scope.has_role(Role.APPRAISER, Role.COORDINATOR, Role.ADMIN):
        units = OrgUnit.objects.filter(selectors.bonus_units_q(user)).values("pk")
        bonuses = BonusProposal.objects.filter(unit__in=units, state=BonusProposal.State.PROPOSED)
        if (n := bonuses.count()) > 0:
            items.append(
                Item(
                    title=_("%(n)s đề xuất điểm thưởng Chỉ số CCHC từ sáng kiến chờ hội đồng thẩm định")
                    % {"n": n},
                    url=reverse("initiatives:bonuses"),
                    level="info",
                    count=n,
                )
            )
    return items
