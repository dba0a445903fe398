"""Home-page items: PAKN overdue or due soon in the user's data scope (the register lists the same records)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core.attention import Item, provider


@provider
def pakn_due(user: Any) -> list[Item]:
    from cchc.orgs.scope import scope_for

    from .selectors import due_lists

    if not user.is_authenticated or scope_for(user).data.empty:
        return []
    lists = due_lists(user, settings.PAKN_DUE_SOON_DAYS)
    items = []
    if lists["overdue"]:
        items.append(
            Item(
                title=_("Phản ánh, kiến nghị quá hạn"),
                detail=_("%(n)s phản ánh, kiến nghị đã quá thời hạn của bước đang xử lý")
                % {"n": len(lists["overdue"])},
                url=reverse("pakn:index") + "?due=overdue",
                level="danger",
                count=len(lists["overdue"]),
            )
        )
    if lists["soon"]:
        items.append(
            Item(
                title=_("Phản ánh, kiến nghị sắp đến hạn"),
                detail=_("%(n)s phản ánh, kiến nghị đến hạn trong %(d)s ngày làm việc")
                % {"n": len(lists["soon"]), "d": settings.PAKN_DUE_SOON_DAYS},
                url=reverse("pakn:index") + "?due=soon",
                level="warning",
                count=len(lists["soon"]),
            )
        )
    return items
