"""People and their memberships: delegated administration inside the administrator's subtree."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cchc.accounts.lockout import account_failures, account_locked
from cchc.accounts.services import user_login_unlock
from cchc.audit.selectors import history_for_user
from cchc.core.excel import write_sheet
from cchc.core.http import xlsx_response
from cchc.core.paging import paginate
from cchc.core.types import AuthedRequest
from cchc.core.versioning import status_for

from . import selectors, services
from .forms import EndMembershipForm, MembershipForm, NewUserForm
from .models import Role
from .scope import (
    ROLE_RANK,
    get_membership_for_user,
    get_unit_for_user,
    grantable_roles,
    manageable_units,
    scope_for,
)
from .views import _attach_errors


def _require_manager(user):
    if scope_for(user).manage.empty:
        raise PermissionDenied(_("Bạn không có quyền quản trị người dùng."))


def _roles_up_to(user):
    """Roles the user can grant somewhere (the form narrows it; the service checks the chosen unit)."""
    scope = scope_for(user)
    if scope.is_admin:
        return list(Role)
    best = ROLE_RANK[Role.COORDINATOR] if scope.has_role(Role.COORDINATOR) else 0
    return [r for r in Role if ROLE_RANK[r] <= best and r != Role.ADMIN]


@login_required
def people_list(request: AuthedRequest) -> HttpResponse:
    _require_manager(request.user)
    unit = get_unit_for_user(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    memberships = selectors.memberships_visible_to(
        request.user,
        unit=unit,
        text=request.GET.get("q", "").strip(),
        role=request.GET.get("role", ""),
        active_only=request.GET.get("all") != "1",
    )
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                m.user.username,
                m.user.display_name,
                m.user.position,
                m.user.email,
                m.unit.code,
                m.unit.name,
                m.get_role_display(),
                m.get_data_scope_display(),
                m.get_view_scope_display(),
                m.valid_from,
                m.valid_to,
            ]
            for m in memberships
        ]
        headers = [
            "Tên đăng nhập",
            "Họ và tên",
            "Chức vụ",
            "Thư điện tử",
            "Mã đơn vị",
            "Đơn vị",
            "Vai trò",
            "Phạm vi nhập liệu",
            "Phạm vi xem",
            "Từ ngày",
            "Đến ngày",
        ]
        return xlsx_response(write_sheet("Nguoi dung", headers, rows), "nguoi-dung.xlsx")
    page, query = paginate(request, memberships)
    return render(
        request,
        "orgs/people_list.html",
        {"page": page, "query": query, "unit": unit, "roles": Role.choices, "raw": request.GET},
    )


def _get_person_for_user(user, pk: int):
    """A person is visible to an administrator when one of their memberships is in the administrator's subtree."""
    person = get_user_model().objects.filter(pk=pk).first()
    if person is None:
        raise Http404(_("Không tìm thấy người dùng."))
    if person.pk == user.pk or scope_for(user).is_admin:
        return person
    managed = manageable_units(user)
    if not person.memberships.filter(unit__in=managed).exists():
        raise Http404(_("Không tìm thấy người dùng."))
    return person


def _may_unlock(user, person) -> bool:
    """Admins lift anyone's login lockout; a coordinator only that of a person all of whose current roles they
    could grant (so a delegated account cannot help a password guesser against its superiors)."""
    if scope_for(user).is_admin:
        return True
    if person.is_superuser:
        return False
    today = timezone.localdate()
    current = [m for m in person.memberships.select_related("unit") if not m.valid_to or m.valid_to >= today]
    return bool(current) and all(Role(m.role) in grantable_roles(user, m.unit) for m in current)


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_manager(request.user)
    person = _get_person_for_user(request.user, pk)
    managed_ids = set(manageable_units(request.user).values_list("pk", flat=True))
    memberships = person.memberships.select_related("unit", "granted_by").order_by("-valid_to", "unit__path")
    rows = [
        (m, m.unit_id in managed_ids and m.role in grantable_roles(request.user, m.unit)) for m in memberships
    ]
    return render(
        request,
        "orgs/person_detail.html",
        {
            "person": person,
            "rows": rows,
            "history": history_for_user(person),
            "today": timezone.localdate(),
            "login_failures": account_failures(person.get_username()),
            "login_locked": account_locked(person.get_username()),
            "may_unlock": _may_unlock(request.user, person),
        },
    )


