"""Reads of the API app: a user's tokens, the sharing log (administrators)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.orgs.scope import scope_for

from .models import ApiCallLog, ApiToken

if TYPE_CHECKING:
    from cchc.accounts.models import User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def get_token_for_user(user: User, pk: int) -> ApiToken:
    """A token its owner (or an administrator) may revoke; 404 for anyone else."""
    token = ApiToken.objects.select_related("user").filter(pk=pk).first()
    if token is None or (token.user_id != user.pk and not scope_for(user).is_admin):
        raise Http404(_("Không tìm thấy khóa API."))
    return token


def require_admin(user: User) -> None:
    if not scope_for(user).is_admin:
        raise PermissionDenied(_("Chỉ quản trị hệ thống xem được nhật ký chia sẻ dữ liệu."))


@dataclass
class LogFilters:
    text: str = ""  # token name, user name or path
    method: str = ""
    status: str = ""  # "2xx", "4xx", "5xx" or an exact code
    date_from: date | None = None
    date_to: date | None = None


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def call_log(f: LogFilters) -> QuerySet[ApiCallLog]:
    qs = ApiCallLog.objects.select_related("user", "token").order_by("-at", "-pk")
    if f.text:
        from django.db.models import Q

        qs = qs.filter(
            Q(token_name__icontains=f.text) | Q(user__username__icontains=f.text) | Q(path__icontains=f.text)
        )
    if f.method:
        qs = qs.filter(method=f.method.upper())
    if f.status:
        if len(f.status) == 3 and f.status.endswith("xx") and f.status[0].isdigit():
            low = int(f.status[0]) * 100
            qs = qs.filter(status__gte=low, status__lt=low + 100)
        elif f.status.isdigit():
            qs = qs.filter(status=int(f.status))
    if f.date_from:
        qs = qs.filter(at__gte=_start(f.date_from))
    if f.date_to:
        qs = qs.filter(at__lt=_start(f.date_to + timedelta(days=1)))
    return qs
