"""The desk's workflow on a dossier: one POST per step (supplement request, supplement received, refusal, result,
return), the forms of TT 01/2018 as Word documents (Mẫu 01, 02, 03, 05) and the book (Mẫu 06) as a workbook."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cchc.audit.context import audit_context
from cchc.core.dates import DATE_FORMATS, DATETIME_FORMATS
from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import DOCX_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.types import AuthedRequest
from cchc.core.widgets import DateInput, DateTimeInput
from cchc.orgs.scope import get_unit_for_user
from cchc.workdays.calendar import VN_TZ

from .. import desk_documents as docs
from .. import selectors, workflow
from ..models import DeskStep

STEP_FUNCTIONS: dict[str, Any] = {
    DeskStep.Kind.SUPPLEMENT_REQUESTED: workflow.desk_request_supplement,
    DeskStep.Kind.SUPPLEMENT_RECEIVED: workflow.desk_supplement_received,
    DeskStep.Kind.REFUSED: workflow.desk_refuse,
    DeskStep.Kind.RESULT: workflow.desk_record_result,
    DeskStep.Kind.RETURNED: workflow.desk_return,
}
NEEDS_REASON = (DeskStep.Kind.SUPPLEMENT_REQUESTED, DeskStep.Kind.REFUSED)


class StepForm(forms.Form):
    at = forms.DateTimeField(
        label=gettext_lazy("Thời điểm"), input_formats=DATETIME_FORMATS, widget=DateTimeInput()
    )
    reason = forms.CharField(
        label=gettext_lazy("Nội dung, lý do"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_step(request: AuthedRequest, code: str, step: str) -> HttpResponse:
    dossier = selectors.get_dossier_for_user(request.user, code, write=True)
    if step not in STEP_FUNCTIONS:
        raise Http404(_("Không có bước xử lý này."))
    now = timezone.now().astimezone(VN_TZ).replace(second=0, microsecond=0, tzinfo=None)
    form = StepForm(request.POST or None, initial={"at": now})
    if request.method == "POST" and form.is_valid():
        at = form.cleaned_data["at"]
        at = at.astimezone(VN_TZ) if at.tzinfo else at.replace(tzinfo=VN_TZ)
        kwargs = {"dossier": dossier, "actor": request.user, "at": at}
        if step in NEEDS_REASON:
            kwargs["reason"] = form.cleaned_data["reason"]
        elif step in (DeskStep.Kind.RESULT, DeskStep.Kind.RETURNED):
            kwargs["note"] = form.cleaned_data["reason"]
        try:
            with audit_context(request.user, "web"):
                STEP_FUNCTIONS[step](**kwargs)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã ghi: %(step)s.") % {"step": DeskStep.Kind(step).label})
            return redirect("onestop:dossier_detail", code=dossier.code)
    return render(
        request,
        "onestop/dossier_step.html",
        {
            "dossier": dossier,
            "form": form,
            "step_label": DeskStep.Kind(step).label,
            "needs_reason": step in NEEDS_REASON,
        },
    )


def _shown(request: AuthedRequest, dossier):
    (shown,) = selectors.with_applicants(request.user, [dossier])
    return shown.applicant  # type: ignore[attr-defined]  # set by with_applicants for the pages


@login_required
def dossier_form_docx(request: AuthedRequest, code: str, form: str) -> HttpResponse:
    """Mẫu 01 (receipt), 02 (the supplement request), 03 (the refusal), 05 (the control sheet) of a dossier."""
    dossier = selectors.get_dossier_for_user(request.user, code)
    if form == "01":
        data = docs.receipt_docx(dossier, _shown(request, dossier))
    elif form in ("02", "03"):
        kind = DeskStep.Kind.SUPPLEMENT_REQUESTED if form == "02" else DeskStep.Kind.REFUSED
        step = dossier.desk_steps.filter(kind=kind).first()
        if step is None:
            raise Http404(_("Hồ sơ chưa có phiếu này."))
        maker = docs.supplement_docx if form == "02" else docs.refusal_docx
        data = maker(dossier, step, _shown(request, dossier))
    elif form == "05":
        data = docs.control_sheet_docx(dossier, dossier.desk_steps.select_related("actor"))
    else:
        raise Http404(_("Không có mẫu này."))
    return file_response(data, f"mau-{form}-{dossier.code}.docx", DOCX_CONTENT_TYPE)


class BookForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("Từ ngày"), input_formats=DATE_FORMATS, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("Đến ngày"), input_formats=DATE_FORMATS, widget=DateInput())


@login_required
def dossier_book(request: AuthedRequest) -> HttpResponse:
    """Mẫu 06 Sổ theo dõi hồ sơ of a unit (its subtree) for the dossiers received in a period."""
    from ..selectors import dossiers_visible_to, local_midnight, month_bounds

    unit = get_unit_for_user(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    first, last = month_bounds(timezone.localdate())
    form = BookForm(request.GET or None, initial={"date_from": first, "date_to": last})
    if form.is_bound and form.is_valid():
        first, last = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    from datetime import timedelta

    qs = dossiers_visible_to(request.user).filter(
        received_at__gte=local_midnight(first), received_at__lt=local_midnight(last + timedelta(days=1))
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    qs = qs.select_related("unit", "procedure").order_by("received_at")[:100000]
    rows = docs.book_rows(selectors.with_applicants(request.user, qs))
    return xlsx_response(
        write_sheet("Sổ theo dõi hồ sơ", docs.BOOK_HEADERS, rows),
        f"so-theo-doi-ho-so-{first:%Y%m%d}-{last:%Y%m%d}.xlsx",
    )
