"""The procedure catalogue: list, detail, import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.audit.context import audit_context
from cchc.audit.selectors import history_for_object
from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import get_unit_for_user, scope_for

from .. import selectors
from ..catalogue import catalogue_owners_for, get_procedure_for_user, home_unit
from ..forms import NATIONAL, ProcedureUploadForm
from ..importing import ImportRejected
from ..importing import import_procedures as do_import_procedures
from ..models import Procedure
from ..tables import read_table


def _catalogue_unit(request: AuthedRequest) -> OrgUnit | None:
    """The unit whose catalogue a page shows: ``?unit=`` (if visible), else the user's home unit."""
    code = request.GET.get("unit")
    return get_unit_for_user(request.user, code) if code else home_unit(request.user)


@login_required
def procedure_list(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    field = request.GET.get("field", "")
    online = request.GET.get("online", "")
    unit = _catalogue_unit(request)
    qs = selectors.procedure_list(unit=unit, text=text, field=field, online_level=online)
    if request.GET.get("export") == "xlsx":
        headers = [
            "Mã TTHC",
            "Tên thủ tục",
            "Lĩnh vực",
            "Cấp thực hiện",
            "Thời hạn",
            "Đơn vị",
            "Phí, lệ phí",
            "Mức trực tuyến",
            "QĐ công bố",
            "Ngày QĐ",
            "Ngày công khai",
            "Công khai trên trang đơn vị",
            "Dữ liệu mẫu",
        ]
        rows = [
            [
                p.code,
                p.name,
                p.field,
                p.level,
                p.processing_amount,
                p.get_processing_unit_display(),
                int(p.fee),
                p.get_online_level_display(),
                p.decision_ref,
                p.decision_date,
                p.published_on,
                "x" if p.public_on_unit_page else "",
                "x" if p.is_demo else "",
            ]
            for p in qs
        ]
        return xlsx_response(write_sheet("TTHC", headers, rows), "thu-tuc-hanh-chinh.xlsx")
    page, query = paginate(request, qs)
    context = {
        "page": page,
        "query": query,
        "text": text,
        "field": field,
        "online": online,
        "unit": unit,
        "fields": selectors.procedure_list(unit=unit)
        .exclude(field="")
        .order_by("field")
        .values_list("field", flat=True)
        .distinct(),
        "levels": Procedure.OnlineLevel.choices,
        "can_import": bool(catalogue_owners_for(request.user)) or scope_for(request.user).is_admin,
        "total": page.paginator.count,
    }
    template = (
        "onestop/_procedure_rows.html"
        if request.htmx and request.htmx.target == "procedure-results"
        else "onestop/procedure_list.html"
    )
    return render(request, template, context)


@login_required
def procedure_detail(request: AuthedRequest, code: str) -> HttpResponse:
    procedure = get_procedure_for_user(request.user, code, unit=_catalogue_unit(request))
    context = {"procedure": procedure, "history": history_for_object("onestop_procedure", procedure.pk)}
    return render(request, "onestop/procedure_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def procedure_import(request: AuthedRequest) -> HttpResponse:
    owners = catalogue_owners_for(request.user)
    national = scope_for(request.user).is_admin
    if not owners and not national:
        raise PermissionDenied(_("Chỉ cán bộ đầu mối hoặc quản trị được nhập danh mục thủ tục."))
    form = ProcedureUploadForm(request.POST or None, request.FILES or None, owners=owners, national=national)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        code = form.cleaned_data["owner"]
        owner = None if code == NATIONAL else get_unit_for_user(request.user, code, manage=True)
        try:
            with audit_context(request.user, "web:import_procedures"):
                result = do_import_procedures(
                    read_table(upload.read(), upload.name), owner=owner, actor=request.user, via="web"
                )
        except ImportRejected as exc:
            errors = exc
        except DomainError as exc:
            form.add_error("file", exc.message)
        except PermissionDenied as exc:
            form.add_error("owner", str(exc))
        else:
            messages.success(
                request,
                _("Đã nhập %(rows)s thủ tục: %(created)s mới, %(updated)s cập nhật.")
                % {"rows": result.rows, "created": result.created, "updated": result.updated},
            )
            return redirect("onestop:procedure_list")
    return render(request, "onestop/procedure_import.html", {"form": form, "rejected": errors})
