"""Helpers shared by several sections of the plans services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.orgs.scope import members_with

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from cchc.accounts.models import User


def _unit_people(unit_id: int) -> QuerySet[User]:
    from cchc.accounts.models import User
    from cchc.orgs.models import Role as OrgRole

    ids = members_with(OrgRole.STAFF, OrgRole.HEAD, units=[unit_id]).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def lock_fresh(instance: Model) -> None:
    """Lock ``instance``'s row until the transaction ends and read it again in place under the lock (the caller's
    object follows): a workflow step checks the state the previous step left, not the one its request loaded —
    two steps on one row at once (a double click, a head and a coordinator acting together) run in turn and the
    second is judged on what the first did."""
    type(instance)._base_manager.select_for_update().filter(pk=instance.pk).values_list("pk", flat=True).get()
    instance.refresh_from_db()
