"""Types the apps share: the request of a signed-in person, and the "leave it as it is" default of update services."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Final

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from cchc.accounts.models import User


class AuthedRequest(HttpRequest):
    """The request a ``@login_required`` view gets: ``user`` is a signed-in :class:`~cchc.accounts.models.User`
    (not ``AnonymousUser``), and ``htmx`` is set by django-htmx's middleware. Only a type: views are annotated
    with it, Django still hands them its own request object."""

    user: User
    htmx: HtmxDetails


class Unchanged(Enum):
    """The default of an update service's keyword argument: keep the field as it is (``None`` may be a value)."""

    UNCHANGED = "unchanged"


UNCHANGED: Final = Unchanged.UNCHANGED
