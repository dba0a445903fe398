"""Units and groups: thin views — parse, check scope, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.audit.selectors import history_for_unit
from cchc.core import staging
from cchc.core.errors import DomainError
from cchc.core.http import xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.core.versioning import StaleEdit, status_for

from . import excel, selectors, services
from .forms import GroupForm, ReorganiseForm, UnitForm, UnitImportForm
from .models import OrgUnit, UnitGroup, UnitKind
from .scope import can_manage_unit, get_unit_for_user, manageable_units, scope_for, valid_on_q, visible_units


@login_required
def unit_list(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    only_current = request.GET.get("all") != "1"
    under = None
    if request.GET.get("under"):
        under = get_unit_for_user(request.user, request.GET["under"])
    units = selectors.unit_list(
        request.user, text=text, kind=kind, under=under, on=timezone.localdate() if only_current else None
    )
    if request.GET.get("export") == "xlsx":
        return xlsx_response(excel.export_units(units), "don-vi.xlsx")
    page, query = paginate(request, units)
    context = {
        "page": page,
        "query": query,
        "text": text,
        "kind": kind,
        "under": under,
        "only_current": only_current,
        "kinds": UnitKind.choices,
        "can_manage": not scope_for(request.user).manage.empty,
        "total": page.paginator.count,
    }
    template = (
        "orgs/_unit_rows.html"
        if request.htmx and request.htmx.target == "unit-results"
        else "orgs/unit_list.html"
    )
    return render(request, template, context)


@login_required
def unit_detail(request: AuthedRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, code)
    today = timezone.localdate()
    children = selectors.unit_list(request.user, under=unit).filter(parent=unit)
    context = {
        "unit": unit,
        "ancestors": selectors.ancestors(unit).filter(pk__in=visible_units(request.user).values("pk")),
        "children": children,
        "aliases": unit.aliases.order_by("name"),
        "lineage": selectors.lineage_of(unit),
        "successor": selectors.current_successor(unit) if unit.valid_to and unit.valid_to < today else None,
        "groups": selectors.groups_of_unit(unit, selectors.groups_visible_to(request.user), on=today),
        "memberships": unit.memberships.filter(valid_on_q(today)).select_related("user")
        if can_manage_unit(request.user, unit)
        else None,
        "can_manage": can_manage_unit(request.user, unit),
        "history": history_for_unit(unit),
    }
    return render(request, "orgs/unit_detail.html", context)


def _parent_choices(user):
    return manageable_units(user).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if scope.manage.empty:
        raise PermissionDenied(_("Bạn không có quyền quản trị đơn vị."))
    initial = {}
    if request.GET.get("parent"):
        initial["parent"] = get_unit_for_user(request.user, request.GET["parent"], manage=True)
    form = UnitForm(request.POST or None, initial=initial, parents=_parent_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = data["parent"]
        if parent is None and not scope.is_admin:
            form.add_error("parent", _("Cần chọn đơn vị cấp trên trong phạm vi quản trị của bạn."))
        else:
            try:
                unit = services.unit_create(
                    code=data["code"],
                    name=data["name"],
                    kind=data["kind"],
                    parent=parent,
                    short_code=data["short_code"],
                    short_name=data["short_name"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                    aliases=form.alias_list(),
                    note=data["note"],
                )
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo đơn vị %(name)s.") % {"name": unit.name})
                return redirect("orgs:unit_detail", code=unit.code)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthedRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, code, manage=True)
    initial = {
        "code": unit.code,
        "short_code": unit.short_code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "note": unit.note,
        "aliases": "\n".join(unit.aliases.order_by("name").values_list("name", flat=True)),
        "edit_version": unit.edit_version,
    }
    parents = _parent_choices(request.user).exclude(path__startswith=unit.path)
    form = UnitForm(request.POST or None, initial=initial, parents=parents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["parent"] is None and unit.parent_id and not scope_for(request.user).is_admin:
            form.add_error("parent", _("Cần chọn đơn vị cấp trên trong phạm vi quản trị của bạn."))
        else:
            fields = {
                k: data[k]
                for k in (
                    "code",
                    "short_code",
                    "name",
                    "short_name",
                    "kind",
                    "parent",
                    "valid_from",
                    "valid_to",
                    "note",
                )
            }
            try:
                unit = services.unit_update(
                    unit=unit, aliases=form.alias_list(), expected_version=form.loaded_version, **fields
                )
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("orgs:unit_detail", code=unit.code)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit}, status=status_for(form))


def _attach_errors(form, exc: ValidationError) -> None:
    if isinstance(exc, StaleEdit):
        form.add_error(None, exc)
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request: AuthedRequest) -> HttpResponse:
    """Upload → preview (nothing written) → confirm. The upload is staged (:mod:`cchc.core.staging`) until
    confirmed."""
    scope = scope_for(request.user)
    if scope.manage.empty:
        raise PermissionDenied(_("Bạn không có quyền quản trị đơn vị."))
    token = request.POST.get("token") or request.GET.get("token")
    form = UnitImportForm(request.POST or None, request.FILES or None)
    plan = None
    rows = None
    if token:
        try:
            data = staging.load(token, request.user, kind="units")
        except staging.StagedUploadError as exc:
            messages.error(request, exc.message)
            return redirect("orgs:unit_import")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            rows = excel.read_rows(
                data, name=upload.name
            )  # a file over the limits is refused before it is kept
        except DomainError as exc:
            form.add_error("file", exc.message)
            return render(request, "orgs/unit_import.html", {"form": form})
        token = staging.stage(data, request.user, kind="units")
    else:
        return render(request, "orgs/unit_import.html", {"form": form})
    try:
        plan = excel.plan_import(rows if rows is not None else excel.read_rows(data), manage=scope.manage)
    except DomainError as exc:
        staging.discard(token)
        form.add_error("file", exc.message)
        return render(request, "orgs/unit_import.html", {"form": form})
    if request.method == "POST" and request.POST.get("confirm") == "1":
        if plan.has_errors:
            messages.error(request, _("Tệp còn lỗi, chưa nhập được."))
        else:
            counts = excel.apply_import(plan)
            staging.discard(token)
            messages.success(
                request,
                _("Đã nhập: %(c)s đơn vị mới, %(u)s cập nhật, %(n)s không đổi.")
                % {"c": counts["created"], "u": counts["updated"], "n": counts["unchanged"]},
            )
            return redirect("orgs:unit_list")
    counts = {a: plan.count(a) for a in ("create", "update", "unchanged", "error")}
    return render(
        request, "orgs/unit_import.html", {"form": form, "plan": plan, "token": token, "counts": counts}
    )


@login_required
def unit_import_template(request: AuthedRequest) -> HttpResponse:
    content = excel.export_units(OrgUnit.objects.none())
    return xlsx_response(content, "mau-nhap-don-vi.xlsx")


# --- groups -------------------------------------------------------------------------------------------------


@login_required
def group_list(request: AuthedRequest) -> HttpResponse:
    groups = selectors.groups_visible_to(request.user).order_by("root__path", "name")
    return render(
        request,
        "orgs/group_list.html",
        {"groups": groups, "can_manage": not scope_for(request.user).manage.empty},
    )


def _get_group_for_user(user, code, *, manage=False) -> UnitGroup:
    group = selectors.groups_visible_to(user).filter(code=code).first()
    if group is None:
        raise Http404(_("Không tìm thấy nhóm đơn vị."))
    if manage:
        anchor = group.root
        if anchor is None and not scope_for(user).is_admin:
            raise PermissionDenied(_("Chỉ quản trị hệ thống sửa được nhóm này."))
        if anchor is not None and not can_manage_unit(user, anchor):
            raise PermissionDenied(_("Bạn không có quyền quản trị nhóm này."))
    return group


@login_required
def group_detail(request: AuthedRequest, code: str) -> HttpResponse:
    group = _get_group_for_user(request.user, code)
    members = selectors.group_members(group).filter(pk__in=visible_units(request.user).values("pk"))
    can_manage = (group.root is not None and can_manage_unit(request.user, group.root)) or scope_for(
        request.user
    ).is_admin
    return render(
        request,
        "orgs/group_detail.html",
        {
            "group": group,
            "members": members,
            "can_manage": can_manage,
            "kind_labels": [UnitKind(k).label for k in group.kinds],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthedRequest, code: str | None = None) -> HttpResponse:
    group = _get_group_for_user(request.user, code, manage=True) if code else None
    if group is None and scope_for(request.user).manage.empty:
        raise PermissionDenied(_("Bạn không có quyền quản trị đơn vị."))
    units = manageable_units(request.user).order_by("path")
    initial = {}
    if group is not None:
        initial = {
            "code": group.code,
            "name": group.name,
            "root": group.root,
            "kinds": group.kinds,
            "members": list(group.members.all()),
            "aliases": "\n".join(group.aliases),
            "description": group.description,
            "edit_version": group.edit_version,
        }
    form = GroupForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["root"] is None and not scope_for(request.user).is_admin:
            form.add_error("root", _("Cần chọn đơn vị phạm vi trong phạm vi quản trị của bạn."))
        else:
            try:
                group = services.group_save(
                    group=group,
                    code=data["code"],
                    name=data["name"],
                    root=data["root"],
                    kinds=data["kinds"],
                    members=list(data["members"]),
                    aliases=form.alias_list(),
                    description=data["description"],
                    expected_version=form.loaded_version,
                )
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu nhóm đơn vị."))
                return redirect("orgs:group_detail", code=group.code)
    return render(request, "orgs/group_form.html", {"form": form, "group": group}, status=status_for(form))


@login_required
@require_http_methods(["GET", "POST"])
def unit_reorganise(request: AuthedRequest, code: str) -> HttpResponse:
    """Record a reorganisation step: the unit's history stays with it and leads to its successor."""
    unit = get_unit_for_user(request.user, code, manage=True)
    units = manageable_units(request.user).exclude(pk=unit.pk).order_by("path")
    form = ReorganiseForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.unit_reorganise(
                predecessors=[unit],
                successor=d["successor"],
                kind=d["kind"],
                effective_date=d["effective_date"],
                decision=d["decision"],
                note=d["note"],
            )
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận sắp xếp, tổ chức lại đơn vị."))
            return redirect("orgs:unit_detail", code=unit.code)
    return render(request, "orgs/unit_reorganise.html", {"form": form, "unit": unit})
