"""Home-page items of the organisation module."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.attention import Item, provider

from .models import Membership, Role
from .scope import manageable_units, scope_for, valid_on_q


@provider
def units_without_staff(user):
    scope = scope_for(user)
    if scope.manage.empty or scope.is_admin:
        return []
    today = timezone.localdate()
    staffed = Membership.objects.filter(unit=OuterRef("pk"), role__in=[Role.STAFF, Role.HEAD]).filter(
        valid_on_q(today)
    )
    missing = manageable_units(user).filter(valid_on_q(today)).filter(~Exists(staffed)).exclude(kind="team")
    count = missing.count()
    if not count:
        return []
    names = ", ".join(u.short_name or u.name for u in missing[:5])
    return [
        Item(
            title=_("%(n)s đơn vị chưa có cán bộ hoặc thủ trưởng có tài khoản") % {"n": count},
            detail=names + ("…" if count > 5 else ""),
            url=reverse("people:list"),
            level="warning",
            count=count,
        )
    ]


@provider
def memberships_ending_soon(user):
    scope = scope_for(user)
    if scope.manage.empty:
        return []
    today = timezone.localdate()
    ending = Membership.objects.filter(
        unit__in=manageable_units(user), valid_to__gte=today, valid_to__lte=today + timedelta(days=30)
    )
    count = ending.count()
    if not count:
        return []
    return [
        Item(
            title=_("%(n)s phân quyền hết hạn trong 30 ngày tới") % {"n": count},
            url=reverse("people:list"),
            level="info",
            count=count,
        )
    ]


@provider
def my_memberships_ending(user):
    today = timezone.localdate()
    mine = [m for m in scope_for(user).memberships if m.valid_to and m.valid_to <= today + timedelta(days=14)]
    return [
        Item(
            title=_("Quyền %(role)s tại %(unit)s của bạn hết hạn ngày %(d)s")
            % {"role": m.get_role_display(), "unit": m.unit.name, "d": m.valid_to.strftime("%d/%m/%Y")},
            level="warning",
        )
        for m in mine
    ]
