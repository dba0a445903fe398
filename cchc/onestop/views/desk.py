"""Receiving a dossier at the desk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.core.errors import DomainError
from cchc.core.types import AuthedRequest
from cchc.orgs.scope import units_with_data_access
from cchc.workdays.calendar import VN_TZ, to_local

from ..catalogue import catalogue_for_user
from ..forms import DeskForm
from ..importing import dossier_create_at_desk


@login_required
@require_http_methods(["GET", "POST"])
def dossier_desk(request: AuthedRequest) -> HttpResponse:
    units = units_with_data_access(request.user).order_by("path")
    if not units.exists():
        raise PermissionDenied(_("Bạn không có quyền tiếp nhận hồ sơ."))
    now = timezone.now().astimezone(VN_TZ).replace(second=0, microsecond=0, tzinfo=None)
    form = DeskForm(
        request.POST or None,
        units=units,
        procedures=catalogue_for_user(request.user),
        initial={"received_at": now, "unit": units.first()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received = data["received_at"]
        received = received.astimezone(VN_TZ) if received.tzinfo else received.replace(tzinfo=VN_TZ)
        dossier = None
        try:
            dossier = dossier_create_at_desk(
                unit=data["unit"],
                procedure=data["procedure"],
                received_at=received,
                channel=data["channel"],
                code=data["code"],
                applicant_name=data["applicant_name"],
                applicant_address=data["applicant_address"],
                applicant_phone=data["applicant_phone"],
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(exc.field or "procedure", exc.message)
        if dossier is not None:
            messages.success(
                request,
                _("Đã tiếp nhận hồ sơ %(code)s; hẹn trả lúc %(due)s.")
                % {"code": dossier.code, "due": f"{to_local(dossier.due_at):%H:%M %d/%m/%Y}"},
            )
            return redirect("onestop:dossier_detail", code=dossier.code)
    return render(request, "onestop/dossier_desk.html", {"form": form})
