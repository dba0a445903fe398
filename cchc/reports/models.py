"""Periodic CCHC reports: template versions, reporting cycles, periods, unit submissions, the synthesis."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import EvidenceBase, TimestampedModel
from cchc.core.versioning import version_field
from cchc.orgs.models import OrgUnit, UnitGroup


class ReportTemplate(models.Model):
    """One version of a report outline (``data/report_templates.json``), kept so old reports keep their form."""

    code = models.CharField(_("mã mẫu"), max_length=64)
    version = models.PositiveIntegerField(_("phiên bản"))
    name = models.CharField(_("tên mẫu"), max_length=255)
    definition = models.JSONField(_("nội dung mẫu"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="reports_template_version")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def outline(self):
        from .outline import outline_from_stored

        cached = getattr(self, "_outline", None)
        if cached is None:
            cached = self._outline = outline_from_stored(self.code, self.version, self.name, self.definition)
        return cached


class ReportingCycle(TimestampedModel):
    """A coordinator's office collecting periodic reports from a set of units under a preset, for one year."""

    office = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="report_cycles", verbose_name=_("cơ quan tổng hợp")
    )
    name = models.CharField(_("tên"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    preset = models.CharField(_("bộ quy tắc kỳ báo cáo"), max_length=64)
    custom_rules = models.JSONField(_("quy tắc riêng"), null=True, blank=True)
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, verbose_name=_("mẫu báo cáo"))
    group = models.ForeignKey(
        UnitGroup, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("nhóm đơn vị báo cáo")
    )
    units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="report_cycles_reporting", verbose_name=_("đơn vị báo cáo cụ thể")
    )
    subtree_root = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_cycles_rooted",
        verbose_name=_("mọi đơn vị thuộc"),
    )
    subtree_depth = models.PositiveSmallIntegerField(
        _("đến cấp"), null=True, blank=True, help_text=_("1: các đơn vị trực thuộc; trống: mọi cấp.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("chu kỳ báo cáo")
        verbose_name_plural = _("chu kỳ báo cáo")
        ordering = ["-year", "office__path", "name"]

    def __str__(self) -> str:
        return self.name


class ReportPeriod(TimestampedModel):
    ADHOC = "adhoc"

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("loại kỳ"), max_length=16)
    title = models.CharField(_("tên báo cáo"), max_length=255)
    content = models.TextField(_("nội dung yêu cầu"), blank=True)
    data_from = models.DateField(_("số liệu từ ngày"))
    data_to = models.DateField(_("số liệu đến ngày"))
    due = models.DateField(_("hạn gửi"))
    last_safe_day = models.DateField(_("ngày làm việc cuối"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-due", "title"]
        indexes = [models.Index(fields=["due"], name="reports_period_due_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind"], condition=~models.Q(kind="adhoc"), name="reports_period_kind_once"
            ),
            models.CheckConstraint(
                condition=models.Q(data_to__gte=models.F("data_from")), name="reports_window"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adhoc(self) -> bool:
        return self.kind == self.ADHOC


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ thủ trưởng duyệt")
    APPROVED = "approved", _("Thủ trưởng đã duyệt, chờ tiếp nhận")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Bị trả lại")


EDITABLE = {Status.NOT_STARTED, Status.DRAFT, Status.RETURNED}
SENT = {Status.SUBMITTED, Status.APPROVED, Status.ACCEPTED}
# What completeness, timeliness and the synthesis count: what the unit head approved (a staff member's report that
# waits for its head, or was returned, is not the unit's report yet).
COUNTED = {Status.APPROVED, Status.ACCEPTED}


class Submission(TimestampedModel):
    """A unit's report for a period. One row per expected unit, created with the period."""

    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="report_submissions")
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    narratives = models.JSONField(_("nội dung"), default=dict, blank=True)
    numbers = models.JSONField(_("số liệu nhập"), default=dict, blank=True)  # field -> "12" (typed fields)
    overrides = models.JSONField(_("số liệu điều chỉnh"), default=dict, blank=True)  # field -> {value, note}
    figures = models.JSONField(
        _("số liệu nền tảng khi gửi"), default=dict, blank=True
    )  # snapshot at submission
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_approved_at = models.DateTimeField(_("thủ trưởng duyệt lần đầu lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("ý kiến của đầu mối"), blank=True)
    saved_at = models.DateTimeField(_("lưu lúc"), null=True, blank=True)
    edit_version = version_field()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="reports_submission_once")]
        indexes = [models.Index(fields=["status"], name="reports_submission_status_idx")]

    def __str__(self) -> str:
        return f"{self.period} — {self.unit}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def sent(self) -> bool:
        return self.status in SENT

    @property
    def counted(self) -> bool:
        """The unit's report as its head approved it (what completeness and the synthesis count)."""
        return self.status in COUNTED

    @property
    def counted_at(self):
        """When the unit's report counts as sent: the head's first approval (None while not approved)."""
        return self.first_approved_at if self.counted else None


class SubmissionEvent(models.Model):
    """What happened to a submission: submitted, approved, accepted, returned (with comments), reopened (reason)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Gửi báo cáo")
        APPROVE = "approve", _("Thủ trưởng duyệt")
        ACCEPT = "accept", _("Tiếp nhận")
        RETURN = "return", _("Trả lại")
        HEAD_RETURN = "head_return", _("Thủ trưởng trả lại")
        REOPEN = "reopen", _("Mở lại")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("lúc"))
    comment = models.TextField(_("ý kiến, lý do"), blank=True)

    class Meta:
        verbose_name = _("diễn biến báo cáo")
        verbose_name_plural = _("diễn biến báo cáo")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"


class ReportDocument(EvidenceBase):
    """A unit's report as an official document (NĐ 30/2020): its number from the register, date, place, signer,
    recipients, and the scan of the signed paper."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="document")
    issued = models.OneToOneField(
        "documents.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("số văn bản"),
    )
    place = models.CharField(_("địa danh"), max_length=64, blank=True)
    doc_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=64, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=128, blank=True)
    file = models.FileField(_("bản ký (scan)"), upload_to="reports/signed/%Y/", blank=True)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    scan_uploaded_at = models.DateTimeField(_("tải bản ký lúc"), null=True, blank=True)
    scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản báo cáo của đơn vị")
        verbose_name_plural = _("văn bản báo cáo của đơn vị")

    def __str__(self) -> str:
        return self.issued.number_text if self.issued_id and self.issued else str(self.submission)

    def download_name(self) -> str:
        from pathlib import PurePosixPath

        ext = PurePosixPath(self.file.name or "").suffix
        return f"bao-cao-da-ky-{self.submission_id}{ext}"


class Synthesis(TimestampedModel):
    """The coordinator's own report for a period: units' numbers added up, narratives edited section by section."""

    period = models.OneToOneField(ReportPeriod, on_delete=models.CASCADE, related_name="synthesis")
    narratives = models.JSONField(_("nội dung"), default=dict, blank=True)
    overrides = models.JSONField(_("số liệu điều chỉnh"), default=dict, blank=True)
    number = models.CharField(_("số văn bản"), max_length=16, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=64, blank=True)
    place = models.CharField(_("địa danh"), max_length=64, blank=True)
    doc_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=64, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=128, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edit_version = version_field()

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")

    def __str__(self) -> str:
        return f"Tổng hợp — {self.period}"


class Reminder(models.Model):
    """A reminder sent to a unit for a period (so the daily job sends each one once)."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Sắp đến hạn")
        AFTER = "after", _("Quá hạn")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "kind", "sent_on"], name="reports_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_on}"
