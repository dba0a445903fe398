from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from cchc.orgs.scope import scope_for

from .attention import items_for


@login_required
def home(request):
    scope = scope_for(request.user)
    return render(request, "core/home.html", {"items": items_for(request.user), "scope": scope})


def healthz(request):
    """For the load balancer and monitoring: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
