"""Login throttling: django-axes with one threshold per lockout parameter, and a log line per failed login.

Axes counts failed logins by account (``username``) and by address (``ip_address``, read by
``cchc.core.client_ip.client_ip``) and refuses further attempts for ``AXES_COOLOFF_TIME``. Axes itself has one
limit for every parameter; here an account locks after ``AXES_FAILURE_LIMIT`` failures and an address after
``LOGIN_IP_FAILURE_LIMIT`` (higher: a whole office often shares one public address). Successful logins do not
reset the counters (``AXES_RESET_ON_SUCCESS`` stays off): a valid account must not wipe an address's failures.

Administrators unlock an account from the person's page (``cchc.accounts.services.user_login_unlock``), the admin
site (Axes › Access attempts) or ``manage.py axes_reset_username <name>``.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cchc.core.client_ip import client_ip

logger = logging.getLogger("cchc.security")


def _limit_for(parameter) -> int:
    names = [parameter] if isinstance(parameter, str) else list(parameter)
    if names == ["ip_address"]:
        return int(settings.LOGIN_IP_FAILURE_LIMIT)
    return int(settings.AXES_FAILURE_LIMIT)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler where each lockout parameter has its own threshold.

    Axes locks when ``get_failures() >= AXES_FAILURE_LIMIT``; each parameter's count is scaled so that reaching
    its own limit reaches that number (``count * AXES_FAILURE_LIMIT // own_limit``).
    """

    def get_failures(self, request, credentials=None) -> int:
        account_limit = int(settings.AXES_FAILURE_LIMIT)
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            worst = max(worst, count * account_limit // _limit_for(parameter))
        return worst


def account_failures(username: str) -> int:
    """Failed logins of an account still counting towards a lockout (within the cool-off period)."""
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def account_locked(username: str) -> bool:
    return account_failures(username) >= int(settings.AXES_FAILURE_LIMIT)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page shown instead of the login form while an account or an address is locked (``AXES_LOCKOUT_CALLABLE``)."""
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else None
    return render(
        request,
        "registration/lockout.html",
        {"minutes": minutes},
        status=int(settings.AXES_HTTP_RESPONSE_CODE),
    )


@receiver(user_login_failed, dispatch_uid="cchc_log_failed_login")
def log_failed_login(sender, credentials, request=None, **kwargs) -> None:
    """One line per failed login (axes masks the username and the address in its own lines)."""
    username = (credentials or {}).get("username", "")
    address = client_ip(request) if request is not None else ""
    locked = bool(getattr(request, "axes_locked_out", False))
    logger.warning("login failed: username=%r address=%s locked=%s", username, address or "-", locked)
