"""Satisfaction surveys: survey windows, service points (desk QR codes), per-dossier tokens, responses.

- A ``Survey`` is a window (opens/closes) of one versioned questionnaire (``data/questionnaires/*.json``) for a unit
  and its subtree. A service point or dossier token answers the most specific open survey of its kind covering its
  unit, unless it names a survey of its own.
- ``Response`` keeps every answer (JSON), its origin and its review state. IP addresses and device cookies are only
  kept as keyed hashes (HMAC with SECRET_KEY, salted with the day), never in clear.
- ``DailyTally`` is derived: per (survey, unit, service point, day, counted, dimension) the counts of answers 1–5,
  kept up to date on every write, so that results are one ``GROUP BY unit, dimension`` over a small table (the
  contract's formulas are then applied by ``results.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.models import TimestampedModel
from cchc.core.versioning import version_field
from cchc.orgs.models import OrgUnit

if TYPE_CHECKING:
    from .questionnaires import Questionnaire


class Kind(models.TextChoices):
    CITIZEN = "citizen", _("Người dân, tổ chức")
    ORGANISATION = "organisation", _("Cơ quan, tổ chức (Phiếu 01, 02)")
    DESK = "desk_evaluation", _("Đánh giá giải quyết hồ sơ (9 tiêu chí)")


class Survey(TimestampedModel):
    title = models.CharField(_("tên đợt khảo sát"), max_length=255)
    questionnaire_id = models.CharField(_("mẫu phiếu"), max_length=64)
    questionnaire_version = models.PositiveSmallIntegerField(_("phiên bản phiếu"))
    kind = models.CharField(_("loại phiếu"), max_length=32, choices=Kind.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("đơn vị tổ chức")
    )
    opens_at = models.DateTimeField(_("mở từ"))
    closes_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("đợt khảo sát")
        verbose_name_plural = _("đợt khảo sát")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=models.F("opens_at")),
                name="surveys_survey_window_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    @property
    def questionnaire(self) -> Questionnaire:
        from .catalog import get_questionnaire

        return get_questionnaire(self.questionnaire_id, self.questionnaire_version)


class ServicePoint(TimestampedModel):
    """A one-stop desk (or any place a static QR code is posted) of a unit."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="service_points", verbose_name=_("đơn vị")
    )
    name = models.CharField(_("tên điểm lấy ý kiến"), max_length=255)
    location = models.CharField(_("vị trí"), max_length=255, blank=True)
    token = models.CharField(_("mã QR"), max_length=32, unique=True, editable=False)
    survey = models.ForeignKey(
        Survey,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_points",
        verbose_name=_("đợt khảo sát riêng"),
        help_text=_("Để trống: dùng đợt khảo sát người dân đang mở của đơn vị hoặc đơn vị cấp trên."),
    )
    active = models.BooleanField(_("đang dùng"), default=True)
    edit_version = version_field()

    class Meta:
        verbose_name = _("điểm lấy ý kiến")
        verbose_name_plural = _("điểm lấy ý kiến")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class DossierToken(models.Model):
    """A token printed on a dossier's receipt: one answer per dossier."""

    token = models.CharField(_("mã QR"), max_length=32, unique=True, editable=False)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="dossier_tokens", verbose_name=_("đơn vị")
    )
    survey = models.ForeignKey(
        Survey, null=True, blank=True, on_delete=models.SET_NULL, related_name="dossier_tokens"
    )
    source = models.CharField(_("nguồn"), max_length=32, default="manual")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mã đánh giá hồ sơ")
        verbose_name_plural = _("mã đánh giá hồ sơ")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "dossier_code"], name="surveys_dossier_unique_per_unit")
        ]

    def __str__(self) -> str:
        return self.dossier_code


class Origin(models.TextChoices):
    QR = "qr", _("Mã QR tại quầy")
    DOSSIER = "dossier", _("Mã QR trên giấy hẹn")
    KIOSK = "kiosk", _("Máy kiosk")
    PAPER = "paper", _("Phiếu giấy")


class Status(models.TextChoices):
    OK = "ok", _("Hợp lệ")
    FLAGGED = "flagged", _("Nghi vấn, chờ xem xét")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    REJECTED = "rejected", _("Đã loại")


