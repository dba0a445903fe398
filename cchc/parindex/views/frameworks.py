"""Criteria frameworks: list, detail (Excel/JSON), import, sample."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import JSON_CONTENT_TYPE, file_response, xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest

from .. import results, selectors, services
from ..forms import FrameworkImportForm
from ..framework_checks import FrameworkInvalid
from ..models import Framework


@login_required
def framework_list(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    qs = (
        selectors.frameworks_for_user(request.user)
        .annotate(n=Count("criteria", filter=Q(criteria__is_leaf=True)))
        .order_by("-year", "unit_kind", "-version", "pk")
    )  # the aggregate's GROUP BY drops Meta.ordering
    if text:
        qs = qs.filter(name__unaccent__icontains=text)
    if request.GET.get("export") == "xlsx":
        headers = [
            _("Bộ tiêu chí"),
            _("Năm"),
            _("Phiên bản"),
            _("Loại đơn vị"),
            _("Mẫu tham khảo"),
            _("Số tiêu chí"),
        ]
        rows = [
            [f.name, f.year, f.version, f.get_unit_kind_display(), _("Có") if f.is_sample else "", f.n]
            for f in qs
        ]
        return xlsx_response(write_sheet(_("Bộ tiêu chí"), headers, rows), "bo-tieu-chi.xlsx")
    page, query = paginate(request, qs)
    return render(
        request,
        "parindex/framework_list.html",
        {
            "page": page,
            "query": query,
            "text": text,
            "can_manage": selectors.can_manage_frameworks(request.user),
        },
    )


@login_required
def framework_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    fw = Framework.objects.filter(pk=pk).first()
    if fw is None:
        raise Http404
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "framework.xlsx"
            results.write_framework_workbook(fw, path)
            return xlsx_response(path.read_bytes(), f"bo-tieu-chi-{fw.year}-v{fw.version}.xlsx")
    if fmt == "json":
        data = json.dumps(
            {"framework": results.framework_document(fw)}, ensure_ascii=False, indent=1
        ).encode()
        return file_response(data, f"bo-tieu-chi-{fw.year}-v{fw.version}.json", JSON_CONTENT_TYPE)
    criteria = list(fw.criteria.order_by("position"))
    return render(
        request,
        "parindex/framework_detail.html",
        {"fw": fw, "criteria": criteria, "total": sum((c.max_points for c in criteria if c.parent_id is None), Decimal(0)),
         "rounds": selectors.rounds_for_user(request.user).filter(framework=fw)},
    )  # fmt: skip


@login_required
def framework_import(request: AuthedRequest) -> HttpResponse:
    if not selectors.can_manage_frameworks(request.user):
        raise PermissionDenied(_("Chỉ cán bộ đầu mối nhập bộ tiêu chí."))
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".json"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"bo-tieu-chi{suffix}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                fw = services.framework_import_file(
                    path=path, actor=request.user, unit_kind=form.cleaned_data["unit_kind"]
                )
            except FrameworkInvalid as exc:
                for message in exc.messages():
                    form.add_error("file", message)
            except DomainError as exc:
                form.add_error("file", exc.detail)
            else:
                messages.success(request, _("Đã nhập bộ tiêu chí (phiên bản %(v)s).") % {"v": fw.version})
                return redirect("parindex:framework_detail", pk=fw.pk)
    return render(request, "parindex/framework_import.html", {"form": form})


@login_required
@require_POST
def framework_sample(request: AuthedRequest) -> HttpResponse:
    if not selectors.can_manage_frameworks(request.user):
        raise PermissionDenied
    try:
        year = int(request.POST.get("year", "2024"))
    except ValueError:
        year = 2024
    fw = services.sample_framework(year=year, actor=request.user)
    messages.success(request, _("Đã tạo bộ tiêu chí mẫu năm %(y)s.") % {"y": year})
    return redirect("parindex:framework_detail", pk=fw.pk)
