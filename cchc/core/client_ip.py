"""The client's address, the one place it is read from a request.

Behind reverse proxies every request comes from the proxy's address (``REMOTE_ADDR``); the client's address is in
``X-Forwarded-For``, which each proxy extends with the address it received the request from
(nginx: ``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for``). Only the entries the proxies appended can
be trusted; whatever the client itself sent stands to their left. So with ``TRUSTED_PROXY_COUNT = N`` (environment
variable, default 0) the client's address is the N-th entry from the right; with 0 the header is ignored.

Used by the survey form's abuse check and by django-axes (``AXES_CLIENT_IP_CALLABLE``).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, read through ``TRUSTED_PROXY_COUNT`` proxies ("" when unknown)."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    count = int(settings.TRUSTED_PROXY_COUNT or 0)
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(chain) < count:
        # Fewer entries than proxies: the request did not come the configured way; trust only the socket.
        return remote
    return _valid(chain[-count]) or remote
