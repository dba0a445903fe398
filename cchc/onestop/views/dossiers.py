"""Dossier list (with its filters and export) and dossier detail."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cchc.core.excel import write_sheet
from cchc.core.http import xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.orgs.scope import can_enter_data, get_unit_for_user, personal_data_reach, scope_for
from cchc.workdays.calendar import to_local

from .. import selectors, workflow
from ..models import ApologyLetter, Channel, DeskStep, Status
from ._common import _period_from_request, acting_unit


def _dossier_filters(request: AuthedRequest):
    qs = selectors.dossiers_visible_to(request.user)
    f = {
        k: request.GET.get(k, "").strip()
        for k in ("q", "unit", "status", "channel", "procedure", "set", "late")
    }
    unit = get_unit_for_user(request.user, f["unit"]) if f["unit"] else acting_unit(request)
    if unit is not None:
        qs = qs.filter(selectors.unit_filter_q(unit, subtree=request.GET.get("own") != "1"))
    if f["status"]:
        qs = qs.filter(status=f["status"])
    if f["channel"]:
        qs = qs.filter(channel=f["channel"])
    if f["procedure"]:
        qs = qs.filter(procedure__code=f["procedure"])
    if f["q"]:
        qs = selectors.dossier_search(qs, f["q"], user=request.user)
    set_label = None
    p = None
    if f["set"] in selectors.DRILL_SETS:
        _from, _to, p = _period_from_request(request)
        qs = selectors.in_set(qs, f["set"], p)
        set_label = selectors.DRILL_SETS[f["set"]][1]
    elif request.GET.get("from") or request.GET.get("to"):
        _d1, _d2, p = _period_from_request(request)
        qs = qs.filter(received_at__gte=p.start, received_at__lt=p.stop)
    if f["late"] == "1":
        qs = qs.filter(finished_at__isnull=True, due_at__lt=timezone.now())
    return qs.order_by("-received_at"), f, unit, set_label, p


@login_required
def dossier_list(request: AuthedRequest) -> HttpResponse:
    qs, f, unit, set_label, p = _dossier_filters(request)
    if request.GET.get("export") == "xlsx":
        headers = [
            "Mã hồ sơ",
            "Đơn vị",
            "Mã TTHC",
            "Thủ tục",
            "Hình thức",
            "Tiếp nhận",
            "Hẹn trả",
            "Kết thúc",
            "Trạng thái",
            "Số lần bổ sung",
            "Người nộp",
        ]
        rows = [
            [
                d.code,
                d.unit.code,
                d.procedure.code,
                d.procedure.name,
                d.get_channel_display(),
                to_local(d.received_at).replace(tzinfo=None),
                to_local(d.due_at).replace(tzinfo=None),
                to_local(d.finished_at).replace(tzinfo=None) if d.finished_at else None,
                d.get_status_display(),
                d.supplement_requests,
                d.applicant.name,  # type: ignore[attr-defined]  # set by with_applicants
            ]
            for d in selectors.with_applicants(request.user, qs[:100000])
        ]
        return xlsx_response(write_sheet("Hồ sơ", headers, rows), "ho-so.xlsx")
    page, query = paginate(request, qs)
    page.object_list = selectors.with_applicants(request.user, page.object_list)
    now = timezone.now()
    context = {
        "page": page,
        "query": query,
        "f": f,
        "unit": unit,
        "set_label": set_label,
        "period": p,
        "statuses": Status.choices,
        "channels": Channel.choices,
        "now": now,
        "can_enter": not scope_for(request.user).data.empty,
        "total": page.paginator.count,
        "search_names": not personal_data_reach(request.user).empty,
    }
    return render(request, "onestop/dossier_list.html", context)


@login_required
def dossier_detail(request: AuthedRequest, code: str) -> HttpResponse:
    dossier = selectors.get_dossier_for_user(request.user, code)
    selectors.with_applicants(request.user, [dossier])
    letter = ApologyLetter.objects.filter(dossier=dossier).first()
    now = timezone.now()
    context = {
        "dossier": dossier,
        "letter": letter,
        "on_time_now": selectors.on_time_at(dossier, min(now, dossier.finished_at or now)),
        "can_write": can_enter_data(request.user, dossier.unit),
        "history": selectors.dossier_history(request.user, dossier, letter),
        "batch": dossier.batch,
        "steps": list(dossier.desk_steps.select_related("actor")),
        "next_steps": [(k, DeskStep.Kind(k).label) for k in workflow.steps_allowed(dossier)],
    }
    return render(request, "onestop/dossier_detail.html", context)
