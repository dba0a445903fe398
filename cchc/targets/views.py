from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from cchc.core.types import AuthedRequest


@login_required
def target_list(request: AuthedRequest) -> HttpResponse:
    return HttpResponse("")
