"""The target register (sổ chỉ tiêu): one figure of a plan ("100% hồ sơ đúng hạn", "trên 80% trực tuyến") for a
unit — and, when it says so, every unit below it — and a year. Its actual value is computed by the module owning
the data (:mod:`cchc.targets.registry`); only ``manual.*`` targets carry a figure a person entered, with who and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import TimestampedModel
from cchc.core.versioning import version_field

MANUAL_PREFIX = "manual."


class Comparison(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "=", "="


class Target(TimestampedModel):
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="targets", verbose_name=_("đơn vị")
    )
    applies_to_subtree = models.BooleanField(
        _("áp dụng cho cả các đơn vị cấp dưới"),
        default=False,
        help_text=_(
            "Mỗi đơn vị cấp dưới được đo riêng; chỉ tiêu riêng của đơn vị cấp dưới (nếu có) được ưu tiên."
        ),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    code = models.CharField(_("mã chỉ số"), max_length=80)
    comparison = models.CharField(
        _("so sánh"), max_length=2, choices=Comparison.choices, default=Comparison.GE
    )
    value = models.DecimalField(_("giá trị chỉ tiêu"), max_digits=12, decimal_places=2)
    title = models.CharField(_("tên chỉ tiêu"), max_length=500, blank=True)
    source = models.CharField(_("căn cứ"), max_length=500, blank=True)
    # manual.* only: the figure a person entered, who and when
    manual_value = models.DecimalField(
        _("số liệu nhập tay"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    manual_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người nhập số liệu"),
    )
    manual_at = models.DateTimeField(_("nhập số liệu lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    edit_version = version_field()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["year", "unit__path", "code"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "code"], name="targets_target_unique")]
        indexes = [models.Index(fields=["year", "code"], name="targets_year_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.comparison} {self.value} ({self.year})"

    @property
    def is_manual(self) -> bool:
        return self.code.startswith(MANUAL_PREFIX)
