"""The target register's pages: the list with each target's actual value and status, create/edit, the manual
figure, the Excel import (preview → confirm) and its template."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.audit.selectors import history_for_object
from cchc.core import staging
from cchc.core.errors import DomainError
from cchc.core.excel import write_sheet
from cchc.core.http import xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.core.versioning import StaleEdit
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import get_unit_for_user, scope_for

from . import importer, registry, rules, selectors, services
from .forms import ImportForm, ManualValueForm, TargetForm
from .models import Target


def _year(request: AuthedRequest) -> int:
    text = request.GET.get("nam", "")
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else timezone.localdate().year


def _statuses(request: AuthedRequest) -> tuple[list[selectors.TargetStatus], dict[str, Any]]:
    year = _year(request)
    qs = selectors.targets_for_user(request.user).filter(year=year)
    code = request.GET.get("don_vi", "").strip()
    unit = get_unit_for_user(request.user, code) if code else None
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    measure = request.GET.get("chi_so", "").strip()
    if measure:
        qs = qs.filter(code__startswith="manual.") if measure == "manual" else qs.filter(code=measure)
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.filter(
            Q(title__unaccent__icontains=text)
            | Q(code__icontains=text)
            | Q(source__unaccent__icontains=text)
            | Q(unit__name__unaccent__icontains=text)
            | Q(unit__code__icontains=text)
        )
    below = unit is not None and request.GET.get("cap_duoi") == "1"
    items: list[Any]
    if below and unit is not None:
        # every unit below measured against the targets in force there (set above "for the subtree" or its own)
        reach = scope_for(request.user).view
        kept = set(qs.values_list("pk", flat=True))
        items = [
            a
            for a in selectors.targets_for_subtree(unit, year)
            if reach.contains(a.unit)
            and (a.target.pk in kept or (a.inherited and _matches(a.target, measure, text)))
        ]
    else:
        items = list(qs.order_by("unit__path", "code"))
    statuses = selectors.evaluate(items)
    status = request.GET.get("tt", "")
    if status in rules.STATUSES:
        statuses = [s for s in statuses if s.status == status]
    filters = {
        "year": year,
        "unit_code": code,
        "unit": unit,
        "measure": measure,
        "text": text,
        "status": status,
    }
    return statuses, filters


def _matches(target: Target, measure: str, text: str) -> bool:
    """The list's measure and text filters, for a target inherited from a unit above (not in the queryset)."""
    if measure and not (target.code.startswith("manual.") if measure == "manual" else target.code == measure):
        return False
    if text:
        from cchc.core.text import fold

        hay = fold(" ".join((target.title, target.code, target.source, target.unit.name, target.unit.code)))
        return fold(text) in hay
    return True


@login_required
def target_list(request: AuthedRequest) -> HttpResponse:
    if scope_for(request.user).view.empty:
        raise PermissionDenied(_("Bạn chưa được phân quyền xem đơn vị nào."))
    statuses, filters = _statuses(request)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_workbook(statuses), f"chi-tieu-{filters['year']}.xlsx")
    page, query = paginate(request, statuses)
    counts = {s: sum(1 for x in statuses if x.status == s) for s in rules.STATUSES}
    scope = scope_for(request.user)
    return render(
        request,
        "targets/list.html",
        {
            "page": page,
            "query": query,
            **filters,
            "counts": counts,
            "status_labels": selectors.STATUS_LABELS,
            "measures": registry.known_codes(),
            "can_edit": not scope.manage.empty,
            "editable": {s.target.pk for s in page.object_list if selectors.may_edit(request.user, s.unit)},
        },
    )


def _workbook(statuses: list[selectors.TargetStatus]) -> bytes:
    headers = [
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Năm"),
        _("Mã chỉ số"),
        _("Tên chỉ tiêu"),
        _("So sánh"),
        _("Chỉ tiêu"),
        _("Thực hiện"),
        _("Tử số"),
        _("Mẫu số"),
        _("Từ ngày"),
        _("Đến ngày"),
        _("Tình trạng"),
        _("Căn cứ"),
        _("Ghi chú"),
    ]
    rows = [
        [
            s.unit.code,
            s.unit.name,
            s.target.year,
            s.code,
            s.title,
            s.comparison,
            s.value,
            s.actual,
            s.numerator,
            s.denominator,
            s.period_from,
            s.period_to,
            s.status_label,
            s.target.source,
            s.note,
        ]
        for s in statuses
    ]
    return write_sheet(_("Chỉ tiêu"), headers, rows)


def _form_context(
    request: AuthedRequest, form: TargetForm, target: Target | None, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "targets/form.html",
        {"form": form, "target": target, "measures": registry.known_codes(), **extra},
    )


def _data(request: AuthedRequest, form: TargetForm) -> services.TargetData:
    code = form.cleaned_data["unit"]
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None or not selectors.may_edit(request.user, unit):
        raise DomainError(
            "unknown_unit",
            gettext_lazy("Không có đơn vị “%(unit)s” trong phạm vi bạn điều phối."),
            unit=code,
            field="unit",
        )
    return services.TargetData(
        unit=unit,
        year=form.cleaned_data["year"],
        code=form.cleaned_data["code"],
        comparison=form.cleaned_data["comparison"],
        value=Decimal(form.cleaned_data["value"]),
        applies_to_subtree=form.cleaned_data["applies_to_subtree"],
        title=form.cleaned_data["title"],
        source=form.cleaned_data["source"],
    )


