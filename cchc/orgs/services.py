"""Writes to the organisation. Keyword-only, atomic, validating before saving; callers check permission first
(through :mod:`cchc.orgs.scope`), except for grants, where "never beyond what one holds" is itself the rule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cchc.accounts.models import User
from cchc.core import versioning
from cchc.core.text import nfc
from cchc.core.types import UNCHANGED, Unchanged

from .models import Membership, OrgUnit, OrgUnitAlias, Role, Scope, UnitGroup, UnitKind, UnitLineage
from .scope import DEFAULT_SCOPES, forget_scope, grantable_roles, latest_grant_end, scope_for


def _check_validity(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})


def _check_code(code: str, *, exclude_pk: int | None = None) -> str:
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": _("Cần nhập mã đơn vị.")})
    if any(ch.isspace() for ch in code):
        raise ValidationError({"code": _("Mã đơn vị không được chứa dấu cách.")})
    clash = OrgUnit.objects.filter(code=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"code": _("Mã đơn vị %(code)s đã tồn tại.") % {"code": code}})
    return code


def _set_aliases(unit: OrgUnit, aliases: list[str] | None) -> None:
    if aliases is None:
        return
    wanted = []
    for alias in aliases:
        alias = nfc(alias)
        if alias and alias != unit.name and alias not in wanted:
            wanted.append(alias)
    unit.aliases.exclude(name__in=wanted).delete()
    existing = set(unit.aliases.values_list("name", flat=True))
    OrgUnitAlias.objects.bulk_create([OrgUnitAlias(unit=unit, name=a) for a in wanted if a not in existing])


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    short_code: str = "",
    short_name: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
    aliases: list[str] | None = None,
    note: str = "",
    sort_order: int = 0,
) -> OrgUnit:
    code = _check_code(code)
    name = nfc(name)
    if not name:
        raise ValidationError({"name": _("Cần nhập tên đơn vị.")})
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("Loại đơn vị không hợp lệ.")})
    _check_validity(valid_from, valid_to)
    unit = OrgUnit.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_code=(short_code or "").strip(),
        short_name=nfc(short_name),
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
        sort_order=sort_order,
    )
    _set_aliases(unit, aliases)
    return unit


@transaction.atomic
def unit_update(
    *,
    unit: OrgUnit,
    code: str | Unchanged = UNCHANGED,
    short_code: str | Unchanged = UNCHANGED,
    name: str | Unchanged = UNCHANGED,
    short_name: str | Unchanged = UNCHANGED,
    kind: str | Unchanged = UNCHANGED,
    parent: OrgUnit | Unchanged | None = UNCHANGED,
    valid_from: date | Unchanged | None = UNCHANGED,
    valid_to: date | Unchanged | None = UNCHANGED,
    note: str | Unchanged = UNCHANGED,
    aliases: list[str] | None = None,
    expected_version: int | None = None,
) -> OrgUnit:
    """Change a unit's fields (those given; the tree's ``path`` and ``depth`` are never set here); a new ``parent``
    moves its whole subtree (the path trigger does it in SQL).

    ``expected_version``: the version the editor loaded; a save on a stale copy raises ``StaleEdit``."""
    given = {
        "code": code,
        "short_code": short_code,
        "name": name,
        "short_name": short_name,
        "kind": kind,
        "parent": parent,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "note": note,
    }
    fields: dict[str, Any] = {key: value for key, value in given.items() if not isinstance(value, Unchanged)}
    mine = {**fields, "aliases": aliases} if aliases is not None else fields
    versioning.claim(unit, expected_version, mine=mine)
    if "code" in fields:
        fields["code"] = _check_code(fields["code"], exclude_pk=unit.pk)
    if "name" in fields:
        fields["name"] = nfc(fields["name"])
        if not fields["name"]:
            raise ValidationError({"name": _("Cần nhập tên đơn vị.")})
    if "kind" in fields and fields["kind"] not in UnitKind.values:
        raise ValidationError({"kind": _("Loại đơn vị không hợp lệ.")})
    new_parent = fields.get("parent", unit.parent)
    if new_parent is not None and (new_parent.pk == unit.pk or new_parent.path.startswith(unit.path)):
        raise ValidationError(
            {"parent": _("Không thể chuyển đơn vị vào chính nó hoặc đơn vị trực thuộc của nó.")}
        )
    _check_validity(fields.get("valid_from", unit.valid_from), fields.get("valid_to", unit.valid_to))
    for key, value in fields.items():
        setattr(unit, key, value)
    try:
        unit.save()
    except IntegrityError as exc:  # the trigger's cycle guard, should the check above be raced
        raise ValidationError(_("Không thể lưu đơn vị: %(err)s") % {"err": exc}) from exc
    unit.refresh_from_db(fields=["path", "depth"])
    _set_aliases(unit, aliases)
    return unit


@transaction.atomic
def unit_alias_add(*, unit: OrgUnit, name: str) -> OrgUnitAlias:
    """Remember another name for a unit (e.g. a mapping chosen while importing a plan)."""
    name = nfc(name)
    if not name:
        raise ValidationError({"name": _("Cần nhập tên gọi khác.")})
    alias, _created = OrgUnitAlias.objects.get_or_create(unit=unit, name=name)
    return alias


@transaction.atomic
def unit_reorganise(
    *,
    predecessors: list[OrgUnit],
    successor: OrgUnit,
    kind: str,
    effective_date: date,
    decision: str = "",
    note: str = "",
) -> list[UnitLineage]:
    """Record a rename, merger, split or transfer. Predecessors (other than the successor) stop being valid the
    day before; their history and results stay attached to them and lead to the successor."""
    if kind not in UnitLineage.Kind.values:
        raise ValidationError({"kind": _("Hình thức sắp xếp không hợp lệ.")})
    links = []
    for old in predecessors:
        if old.pk == successor.pk:
            raise ValidationError(_("Đơn vị trước và sau phải khác nhau."))
        links.append(
            UnitLineage.objects.create(
                predecessor=old,
                successor=successor,
                kind=kind,
                effective_date=effective_date,
                decision=decision,
                note=note,
            )
        )
        if kind != UnitLineage.Kind.SPLIT and (old.valid_to is None or old.valid_to >= effective_date):
            old.valid_to = effective_date - timedelta(days=1)
            old.save(update_fields=["valid_to", "updated_at"])
    return links


@transaction.atomic
def group_save(
    *,
    group: UnitGroup | None = None,
    code: str,
    name: str,
    root: OrgUnit | None,
    kinds: list[str],
    members: list[OrgUnit] | None = None,
    aliases: list[str] | None = None,
    description: str = "",
    expected_version: int | None = None,
) -> UnitGroup:
    if group is not None:
        versioning.claim(
            group,
            expected_version,
            mine={"code": code, "name": name, "root": root, "kinds": kinds, "members": members or [],
                  "aliases": aliases or [], "description": description},
        )  # fmt: skip
    code = (code or "").strip()
    if not code or not nfc(name):
        raise ValidationError(_("Cần nhập mã và tên nhóm."))
    clash = UnitGroup.objects.filter(code=code)
    if group is not None:
        clash = clash.exclude(pk=group.pk)
    if clash.exists():
        raise ValidationError({"code": _("Mã nhóm %(code)s đã tồn tại.") % {"code": code}})
    bad = [k for k in kinds if k not in UnitKind.values]
    if bad:
        raise ValidationError({"kinds": _("Loại đơn vị không hợp lệ: %(k)s") % {"k": ", ".join(bad)}})
    if not kinds and not members:
        raise ValidationError(_("Nhóm cần có loại đơn vị hoặc danh sách đơn vị cụ thể."))
    group = group or UnitGroup()
    group.code = code
    group.name = nfc(name)
    group.root = root
    group.kinds = list(kinds)
    group.aliases = [nfc(a) for a in (aliases or []) if nfc(a)]
    group.description = description
    group.save()
    if members is not None:
        group.members.set(members)
    return group


# --- memberships ----------------------------------------------------------------------------------------------


def _check_grant(granter: User, unit: OrgUnit, role: str, valid_to: date | None) -> None:
    allowed = grantable_roles(granter, unit)
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền quản trị người dùng của đơn vị này."))
    if role not in allowed:
        raise PermissionDenied(_("Bạn không thể cấp vai trò cao hơn vai trò của mình."))
    limit = latest_grant_end(granter, unit)
    if limit is not None and (valid_to is None or valid_to > limit):
        raise PermissionDenied(
            _("Thời hạn phân quyền không được vượt quá thời hạn của bạn (%(d)s).")
            % {"d": limit.strftime("%d/%m/%Y")}
        )


def _check_scopes(data_scope: str, view_scope: str) -> None:
    if view_scope not in (Scope.UNIT, Scope.SUBTREE) or data_scope not in Scope.values:
        raise ValidationError(_("Phạm vi không hợp lệ."))


@transaction.atomic
def membership_grant(
    *,
    granter: User,
    user: User,
    unit: OrgUnit,
    role: str,
    data_scope: str | None = None,
    view_scope: str | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    note: str = "",
) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    default_data, default_view = DEFAULT_SCOPES[Role(role)]
    data_scope = data_scope or default_data
    view_scope = view_scope or default_view
    _check_scopes(data_scope, view_scope)
    _check_validity(valid_from, valid_to)
    _check_grant(granter, unit, role, valid_to)
    membership = Membership.objects.create(
        user=user,
        unit=unit,
        role=role,
        data_scope=data_scope,
        view_scope=view_scope,
        valid_from=valid_from,
        valid_to=valid_to,
        granted_by=granter,
        note=note,
    )
    forget_scope(user)
    return membership


@transaction.atomic
def membership_update(
    *,
    granter: User,
    membership: Membership,
    expected_version: int | None = None,
    role: str | Unchanged = UNCHANGED,
    data_scope: str | Unchanged = UNCHANGED,
    view_scope: str | Unchanged = UNCHANGED,
    valid_from: date | Unchanged | None = UNCHANGED,
    valid_to: date | Unchanged | None = UNCHANGED,
    note: str | Unchanged = UNCHANGED,
) -> Membership:
    """Change a membership's role, scopes, validity or note; its person and unit are fixed (grant a new one)."""
    given: dict[str, object] = {
        "role": role,
        "data_scope": data_scope,
        "view_scope": view_scope,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "note": note,
    }
    fields = {key: value for key, value in given.items() if not isinstance(value, Unchanged)}
    new_role = membership.role if isinstance(role, Unchanged) else role
    new_to = membership.valid_to if isinstance(valid_to, Unchanged) else valid_to
    _check_validity(membership.valid_from if isinstance(valid_from, Unchanged) else valid_from, new_to)
    _check_scopes(
        membership.data_scope if isinstance(data_scope, Unchanged) else data_scope,
        membership.view_scope if isinstance(view_scope, Unchanged) else view_scope,
    )
    if membership.role not in grantable_roles(granter, membership.unit):
        raise PermissionDenied(_("Bạn không thể thay đổi vai trò cao hơn vai trò của mình."))
    _check_grant(granter, membership.unit, new_role, new_to)
    versioning.claim(membership, expected_version, mine=fields)
    for key, value in fields.items():
        setattr(membership, key, value)
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, granter: User, membership: Membership, on: date) -> Membership:
    """End a membership (kept for history; the audit trail records who ended it)."""
    allowed = grantable_roles(granter, membership.unit)
    if membership.role not in allowed:
        raise PermissionDenied(_("Bạn không có quyền thu hồi phân quyền này."))
    if membership.user_id == granter.pk and not scope_for(granter).is_admin:
        raise PermissionDenied(_("Bạn không thể tự thu hồi quyền của mình."))
    membership.valid_to = max(on, membership.valid_from) if membership.valid_from else on
    versioning.claim(membership, None)
    membership.save(update_fields=["valid_to", "updated_at", versioning.FIELD])
    return membership


@transaction.atomic
def user_create(
    *,
    granter: User,
    username: str,
    full_name: str,
    email: str = "",
    password: str | None = None,
    position: str = "",
    unit: OrgUnit,
    role: str,
    **membership_fields: Any,
) -> User:
    """A new person with a first membership, in one transaction (a refused grant leaves no orphan account)."""
    from django.contrib.auth.password_validation import validate_password

    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Cần nhập tên đăng nhập.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập đã được dùng.")})
    user = User(username=username, full_name=nfc(full_name), email=(email or "").strip(), position=position)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    membership_grant(granter=granter, user=user, unit=unit, role=role, **membership_fields)
    return user