COUNTED_STATUSES = (Status.OK, Status.ACCEPTED)


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="survey_responses")
    service_point = models.ForeignKey(
        ServicePoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    dossier = models.OneToOneField(
        DossierToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    origin = models.CharField(_("nguồn"), max_length=16, choices=Origin.choices)
    submitted_at = models.DateTimeField(_("thời điểm trả lời"), default=timezone.now)
    day = models.DateField(_("ngày"))
    answers = models.JSONField(_("câu trả lời"), default=dict)
    comment = models.TextField(_("góp ý"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.OK)
    flags = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    ip_hash = models.CharField(max_length=32, blank=True)
    device_hash = models.CharField(max_length=32, blank=True)
    fill_seconds = models.PositiveIntegerField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Paper forms imported from a file: the form's identity (paper.form_key), so the same form is never counted twice.
    paper_key = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["ip_hash", "submitted_at"], name="surveys_resp_ip_idx"),
            models.Index(fields=["device_hash", "submitted_at"], name="surveys_resp_device_idx"),
            models.Index(fields=["unit", "day"], name="surveys_resp_unit_day_idx"),
            models.Index(
                fields=["status"],
                name="surveys_resp_review_idx",
                condition=models.Q(status="flagged"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["paper_key"],
                condition=~models.Q(paper_key=""),
                name="surveys_response_paper_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def counted(self) -> bool:
        return self.status in COUNTED_STATUSES


class DailyTally(models.Model):
    """Derived, not audited: per survey, unit, service point (0: none), day and counted/left-out state, the
    answers to each dimension counted per value (1–5); the row with ``dimension`` "" holds the number of responses.
    Kept up to date on every write (``services``), rebuilt from ``Response`` by ``services.rebuild_tallies``. Results
    read a few hundred thousand rows a year instead of millions of answers."""

    survey_id = models.BigIntegerField()
    unit_id = models.BigIntegerField()
    point_id = models.BigIntegerField(default=0)
    day = models.DateField()
    counted = models.BooleanField()
    dimension = models.CharField(max_length=32, blank=True)
    c1 = models.IntegerField(default=0)
    c2 = models.IntegerField(default=0)
    c3 = models.IntegerField(default=0)
    c4 = models.IntegerField(default=0)
    c5 = models.IntegerField(default=0)
    responses = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey_id", "unit_id", "point_id", "day", "counted", "dimension"],
                name="surveys_dailytally_key",
            )
        ]
        indexes = [models.Index(fields=["unit_id", "day"], name="surveys_daily_unit_day_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.day}/{self.dimension}"


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã công bố")


class QuestionnaireVersion(TimestampedModel):
    """One version of a questionnaire as data (the JSON document of ``questionnaires.parse_questionnaire``).

    A draft is edited in the UI by its owner organisation's coordinators (or an administrator); once published it
    is never changed (``services.questionnaire_*`` refuse it): surveys name ``(questionnaire_id, version)`` and the
    answers they collected keep pointing to the version they answered. ``owner`` None: a platform questionnaire
    (the shipped files loaded by migration 0012), changed only by administrators."""

    qid = models.CharField(_("mã mẫu phiếu"), max_length=64)
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    document = models.JSONField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    owner = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questionnaires",
        verbose_name=_("tổ chức sở hữu"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edit_version = version_field()

    class Meta:
        verbose_name = _("phiên bản mẫu phiếu")
        verbose_name_plural = _("phiên bản mẫu phiếu")
        ordering = ["qid", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["qid", "version"], name="surveys_questionnaire_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.qid} v{self.version}"

    @property
    def title(self) -> str:
        return str(self.document.get("title", self.qid)) if isinstance(self.document, dict) else self.qid

    @property
    def published(self) -> bool:
        return self.status == QuestionnaireStatus.PUBLISHED

    def save(self, *args, **kwargs) -> None:
        """A published version is never changed, whatever the path (the services say so in Vietnamese first)."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == QuestionnaireStatus.PUBLISHED:
                raise ValueError(f"questionnaire {self.qid} v{self.version} is published and cannot change")
        super().save(*args, **kwargs)


class ResponseTarget(TimestampedModel):
    """How many counted responses a unit should collect in a year (the plan's sample size per unit, seed 001
    PL03 items 4–6; e.g. 150 per commune). Set by the coordinators managing the unit."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="survey_targets", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    responses = models.PositiveIntegerField(_("số phiếu cần thu"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("chỉ tiêu số phiếu")
        verbose_name_plural = _("chỉ tiêu số phiếu")
        ordering = ["unit__path", "year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="surveys_target_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.responses}"
