"""The monthly 766 results: the coordinators' page (review, approve and publish, correct, withdraw) and the public
page (no login, no JavaScript, no personal data) with its Excel download."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.orgs.models import OrgUnit

from .. import publish766 as pub
from ..models import Publication766
from ._common import _unit_from_request
from .indicators import RANK_GROUP_LABELS


def _last_month() -> date:
    return (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)


def _month_from(request: HttpRequest, name: str = "thang") -> date | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return pub.parse_month(text)
    except DomainError as exc:
        messages.error(request, exc.message)
        return None


def _manage_url(unit: OrgUnit, month: date) -> str:
    return f"{reverse('onestop:publication_manage')}?unit={unit.code}&thang={pub.month_text(month)}"


@login_required
@require_http_methods(["GET", "POST"])
def publication_manage(request: AuthedRequest) -> HttpResponse:
    """Review a month's 766 results of a unit's units (as the 766 page computes them), approve and publish them;
    the versions published, corrected and withdrawn."""
    unit = _unit_from_request(request)
    month = _month_from(request) or _last_month()
    can_publish = pub.may_publish(request.user, unit)
    if request.method == "POST":
        if not can_publish:
            raise PermissionDenied(_("Chỉ cán bộ đầu mối được duyệt công khai kết quả 766."))
        action = request.POST.get("action")
        try:
            if action == "approve":
                done = pub.publication_approve(
                    organiser=unit,
                    month=month,
                    actor=request.user,
                    reason=request.POST.get("reason", ""),
                    expected_digest=request.POST.get("digest", ""),
                )
                messages.success(
                    request,
                    _("Đã duyệt và công khai kết quả 766 tháng %(month)s (phiên bản %(v)s).")
                    % {"month": f"{month:%m/%Y}", "v": done.version},
                )
            elif action == "withdraw":
                target = pub.get_publication_for_user(request.user, int(request.POST.get("pk") or 0))
                if target.organiser_id != unit.pk:
                    raise PermissionDenied(_("Kết quả này không thuộc đơn vị đang xem."))
                pub.publication_withdraw(
                    publication=target, actor=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(
                    request, _("Đã rút kết quả 766 tháng %(month)s.") % {"month": f"{target.month:%m/%Y}"}
                )
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
        except DomainError as exc:
            messages.error(request, exc.message)
        except ValueError:
            messages.error(request, _("Thao tác không hợp lệ."))
        return redirect(_manage_url(unit, month))
    prepared = None
    try:
        prepared = pub.prepare(unit, month)
    except DomainError as exc:
        messages.info(request, exc.message)
    refusal = ""
    if prepared is not None:
        refusal = pub.refusal(request.user, unit, [x.unit for x in prepared.lines])
    versions = pub.versions_of(unit)
    context = {
        "unit": unit,
        "month": month,
        "month_text": pub.month_text(month),
        "month_end": pub.month_end(month),
        "prepared": prepared,
        "digest": prepared.digest() if prepared else "",
        "can_publish": can_publish,
        "refusal": refusal,
        "published_now": versions.filter(month=month, state=Publication766.State.PUBLISHED).first(),
        "month_has_versions": versions.filter(month=month).exists(),
        "versions": versions[:60],
        "rank_groups": RANK_GROUP_LABELS,
    }
    return render(request, "onestop/publication_manage.html", context)


# ---------------------------------------------------------------- public


def _public_response(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    response = render(request, "onestop/public766.html", context)
    response["Cache-Control"] = "public, max-age=300"
    return response


def public766(request: HttpRequest) -> HttpResponse:
    """``/mot-cua/cong-khai/766/``: the published months of an organising unit — each unit's groups, total, band and
    rank; a unit's line month by month; search without accents; Excel of the month shown."""
    organisers = list(pub.public_organisers())
    code = request.GET.get("to_chuc", "")
    organiser = next((o for o in organisers if o.code == code), organisers[0] if organisers else None)
    context: dict[str, Any] = {
        "organisers": organisers,
        "organiser": organiser,
        "q": request.GET.get("q", ""),
    }
    if organiser is None:
        return _public_response(request, context)
    months = list(pub.published().filter(organiser=organiser).order_by("-month"))
    wanted = _month_from(request)
    current = next((p for p in months if wanted is None or p.month == wanted), None)
    unit_code = request.GET.get("don_vi", "").strip()
    history = list(pub.unit_history(organiser, unit_code)) if unit_code else []
    context |= {
        "months": months,
        "publication": current,
        "wanted": wanted,
        "unit_code": unit_code,
        "history": history,
        "withdrawn": pub.withdrawn_months(organiser)[:12],
        "rank_groups": RANK_GROUP_LABELS,
    }
    if current is not None:
        rows = pub.public_rows(current, context["q"])
        if request.GET.get("export") == "xlsx":
            return _month_workbook(current, rows)
        page, query = paginate(request, rows)
        for r in page.object_list:
            r.group_scores = _scores(r, current.groups)
        context |= {"page": page, "query": query}
    for r in history:
        r.group_scores = _scores(r, r.publication.groups)  # type: ignore[attr-defined]  # shown in the table
    return _public_response(request, context)


def _scores(row: Any, groups: list[dict[str, Any]]) -> list[Decimal | None]:
    """A line's group scores in the groups' order, as numbers (shown with the Vietnamese decimal comma)."""
    return [Decimal(row.scores[g["code"]]) if g["code"] in row.scores else None for g in groups]


def _month_workbook(publication: Publication766, rows) -> HttpResponse:
    groups = publication.groups
    headers = [
        "Xếp hạng",
        "Xếp hạng trong nhóm",
        "Nhóm",
        "Mã đơn vị",
        "Đơn vị",
        *[f"{g['title']} (tối đa {g['max']:g})" for g in groups],
        "Tổng điểm",
        "Xếp loại",
        "Thiếu số liệu",
    ]
    data = [
        [
            r.rank,
            r.group_rank,
            str(RANK_GROUP_LABELS.get(r.rank_group, r.rank_group)),
            r.unit_code,
            r.unit_name,
            *[float(r.scores[g["code"]]) if g["code"] in r.scores else None for g in groups],
            float(r.total),
            r.band,
            "x" if r.lacking else "",
        ]
        for r in rows
    ]
    name = f"ket-qua-766-{publication.organiser.code}-{publication.month:%Y-%m}-v{publication.version}.xlsx"
    return xlsx_response(write_sheet(f"766 {publication.month:%m-%Y}", headers, data), name)
