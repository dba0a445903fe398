import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cchc.core.types import AuthedRequest
from cchc.orgs.scope import scope_for

from .attention import items_for
from .worker import worker_health

logger = logging.getLogger(__name__)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    return render(request, "core/home.html", {"items": items_for(request.user), "scope": scope})


@login_required
def drill_down(request: AuthedRequest) -> HttpResponse:
    """The records behind a computed number (see :mod:`cchc.core.drill`)."""
    from django.http import Http404
    from django.utils.translation import gettext as _

    from cchc.orgs.scope import get_unit_for_user

    from . import drill
    from .dates import parse_day
    from .paging import paginate

    key = request.GET.get("ds", "")
    if key not in drill.LISTINGS or not request.GET.get("unit"):
        raise Http404(_("Không có danh sách số liệu này."))
    unit = get_unit_for_user(request.user, request.GET["unit"])
    try:
        date_from = parse_day(request.GET.get("from"))
        date_to = parse_day(request.GET.get("to"))
    except ValueError:
        raise Http404(_("Ngày không hợp lệ.")) from None
    params = {k: str(v) for k, v in request.GET.items() if k not in ("ds", "unit", "from", "to", "page")}
    listing = drill.listing(request.user, key, unit, date_from, date_to, params)
    page, query = paginate(request, listing.rows)
    context = {
        "listing": listing,
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "page": page,
        "query": query,
    }
    return render(request, "core/drill.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer and monitoring.

    200 ``{"status": "ok", "database": "ok", "worker": {...}}`` when a real query answers; 503 ``{"status": "error",
    "database": "down", ...}`` when it does not. ``worker`` tells whether a job worker is alive (heartbeat), its last
    heartbeat and how many jobs are stalled; a dead worker does not make the web process unhealthy.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        # The request's end closes the unusable connection; the next request opens a new one (and, for the embedded
        # server, starts it again).
        logger.error("healthz: the database does not answer (%s: %s)", type(exc).__name__, exc)
        return JsonResponse({"status": "error", "database": "down", "error": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "worker": worker_health()})
