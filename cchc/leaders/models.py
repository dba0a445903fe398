"""The leaders' digest: each leader's schedule, and what was sent (so a period is never sent twice)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import TimestampedModel


class Frequency(models.TextChoices):
    DAILY = "daily", _("Hằng ngày")
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng (ngày 01)")
    OFF = "off", _("Không nhận")


WEEKDAYS = [
    (0, _("Thứ Hai")),
    (1, _("Thứ Ba")),
    (2, _("Thứ Tư")),
    (3, _("Thứ Năm")),
    (4, _("Thứ Sáu")),
    (5, _("Thứ Bảy")),
    (6, _("Chủ nhật")),
]


class DigestPreference(TimestampedModel):
    """A leader's digest schedule. Without a row: weekly, on Monday."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="leader_digest",
        verbose_name=_("người nhận"),
    )
    frequency = models.CharField(
        _("tần suất"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(
        _("ngày trong tuần"), choices=WEEKDAYS, default=0, validators=[MaxValueValidator(6)]
    )

    class Meta:
        verbose_name = _("lịch nhận bản tin lãnh đạo")
        verbose_name_plural = _("lịch nhận bản tin lãnh đạo")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"


class DigestSent(models.Model):
    """One digest sent to one person for one period of their schedule (``period_key``: "D2026-12-07",
    "W2026-50", "M2026-12"); the unique constraint is what makes a second send of the same period impossible."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("người nhận")
    )
    period_key = models.CharField(_("kỳ"), max_length=16)
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    emailed = models.BooleanField(_("đã gửi thư điện tử"), default=False)
    summary = models.JSONField(
        _("nội dung"), default=dict, blank=True
    )  # {"items": [{key, count}], "falls": n}

    class Meta:
        verbose_name = _("bản tin lãnh đạo đã gửi")
        verbose_name_plural = _("bản tin lãnh đạo đã gửi")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["user", "period_key"], name="leaders_digest_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period_key}"
