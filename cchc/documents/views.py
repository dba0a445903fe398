"""Register of issued document numbers (/van-ban/): list, search, Excel export, take a number."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.orgs.scope import can_enter_data, get_unit_for_user, manageable_units

from . import doc_types, selectors
from .forms import IssuerProfileForm, ReserveForm
from .letterhead import letterhead
from .services import document_number_reserve, issuer_profile_set


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def register(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    year = _int(request.GET.get("year"))
    kind = request.GET.get("type", "")
    issuer = get_unit_for_user(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    docs = selectors.issued_list(request.user, text=text, year=year, doc_type=kind, issuer=issuer)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                d.issuer.name,
                d.number_text,
                d.doc_type_name,
                d.issued_on,
                d.summary,
                d.created_by.get_full_name() if d.created_by else "",
                d.created_at.date(),
            ]
            for d in docs
        ]
        headers = [
            _("Đơn vị ban hành"),
            _("Số, ký hiệu"),
            _("Loại văn bản"),
            _("Ngày văn bản"),
            _("Trích yếu"),
            _("Người lấy số"),
            _("Ngày lấy số"),
        ]
        data = write_sheet(_("Sổ văn bản đi"), headers, rows, widths=[30, 22, 16, 14, 60, 22, 14])
        return xlsx_response(data, "so-van-ban-di.xlsx")
    page, query = paginate(request, docs)
    context = {
        "page": page,
        "query": query,
        "text": text,
        "year": year,
        "kind": kind,
        "issuer": issuer,
        "years": selectors.issued_years(request.user),
        "types": [(t.code, t.name) for t in doc_types.doc_types().values() if not t.copy],
        "total": page.paginator.count,
        "can_reserve": selectors.issuer_choices(request.user).exists(),
        "can_set_profiles": manageable_units(request.user).exists(),
    }
    template = (
        "documents/_register_rows.html"
        if getattr(request, "htmx", False) and request.htmx.target == "register-results"
        else "documents/register.html"
    )
    return render(request, template, context)


@login_required
def reserve(request: AuthedRequest) -> HttpResponse:
    if not selectors.issuer_choices(request.user).exists():
        raise PermissionDenied(_("Bạn không có quyền lấy số văn bản."))
    form = ReserveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["issuer"]
        if not can_enter_data(request.user, unit):
            raise PermissionDenied
        try:
            doc = document_number_reserve(
                issuer=unit,
                doc_type_code=form.cleaned_data["doc_type"],
                symbol=form.cleaned_data["symbol"],
                summary=form.cleaned_data["summary"],
                on_date=form.cleaned_data["on_date"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lấy số %(n)s.") % {"n": doc.number_text})
            return redirect("documents:index")
    return render(request, "documents/reserve.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profiles(request: AuthedRequest) -> HttpResponse:
    """Thể thức văn bản of the units a coordinator manages: agency ký hiệu and place name (NĐ 30/2020)."""
    units = manageable_units(request.user).order_by("path")
    if not units.exists():
        raise PermissionDenied(_("Chỉ đầu mối quản lý đơn vị được đặt thể thức văn bản."))
    initial = {}
    if request.GET.get("unit"):
        unit = get_unit_for_user(request.user, request.GET["unit"], manage=True)
        head = letterhead(unit)
        initial = {"unit": unit, "symbol": head.symbol if head.own_profile else "", "place": head.place}
    form = IssuerProfileForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            issuer_profile_set(
                unit=form.cleaned_data["unit"],
                actor=request.user,
                symbol=form.cleaned_data["symbol"],
                place=form.cleaned_data["place"],
            )
        except DomainError as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            messages.success(request, _("Đã lưu thể thức văn bản của đơn vị."))
            return redirect("documents:profiles")
    page, query = paginate(request, list(units))
    rows = [(u, letterhead(u)) for u in page.object_list]
    return render(
        request, "documents/profiles.html", {"form": form, "page": page, "query": query, "rows": rows}
    )