def _add_error(form: Any, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@login_required
def target_create(request: AuthedRequest) -> HttpResponse:
    if scope_for(request.user).manage.empty:
        raise PermissionDenied(_("Bạn không có quyền đặt chỉ tiêu."))
    initial = {"year": timezone.localdate().year, "comparison": ">=", "unit": request.GET.get("don_vi", "")}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.target_create(data=_data(request, form), actor=request.user)
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Đã thêm chỉ tiêu."))
            return redirect("targets:edit", pk=target.pk)
    return _form_context(request, form, None)


@login_required
def target_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    target = selectors.get_target_for_user(request.user, pk)
    may_edit = selectors.may_edit(request.user, target.unit)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied(_("Bạn không có quyền sửa chỉ tiêu của đơn vị này."))
    initial = {
        "unit": target.unit.code,
        "year": target.year,
        "code": target.code,
        "comparison": target.comparison,
        "value": target.value,
        "applies_to_subtree": target.applies_to_subtree,
        "title": target.title,
        "source": target.source,
        "edit_version": target.edit_version,
    }
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_update(
                target=target, data=_data(request, form), actor=request.user, version=form.loaded_version
            )
        except StaleEdit as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("targets:edit", pk=target.pk)
    status = selectors.evaluate([target])[0]
    manual_form = ManualValueForm(
        initial={"manual_value": target.manual_value, "edit_version": target.edit_version}
    )
    return _form_context(
        request,
        form,
        target,
        status=status,
        may_edit=may_edit,
        manual_form=manual_form
        if target.is_manual and selectors.may_enter_manual(request.user, target.unit)
        else None,
        history=history_for_object("targets_target", target.pk),
        tasks=target.plan_tasks.select_related("plan").order_by("plan_id", "order")[:50],
    )


@login_required
@require_POST
def target_manual(request: AuthedRequest, pk: int) -> HttpResponse:
    target = selectors.get_target_for_user(request.user, pk)
    form = ManualValueForm(request.POST)
    if form.is_valid():
        try:
            services.manual_value_enter(
                target=target,
                value=form.cleaned_data["manual_value"],
                actor=request.user,
                version=form.loaded_version,
            )
        except (DomainError, ValidationError) as exc:
            messages.error(request, exc.message if isinstance(exc, DomainError) else " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ghi số liệu thực hiện."))
    else:
        messages.error(request, _("Số liệu không hợp lệ."))
    return redirect("targets:edit", pk=target.pk)


@login_required
@require_POST
def target_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    target = selectors.get_target_for_user(request.user, pk, write=True)
    if target.plan_tasks.exists():
        messages.error(request, _("Chỉ tiêu đang được nhiệm vụ kế hoạch sử dụng, không xóa được."))
        return redirect("targets:edit", pk=target.pk)
    services.target_delete(target=target, actor=request.user)
    messages.success(request, _("Đã xóa chỉ tiêu."))
    return redirect("targets:list")


@login_required
def target_import(request: AuthedRequest) -> HttpResponse:
    """Upload → preview (nothing written) → confirm, all or nothing."""
    if scope_for(request.user).manage.empty:
        raise PermissionDenied(_("Bạn không có quyền đặt chỉ tiêu."))
    token = request.POST.get("token")
    form = ImportForm(request.POST or None, request.FILES or None)
    if token:
        try:
            data = staging.load(token, request.user, kind="targets")
        except staging.StagedUploadError as exc:
            messages.error(request, str(exc))
            return redirect("targets:import")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            importer.read(data, name=upload.name)
        except DomainError as exc:
            form.add_error("file", exc.message)
            return render(request, "targets/import.html", {"form": form})
        token = staging.stage(data, request.user, kind="targets")
    else:
        return render(request, "targets/import.html", {"form": form})
    try:
        plan = importer.plan(importer.read(data), request.user)
    except DomainError as exc:
        staging.discard(token)
        form.add_error("file", exc.message)
        return render(request, "targets/import.html", {"form": form})
    if request.POST.get("confirm") == "1":
        if plan.has_errors:
            messages.error(request, _("Tệp còn lỗi, chưa nhập được."))
        else:
            counts = importer.apply(plan, request.user)
            staging.discard(token)
            messages.success(
                request,
                _("Đã nhập: %(c)s chỉ tiêu mới, %(u)s cập nhật.")
                % {"c": counts["created"], "u": counts["updated"]},
            )
            return redirect("targets:list")
    counts = {a: plan.count(a) for a in ("create", "update", "error")}
    return render(
        request,
        "targets/import.html",
        {"form": form, "plan": plan, "token": token, "counts": counts, "headers": importer.HEADERS},
    )


@login_required
def target_import_template(request: AuthedRequest) -> HttpResponse:
    return xlsx_response(importer.template_bytes(), "mau-nhap-chi-tieu.xlsx")
