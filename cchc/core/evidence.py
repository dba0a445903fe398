"""Handing out an evidence file: one download check for every module.

A module's download view finds the evidence (or ``None``) and passes the getter of the aggregate it belongs to;
the getter raises 404 outside the user's scope (403 where the scope says so), exactly as the aggregate's own pages
do, and only then is the file streamed, with the safe ``Content-Disposition`` of :mod:`cchc.core.http`::

    @login_required
    def evidence_download(request, pk):
        ev = Evidence.objects.filter(pk=pk).select_related("update").first()
        return evidence_download(
            request, ev, may_see=lambda user, ev: access.get_assignment_for_user(user, ev.update.assignment_id)
        )
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _

from cchc.core.http import stream_response
from cchc.core.models import EvidenceBase


def evidence_download(
    request: HttpRequest, evidence: EvidenceBase | None, *, may_see: Callable[[Any, Any], object]
) -> FileResponse:
    """Stream ``evidence``'s file to ``request.user`` after ``may_see(user, evidence)`` (the aggregate's getter,
    raising ``Http404``/``PermissionDenied``) has let them; 404 when there is no such evidence or no file."""
    if evidence is None or not evidence.has_file:
        raise Http404(_("Không tìm thấy tệp minh chứng."))
    may_see(request.user, evidence)
    try:
        fileobj = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("Tệp minh chứng không còn trên máy chủ.")) from exc
    # the type is guessed from the name (evidence extensions are vetted by cchc.core.uploads), never the uploader's
    return stream_response(fileobj, evidence.download_name())
