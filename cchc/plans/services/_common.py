"""Helpers shared by several sections of the plans services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.orgs.scope import members_with

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from cchc.accounts.models import User


def _unit_people(unit_id: int) -> QuerySet[User]:
    from cchc.accounts.models import User
    from cchc.orgs.models import Role as OrgRole

    ids = members_with(OrgRole.STAFF, OrgRole.HEAD, units=[unit_id]).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)
