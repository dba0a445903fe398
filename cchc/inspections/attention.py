"""Home-page items of the inspections module: open and overdue findings (the inspected unit's, the inspecting
office's) and remedies waiting for the inspecting office's acceptance."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core.attention import Item, provider
from cchc.orgs.scope import scope_for

from .selectors import open_findings


@provider
def findings_to_follow(user: Any) -> list[Item]:
    if not user.is_authenticated:
        return []
    scope = scope_for(user)
    if scope.is_admin or scope.view.empty:
        return []
    rows = open_findings(user)
    if not rows:
        return []
    overdue = sum(1 for r in rows if r.clock.state == "overdue")
    items = []
    if overdue:
        items.append(
            Item(
                title=_("%(n)s kiến nghị sau kiểm tra quá hạn khắc phục") % {"n": overdue},
                url=reverse("inspections:findings") + "?tt=overdue",
                level="danger",
                count=overdue,
            )
        )
    rest = len(rows)
    if rest > overdue:
        items.append(
            Item(
                title=_("%(n)s kiến nghị sau kiểm tra chưa khắc phục xong") % {"n": rest},
                url=reverse("inspections:findings") + "?tt=open",
                level="info",
                count=rest,
            )
        )
    return items
