"""The calendar table administrators edit (days off and worked Saturdays from the yearly notices) and the office
hours of units. Merged into the pure calendar by :func:`cchc.workdays.services.calendar_for`."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import TimestampedModel
from cchc.core.versioning import version_field

from .calendar import Override, OverrideKind
from .hours import format_office_hours, parse_office_hours


class CalendarOverride(TimestampedModel):
    class Kind(models.TextChoices):
        OFF = "off", _("Ngày nghỉ")
        WORK = "work", _("Ngày làm việc (làm bù)")

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=4, choices=Kind.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    source = models.CharField(_("văn bản"), max_length=255, blank=True, help_text=_("Ví dụ: 9441/TB-BNV"))
    valid_from = models.DateField(
        _("áp dụng cho hồ sơ tiếp nhận từ ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống: áp dụng cho mọi hồ sơ. Ngày hẹn đã lưu không bao giờ bị tính lại."),
    )
    edit_version = version_field()

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} — {self.get_kind_display()}"

    def as_override(self) -> Override:
        kind = cast(OverrideKind, self.kind)  # the field's choices are the two kinds
        return Override(day=self.day, kind=kind, note=self.note, source=self.source or "admin")


def validate_hours(value: str) -> None:
    from cchc.core.errors import DomainError

    try:
        parse_office_hours(value)
    except DomainError as exc:
        raise ValidationError(exc.message) from None


EARLIEST = date(2000, 1, 1)  # the valid_from of office hours set before they had effective dates


class UnitOfficeHours(TimestampedModel):
    """A unit's own office hours (default 08:00–12:00, 13:00–17:00) from ``valid_from``: a due date is computed with
    the hours in force on the day of receipt; a new version never rewrites the appointments already stored."""

    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="office_hours", verbose_name=_("đơn vị")
    )
    valid_from = models.DateField(_("áp dụng từ ngày"), default=EARLIEST)
    periods = models.CharField(
        _("giờ làm việc"),
        max_length=100,
        validators=[validate_hours],
        help_text=_("Ví dụ: 07:30-11:30,13:30-17:00"),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("giờ làm việc của đơn vị")
        verbose_name_plural = _("giờ làm việc của đơn vị")
        ordering = ["unit", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="workdays_officehours_unit_from")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.periods} ({self.valid_from:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        self.periods = format_office_hours(parse_office_hours(self.periods))
        super().save(*args, **kwargs)
