"""Writes on accounts."""

from __future__ import annotations

import logging

from axes.utils import reset as axes_reset
from django.db import transaction
from django.utils import timezone

from .models import User

logger = logging.getLogger("cchc.security")


@transaction.atomic
def user_login_unlock(*, actor: User, person: User) -> int:
    """Lift a login lockout of ``person``: forget the failed logins of the account (by its username).

    The caller has decided that ``actor`` manages ``person`` (``cchc.orgs.views_people``). The change of
    ``login_unlocked_at`` is what the audit trail records. Returns how many attempt records were removed.
    """
    removed: int = axes_reset(username=person.get_username())  # django-axes has no type information
    person.login_unlocked_at = timezone.now()
    person.save(update_fields=["login_unlocked_at", "updated_at"])
    logger.warning(
        "login unlocked: username=%r by=%r records=%d", person.get_username(), actor.get_username(), removed
    )
    return removed