@login_required
@require_POST
def person_login_unlock(request: AuthedRequest, pk: int) -> HttpResponse:
    """Lift the login lockout of a person the user manages (recorded in the person's history)."""
    _require_manager(request.user)
    person = _get_person_for_user(request.user, pk)
    if not _may_unlock(request.user, person):
        raise PermissionDenied(_("Bạn không thể mở khóa tài khoản có vai trò cao hơn vai trò của mình."))
    user_login_unlock(actor=request.user, person=person)
    messages.success(request, _("Đã mở khóa đăng nhập cho tài khoản %(u)s.") % {"u": person.get_username()})
    return redirect("people:detail", pk=person.pk)


def _saved(form, action):
    """Run ``action()``; a refusal (ValidationError, PermissionDenied) becomes the form's errors. Returns
    (done, result): nothing is saved when done is False."""
    try:
        return True, action()
    except ValidationError as exc:
        _attach_errors(form, exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return False, None


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request.user)
    units = manageable_units(request.user).order_by("path")
    initial = {}
    if request.GET.get("unit"):
        initial["unit"] = get_unit_for_user(request.user, request.GET["unit"], manage=True)
    form = NewUserForm(request.POST or None, initial=initial, units=units, roles=_roles_up_to(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done, person = _saved(
            form,
            lambda: services.user_create(
                granter=request.user,
                username=d["username"],
                full_name=d["full_name"],
                email=d["email"],
                password=d["password"] or None,
                position=d["position"],
                unit=d["unit"],
                role=d["role"],
                data_scope=d["data_scope"] or None,
                view_scope=d["view_scope"] or None,
                valid_from=d["valid_from"],
                valid_to=d["valid_to"],
                note=d["note"],
            ),
        )
        if done:
            if not d["password"] and person.email:
                _send_set_password_mail(request, person)
            messages.success(request, _("Đã tạo tài khoản %(u)s.") % {"u": person.username})
            return redirect("people:detail", pk=person.pk)
    return render(request, "orgs/person_form.html", {"form": form})


class _SetPasswordMailForm(PasswordResetForm):
    """The reset mail, also for a new account that has no usable password yet."""

    def __init__(self, person, *args, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)

    def get_users(self, email):
        return [self.person] if self.person.is_active else []


def _send_set_password_mail(request: AuthedRequest, person) -> None:
    form = _SetPasswordMailForm(person, {"email": person.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        )


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_manager(request.user)
    person = _get_person_for_user(request.user, pk)
    form = MembershipForm(
        request.POST or None,
        units=manageable_units(request.user).order_by("path"),
        roles=_roles_up_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done, _result = _saved(
            form,
            lambda: services.membership_grant(
                granter=request.user,
                user=person,
                unit=d["unit"],
                role=d["role"],
                data_scope=d["data_scope"] or None,
                view_scope=d["view_scope"] or None,
                valid_from=d["valid_from"],
                valid_to=d["valid_to"],
                note=d["note"],
            ),
        )
        if done:
            messages.success(request, _("Đã cấp quyền."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "orgs/membership_form.html", {"form": form, "person": person, "membership": None})


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, write=True)
    form = MembershipForm(
        request.POST or None,
        initial={
            "unit": membership.unit,
            "role": membership.role,
            "data_scope": membership.data_scope,
            "view_scope": membership.view_scope,
            "valid_from": membership.valid_from,
            "valid_to": membership.valid_to,
            "note": membership.note,
            "edit_version": membership.edit_version,
        },
        units=manageable_units(request.user).filter(pk=membership.unit_id),
        roles=grantable_roles(request.user, membership.unit),
    )
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done, _result = _saved(
            form,
            lambda: services.membership_update(
                granter=request.user,
                membership=membership,
                role=d["role"],
                data_scope=d["data_scope"] or membership.data_scope,
                view_scope=d["view_scope"] or membership.view_scope,
                valid_from=d["valid_from"],
                valid_to=d["valid_to"],
                note=d["note"],
                expected_version=form.loaded_version,
            ),
        )
        if done:
            messages.success(request, _("Đã lưu phân quyền."))
            return redirect("people:detail", pk=membership.user_id)
    return render(
        request,
        "orgs/membership_form.html",
        {"form": form, "person": membership.user, "membership": membership},
        status=status_for(form),
    )


@login_required
@require_POST
def membership_end(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, write=True)
    form = EndMembershipForm(request.POST or None)
    on = form.cleaned_data["on"] if form.is_valid() else timezone.localdate()
    try:
        services.membership_end(granter=request.user, membership=membership, on=on)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Đã thu hồi phân quyền từ ngày %(d)s.") % {"d": on.strftime("%d/%m/%Y")})
    return redirect("people:detail", pk=membership.user_id)
