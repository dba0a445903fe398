"""Creating, revoking and checking API tokens (services and the lookup the middleware uses).

A token reads ``cchc_<prefix>_<secret>``: ``prefix`` (10 hex characters) finds the row, the SHA-256 of the whole
text is compared in constant time. The text is shown once, when created; only its hash is stored.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cchc.core.errors import DomainError

from .models import ApiToken, TokenScope

if TYPE_CHECKING:
    from cchc.accounts.models import User

TOKEN_PREFIX = "cchc_"
# last_used_at is written at most this often per token (not on every call: the benchmark's p99).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, write: bool = False, expires_on: date | None = None, actor: User | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token text (shown once, never stored)."""
    name = (name or "").strip()
    if not name:
        raise DomainError("token_name_missing", gettext_lazy("Hãy đặt tên cho khóa API."), field="name")
    if len(name) > 100:
        raise DomainError(
            "token_name_too_long", gettext_lazy("Tên khóa API dài quá 100 ký tự."), field="name"
        )
    today = timezone.localdate()
    if expires_on is None:
        expires_on = today + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)
    if expires_on < today:
        raise DomainError(
            "token_expiry_past",
            gettext_lazy("Ngày hết hạn %(d)s đã qua."),
            field="expires_on",
            d=f"{expires_on:%d/%m/%Y}",
        )
    if not user.is_active:
        raise DomainError("token_user_inactive", gettext_lazy("Tài khoản %(u)s đã bị khóa."), u=user.username)
    prefix = secrets.token_hex(5)
    while ApiToken.objects.filter(prefix=prefix).exists():  # 40 bits: practically never
        prefix = secrets.token_hex(5)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=_hash(raw),
        scope=TokenScope.WRITE if write else TokenScope.READ,
        expires_on=expires_on,
        created_by=actor or user,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token (its owner or an administrator); revoking twice changes nothing."""
    if token.user_id != actor.pk and not actor.is_superuser:
        from cchc.orgs.scope import scope_for

        if not scope_for(actor).is_admin:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(gettext_lazy("Bạn không thể thu hồi khóa API của người khác."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


class Refusal(enum.Enum):
    """Why a token was refused (the 401's problem code)."""

    MISSING = "token_missing"
    MALFORMED = "token_malformed"
    UNKNOWN = "token_invalid"
    EXPIRED = "token_expired"
    REVOKED = "token_revoked"
    INACTIVE_USER = "token_user_inactive"


@dataclass(frozen=True)
class Checked:
    token: ApiToken | None
    refusal: Refusal | None


def check_token(header: str | None) -> Checked:
    """The token an ``Authorization`` header names, or why it is refused."""
    if not header:
        return Checked(None, Refusal.MISSING)
    scheme, _, raw = header.strip().partition(" ")
    raw = raw.strip()
    if scheme.lower() != "bearer" or not raw:
        return Checked(None, Refusal.MALFORMED)
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return Checked(None, Refusal.MALFORMED)
    prefix, sep, _secret = raw[len(TOKEN_PREFIX) :].partition("_")
    if not sep or len(prefix) != 10:
        return Checked(None, Refusal.MALFORMED)
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(raw)):
        return Checked(None, Refusal.UNKNOWN)
    if token.revoked_at is not None:
        return Checked(token, Refusal.REVOKED)
    if token.is_expired():
        return Checked(token, Refusal.EXPIRED)
    if not token.user.is_active:
        return Checked(token, Refusal.INACTIVE_USER)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return Checked(token, None)
