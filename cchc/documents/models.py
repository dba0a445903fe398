"""Register of issued document numbers (NĐ 30/2020 Điều 15): per issuing body, per calendar year, from 01."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import TimestampedModel

from .format import format_number


class NumberCounter(models.Model):
    """Last number given by one issuing body in one year; the row locked while a number is allocated."""

    issuer = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("bộ đếm số văn bản")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="documents_counter_issuer_year")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last_number}"


class IssuedDocument(models.Model):
    """One number taken in the register (sổ đăng ký văn bản đi)."""

    issuer = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("ký hiệu"), max_length=64)
    doc_type = models.CharField(_("loại văn bản"), max_length=8)
    summary = models.TextField(_("trích yếu"), blank=True)
    issued_on = models.DateField(_("ngày văn bản"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lấy số"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm lấy số"), auto_now_add=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("văn bản đã cấp số")
        verbose_name_plural = _("sổ văn bản đi")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"], name="documents_issued_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["issuer", "year", "-number"], name="documents_issued_register")]

    def __str__(self) -> str:
        return self.number_text

    @property
    def number_text(self) -> str:
        """``05/KH-CAHP`` (without "Số:")."""
        return self.number_line.removeprefix("Số: ")

    @property
    def number_line(self) -> str:
        """``Số: 05/KH-CAHP`` as printed on the document."""
        return format_number(self.number, self.symbol)

    def official_fields(self) -> dict:
        """``number``, ``symbol``, ``date`` (and ``doc_type`` title) to build an ``OfficialDocument`` with."""
        from .doc_types import doc_type

        try:
            title = doc_type(self.doc_type).title
        except KeyError:
            title = ""
        return {"number": self.number, "symbol": self.symbol, "date": self.issued_on, "doc_type": title}

    @property
    def doc_type_name(self) -> str:
        from .doc_types import doc_type

        try:
            return doc_type(self.doc_type).name
        except KeyError:
            return self.doc_type


class IssuerProfile(TimestampedModel):
    """How a unit writes itself on the official documents it issues (NĐ 30/2020): the agency part of the ký hiệu
    ("CAHP", not the unit code "HP") and the place name of the date line ("Hải Phòng"). A unit without a profile
    takes the nearest ancestor's (see :mod:`cchc.documents.letterhead`)."""

    unit = models.OneToOneField(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="issuer_profile", verbose_name=_("đơn vị")
    )
    symbol = models.CharField(_("ký hiệu cơ quan"), max_length=32)
    place = models.CharField(_("địa danh"), max_length=64, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("thể thức văn bản của đơn vị")
        verbose_name_plural = _("thể thức văn bản của đơn vị")

    def __str__(self) -> str:
        return f"{self.symbol} — {self.place}"
