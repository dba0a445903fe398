"""The one-stop home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cchc.core.types import AuthedRequest
from cchc.orgs.scope import scope_for

from .. import selectors
from ..catalogue import effective_catalogue, home_unit
from ..models import ImportBatch
from ._common import acting_unit


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    unit = acting_unit(request) or selectors.default_unit(request.user)
    late = selectors.late_dossiers(request.user, unit=acting_unit(request))
    now = timezone.now()
    context = {
        "unit": unit,
        "late_count": late.count(),
        "overdue_count": late.filter(due_at__lt=now).count(),
        "procedure_count": effective_catalogue(home_unit(request.user)).count(),
        "can_enter": not scope_for(request.user).data.empty,
        "batches": ImportBatch.objects.filter(actor=request.user)[:5],
    }
    return render(request, "onestop/index.html", context)
