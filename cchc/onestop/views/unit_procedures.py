"""The procedures a unit handles and posts at its desk (which desk, since when)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cchc.audit.context import audit_context
from cchc.core.dates import DATE_FORMATS
from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.core.widgets import DateInput
from cchc.orgs.scope import can_enter_data, get_unit_for_user

from .. import workflow
from ..catalogue import effective_procedure
from ..models import UnitProcedure
from ._common import _unit_from_request


class UnitProcedureForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã TTHC"), max_length=64)
    desk = forms.CharField(label=gettext_lazy("Niêm yết tại"), max_length=255, required=False)
    posted_since = forms.DateField(
        label=gettext_lazy("Niêm yết từ ngày"), input_formats=DATE_FORMATS, widget=DateInput()
    )
    until = forms.DateField(
        label=gettext_lazy("Đến ngày"), input_formats=DATE_FORMATS, widget=DateInput(), required=False
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_procedures(request: AuthedRequest) -> HttpResponse:
    unit = (
        get_unit_for_user(request.user, request.POST["unit"], write=True)
        if request.method == "POST" and request.POST.get("unit")
        else _unit_from_request(request)
    )
    may_edit = can_enter_data(request.user, unit)
    form = UnitProcedureForm(
        request.POST if request.method == "POST" else None,
        initial={"posted_since": timezone.localdate(), "desk": _("Bộ phận Một cửa")},
    )
    if request.method == "POST" and may_edit and form.is_valid():
        try:
            with audit_context(request.user, "web"):
                workflow.unit_procedure_set(actor=request.user, unit=unit, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu thủ tục của đơn vị."))
            return redirect(f"{request.path}?unit={unit.code}")
    rows = UnitProcedure.objects.filter(unit=unit).order_by("procedure_code")
    if request.GET.get("export") == "xlsx":
        data = [
            [
                r.procedure_code,
                getattr(effective_procedure(unit, r.procedure_code), "name", ""),
                r.desk,
                r.posted_since,
                r.until or "",
            ]
            for r in rows
        ]
        return xlsx_response(
            write_sheet(
                "Thủ tục của đơn vị", ["Mã TTHC", "Tên thủ tục", "Niêm yết tại", "Từ ngày", "Đến ngày"], data
            ),
            f"thu-tuc-{unit.code}.xlsx",
        )
    page, query = paginate(request, rows)
    for r in page.object_list:
        r.procedure = effective_procedure(unit, r.procedure_code)
    return render(
        request,
        "onestop/unit_procedures.html",
        {"unit": unit, "page": page, "query": query, "form": form if may_edit else None},
    )
