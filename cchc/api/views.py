"""The web pages of the API app: a user's tokens (created and revoked from the account page; the token is shown
once) and the administrators' sharing log (NĐ 47/2020 Điều 45) with its Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.dates import parse_day
from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest

from . import selectors
from .forms import TokenForm
from .tokens import api_token_create, api_token_revoke

EXPORT_LIMIT = 100_000


@login_required
def token_create(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                write=form.cleaned_data["write"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            response = render(request, "api/token_created.html", {"token": token, "raw": raw})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_form.html", {"form": form})


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = selectors.get_token_for_user(request.user, pk)
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Đã thu hồi khóa API “%(name)s”.") % {"name": token.name})
    return redirect("profile")


def _day(text: str | None) -> object:
    if not text:
        return None
    try:
        return parse_day(text)
    except ValueError:
        return None


@login_required
def call_log(request: AuthedRequest) -> HttpResponse:
    selectors.require_admin(request.user)
    filters = selectors.LogFilters(
        text=request.GET.get("q", "").strip(),
        method=request.GET.get("method", "").strip(),
        status=request.GET.get("status", "").strip(),
        date_from=_day(request.GET.get("from")),  # type: ignore[arg-type]
        date_to=_day(request.GET.get("to")),  # type: ignore[arg-type]
    )
    qs = selectors.call_log(filters)
    if request.GET.get("export") == "xlsx":
        headers = [
            _("Thời điểm"),
            _("Khóa API"),
            _("Người dùng"),
            _("Phương thức"),
            _("Đường dẫn"),
            _("Tham số"),
            _("Mã trạng thái"),
            _("Số bản ghi trả về"),
            _("Số bản ghi ghi"),
            _("Thời gian xử lý (ms)"),
            _("Địa chỉ"),
        ]
        rows = [
            [
                timezone.localtime(c.at).replace(tzinfo=None),
                c.token_name,
                c.user.username if c.user else "",
                c.method,
                c.path,
                c.query,
                c.status,
                c.rows_returned,
                c.rows_written,
                c.duration_ms,
                c.remote_addr,
            ]
            for c in qs[:EXPORT_LIMIT]
        ]
        return xlsx_response(write_sheet(_("Nhật ký API"), headers, rows), "nhat-ky-api.xlsx")
    page, query = paginate(request, qs)
    return render(
        request,
        "api/call_log.html",
        {"page": page, "query": query, "filters": filters, "raw": request.GET, "methods": ["GET", "POST"]},
    )
