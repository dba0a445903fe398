"""766 figures typed from the national portal: entry by units, the coordinators' approval queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.audit.context import audit_context
from cchc.core.excel import write_sheet
from cchc.core.http import xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.orgs.scope import can_enter_data, scope_for
from cchc.workdays.calendar import to_local

from .. import selectors, services
from ..forms import PortalFigureForm
from ..input766 import enterable_figures
from ..models import PortalFigure
from ..unitscore import definitions_on
from ._common import _form_errors, _period_from_request, _unit_from_request


@login_required
@require_http_methods(["GET", "POST"])
def portal_figures(request: AuthedRequest) -> HttpResponse:
    """A unit's figures typed from the portal for a period: entered as proposals, counted once approved."""
    unit = _unit_from_request(request)
    if not can_enter_data(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu cho đơn vị này."))
    date_from, date_to, _p = _period_from_request(request)
    enterable = enterable_figures(definitions_on(date_to))
    codes = [
        (code, f"{code} — {title} (tối đa {max_points:g})") for code, (title, max_points) in enterable.items()
    ]
    form = PortalFigureForm(request.POST or None, codes=codes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with audit_context(request.user, "web"):
                services.portal_figure_propose(
                    unit=unit,
                    period_from=date_from,
                    period_to=date_to,
                    code=data["code"],
                    actor=request.user,
                    numerator=data["numerator"],
                    denominator=data["denominator"],
                    ratio=data["ratio"],
                    score=data["score"],
                    note=data["note"],
                )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("Đã gửi số liệu; số liệu chỉ được tính điểm sau khi cán bộ đầu mối duyệt.")
            )
            return redirect(
                f"{reverse('onestop:portal_figures')}?unit={unit.code}&from={date_from}&to={date_to}"
            )
    figures = (
        unit.portal_figures.filter(period_from=date_from, period_to=date_to)
        .select_related("entered_by", "decided_by")
        .order_by("code")
    )
    computed = _computed_beside(unit, _p, date_to)
    for f in figures:
        f.computed = computed.get(f.code)  # type: ignore[attr-defined]  # the platform's own figure, shown beside
    context = {
        "form": form,
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "figures": figures,
        "computed": computed,
    }
    return render(request, "onestop/portal_figures.html", context)


def _computed_beside(unit, p, date_to) -> dict[str, object]:
    """code → the ratio the platform computes from the unit's own dossiers (its subtree), where it has one: a typed
    figure never overrides it (:func:`cchc.onestop.unitscore.computed_codes`); both are shown."""
    from cchc.orgs.models import OrgUnit

    from ..indicators import rollup, unit_counts

    subtree = dict(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", "path"))
    counts = rollup(unit_counts(p, list(subtree)), subtree, unit.path)
    result = counts.indicators(definitions_on(date_to))
    out: dict[str, object] = {i.code: round(i.ratio, 2) for i in result.indicators if i.ratio is not None}
    if counts.full:
        out["ONLINE"] = round(counts.full_online / counts.full * 100, 2)
    return out


FIGURE_STATES = dict(PortalFigure.State.choices)


@login_required
def portal_figure_queue(request: AuthedRequest) -> HttpResponse:
    """A coordinator's queue of figures units proposed, in the units they manage, to approve or reject."""
    if scope_for(request.user).manage.empty:
        raise PermissionDenied(_("Chỉ cán bộ đầu mối được duyệt số liệu từ Cổng DVCQG."))
    state = request.GET.get("state", PortalFigure.State.PROPOSED)
    if state not in FIGURE_STATES:
        state = PortalFigure.State.PROPOSED
    qs = selectors.figures_to_decide(request.user, state=state)
    if request.GET.get("export") == "xlsx":
        headers = ["Đơn vị", "Từ ngày", "Đến ngày", "Mã chỉ số", "Tử số", "Mẫu số", "Tỷ lệ (%)", "Điểm",
                   "Ghi chú", "Trạng thái", "Người nhập", "Nhập lúc", "Người duyệt", "Duyệt lúc", "Lý do từ chối"]  # fmt: skip
        rows = [
            [
                f.unit.code,
                f.period_from,
                f.period_to,
                f.code,
                f.numerator,
                f.denominator,
                f.ratio,
                f.score,
                f.note,
                f.get_state_display(),
                f.entered_by.display_name if f.entered_by else "",
                to_local(f.entered_at).replace(tzinfo=None) if f.entered_at else None,
                f.decided_by.display_name if f.decided_by else "",
                to_local(f.decided_at).replace(tzinfo=None) if f.decided_at else None,
                f.rejection_reason,
            ]
            for f in qs
        ]
        return xlsx_response(write_sheet("Số liệu Cổng DVCQG", headers, rows), "so-lieu-cong-dvcqg.xlsx")
    page, query = paginate(request, qs)
    for f in page.object_list:
        f.can_decide = _may_decide(request.user, f)
    context = {
        "page": page,
        "query": query,
        "state": state,
        "states": PortalFigure.State.choices,
        "total": page.paginator.count,
    }
    return render(request, "onestop/portal_figure_queue.html", context)


def _may_decide(user, figure) -> bool:
    try:
        services.check_may_decide_figure(user, figure)
    except PermissionDenied:
        return False
    return True


@login_required
@require_http_methods(["POST"])
def portal_figure_decide(request: AuthedRequest, pk: int) -> HttpResponse:
    figure = selectors.get_portal_figure_for_user(request.user, pk, decide=True)
    action = request.POST.get("action")
    try:
        with audit_context(request.user, "web"):
            if action == "approve":
                services.portal_figure_approve(figure=figure, actor=request.user)
                messages.success(
                    request, _("Đã duyệt số liệu %(code)s của %(unit)s.") % _figure_names(figure)
                )
            elif action == "reject":
                services.portal_figure_reject(
                    figure=figure, actor=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(
                    request, _("Đã từ chối số liệu %(code)s của %(unit)s.") % _figure_names(figure)
                )
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("onestop:portal_figure_queue")


def _figure_names(figure) -> dict[str, str]:
    return {"code": figure.code, "unit": figure.unit.name}
