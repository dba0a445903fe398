"""API tokens and the sharing log (NĐ 47/2020 Điều 45).

``ApiToken`` is audited (who created or revoked a token). ``ApiCallLog`` is itself a log, one row per call, and is
not audited (append-only by the code: nothing updates or deletes it).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    READ = "read", _("Chỉ đọc")
    WRITE = "write", _("Đọc và ghi")


class ApiToken(models.Model):
    """A bearer token of a user. Only the SHA-256 of the whole token is kept; ``prefix`` finds the row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("người dùng"),
    )
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("mã nhận diện"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scope = models.CharField(_("quyền"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    expires_on = models.DateField(_("hiệu lực đến hết ngày"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE

    def is_expired(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) > self.expires_on

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired()


class ApiCallLog(models.Model):
    """One call to /api/v1/: the sharing log. Not audited (it is a log); never updated or deleted by the code."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    token = models.ForeignKey(
        ApiToken,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("khóa"),
    )
    token_name = models.CharField(_("tên khóa"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người dùng"),
    )
    method = models.CharField(_("phương thức"), max_length=10)
    path = models.CharField(_("đường dẫn"), max_length=500)
    query = models.CharField(_("tham số"), max_length=1000, blank=True)
    status = models.PositiveSmallIntegerField(_("mã trạng thái"))
    rows_returned = models.PositiveIntegerField(_("số bản ghi trả về"), null=True, blank=True)
    rows_written = models.PositiveIntegerField(_("số bản ghi ghi"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("thời gian xử lý (ms)"), default=0)
    remote_addr = models.CharField(_("địa chỉ"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("nhật ký chia sẻ dữ liệu")
        verbose_name_plural = _("nhật ký chia sẻ dữ liệu")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"]), models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.status}"
