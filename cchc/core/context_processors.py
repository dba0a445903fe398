from typing import Any

from django.conf import settings
from django.http import HttpRequest


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's frame needs: the acting membership and the module navigation."""
    from cchc.core.navigation import modules_for
    from cchc.orgs.selectors import active_membership

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"DEBUG": settings.DEBUG}
    membership = active_membership(request)
    return {
        "active_membership": membership,
        "nav_modules": modules_for(user, request.path),
        "DEBUG": settings.DEBUG,
    }
