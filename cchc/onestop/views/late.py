"""Late dossiers and their apology letters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from cchc.audit.context import audit_context
from cchc.core.excel import write_sheet
from cchc.core.http import DOCX_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.orgs.scope import get_unit_for_user, personal_data_reach
from cchc.workdays.calendar import VN_TZ, to_local
from cchc.workdays.services import calendar_for

from .. import selectors, services
from ..forms import ApologyForm
from ..letters import apology_docx
from ..models import ApologyLetter
from ._common import _form_errors, _period_from_request, acting_unit

LATE_STATES = {
    "overdue": _lazy("quá hạn"),
    "soon": _lazy("sắp đến hạn"),
    "re_overdue": _lazy("quá hẹn lại"),
}


def _days_overdue(dossier, now, cal) -> int:
    """Working days past the appointment by the on-time rule (the supplement pause added to the due date)."""
    late = selectors.late_by(dossier, now)
    if late.total_seconds() <= 0:
        return 0
    effective_due = to_local(now - late).date()
    return max(1, cal.working_days_between(effective_due, to_local(now).date()))


@login_required
def late_list(request: AuthedRequest) -> HttpResponse:
    """The dossiers the indicators count overdue now or will by the end of the next working day (the same rule),
    filtered by unit, procedure and state, with the working days overdue and a missed re-appointment."""
    unit = (
        get_unit_for_user(request.user, request.GET["unit"])
        if request.GET.get("unit")
        else acting_unit(request)
    )
    procedure_code = request.GET.get("procedure", "").strip()
    state = request.GET.get("state", "")
    state = state if state in LATE_STATES else ""
    now = timezone.now()
    qs = selectors.late_dossiers(request.user, unit=unit, now=now, procedure_code=procedure_code, state=state)
    if request.GET.get("from") or request.GET.get("to"):  # received in a period (the leaders' view links so)
        _d1, _d2, p = _period_from_request(request)
        qs = qs.filter(received_at__gte=p.start, received_at__lt=p.stop)
    q = request.GET.get("q", "").strip()
    if q:
        qs = selectors.dossier_search(qs, q, user=request.user)
    no_letter = request.GET.get("no_letter") == "1"
    if no_letter:
        qs = qs.filter(apology__isnull=True)
    cal = calendar_for(unit)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                d.code,
                d.unit.code,
                d.procedure.code,
                d.procedure.name,
                to_local(d.received_at).replace(tzinfo=None),
                to_local(d.due_at).replace(tzinfo=None),
                str(LATE_STATES[d.late_state]),  # type: ignore[attr-defined]  # selected by late_dossiers
                _days_overdue(d, now, cal),
                to_local(d.apology.new_due_at).replace(tzinfo=None) if hasattr(d, "apology") else "",
                "x" if d.re_overdue else "",  # type: ignore[attr-defined]  # annotated by late_dossiers
            ]
            for d in qs
        ]
        return xlsx_response(
            write_sheet(
                "Hồ sơ trễ hạn",
                [
                    "Mã hồ sơ",
                    "Đơn vị",
                    "Mã TTHC",
                    "Thủ tục",
                    "Tiếp nhận",
                    "Hẹn trả",
                    "Tình trạng",
                    "Số ngày làm việc quá hạn",
                    "Hẹn lại",
                    "Quá hẹn lại",
                ],
                rows,
            ),
            "ho-so-tre-han.xlsx",
        )
    page, query = paginate(request, qs)
    page.object_list = selectors.with_applicants(request.user, page.object_list)
    for d in page.object_list:
        d.days_overdue = _days_overdue(d, now, cal)  # type: ignore[attr-defined]  # shown by the template
    context = {
        "page": page,
        "query": query,
        "unit": unit,
        "q": q,
        "procedure_code": procedure_code,
        "state": state,
        "states": LATE_STATES,
        "search_names": not personal_data_reach(request.user).empty,
        "no_letter": no_letter,
        "now": now,
        "total": page.paginator.count,
    }
    return render(request, "onestop/late_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apology_create(request: AuthedRequest, code: str) -> HttpResponse:
    dossier = selectors.get_dossier_for_user(request.user, code, write=True)
    selectors.with_applicants(request.user, [dossier])
    if ApologyLetter.objects.filter(dossier=dossier).exists():
        messages.error(request, _("Hồ sơ này đã có phiếu xin lỗi; chỉ được hẹn lại một lần."))
        return redirect("onestop:dossier_detail", code=dossier.code)
    cal = calendar_for(dossier.unit)
    suggested = cal.closing_time(
        cal.add_working_days(to_local(max(dossier.due_at, timezone.now())).date(), 3)
    )
    form = ApologyForm(
        request.POST or None,
        initial={"new_due_at": suggested.replace(tzinfo=None), "signer_title": "Trưởng Công an"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_due = data["new_due_at"]
        new_due = new_due.astimezone(VN_TZ) if new_due.tzinfo else new_due.replace(tzinfo=VN_TZ)
        try:
            with audit_context(request.user, "web"):
                services.apology_issue(
                    dossier=dossier,
                    reason=data["reason"],
                    new_due_at=new_due,
                    actor=request.user,
                    place=data["place"],
                    signer_name=data["signer_name"],
                    signer_title=data["signer_title"],
                )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã lập phiếu xin lỗi và hẹn lại ngày trả kết quả."))
            return redirect("onestop:dossier_detail", code=dossier.code)
    return render(request, "onestop/apology_form.html", {"form": form, "dossier": dossier})


@login_required
def apology_download(request: AuthedRequest, code: str) -> HttpResponse:
    dossier = selectors.get_dossier_for_user(request.user, code)
    letter = ApologyLetter.objects.filter(dossier=dossier).select_related("dossier__unit__parent").first()
    if letter is None:
        raise Http404(_("Hồ sơ chưa có phiếu xin lỗi."))
    (shown,) = selectors.with_applicants(request.user, [letter.dossier])
    applicant = shown.applicant  # type: ignore[attr-defined]  # set by with_applicants
    return file_response(
        apology_docx(letter, applicant), f"phieu-xin-loi-{dossier.code}.docx", DOCX_CONTENT_TYPE
    )
