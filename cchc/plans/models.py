"""Plans and tasks: a plan (kế hoạch) with its sections and tasks, the assignments of tasks to units, progress
updates with evidence, the import drafts users correct before saving, and in-app notifications.

A plan is owned by its issuing unit (``issuer``). A task names its units as printed (``TaskUnit``: lead or
coordinating, resolved to one org unit or one unit group); issuing the plan turns them into ``Assignment`` rows,
one per unit (a group gives one per member unit). A unit that receives tasks builds its own implementing plan
(``Plan.parent_plan``), whose tasks point at the tasks they implement (``Task.parent_task``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import EvidenceBase, TimestampedModel
from cchc.core.versioning import version_field
from cchc.orgs.models import OrgUnit, UnitGroup


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Ngày cụ thể")
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng")
    YEAR = "year", _("Năm")
    RECURRING = "recurring", _("Thường xuyên / định kỳ")
    RELATIVE = "relative", _("Tính từ một sự kiện")
    BY_DIRECTION = "by_direction", _("Theo chỉ đạo")
    UNKNOWN = "unknown", _("Chưa xác định")


def plan_source_path(instance: Plan, filename: str) -> str:
    from django.utils import timezone

    today = timezone.localdate()
    return f"plans/sources/{today:%Y/%m}/{filename}"


class Plan(TimestampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")
        CLOSED = "closed", _("Đã kết thúc")

    class Kind(models.TextChoices):
        GENERAL = "", _("Kế hoạch CCHC")
        INSPECTION = "inspection", _("Kế hoạch kiểm tra")
        SELF_INSPECTION = "self_inspection", _("Kế hoạch tự kiểm tra")

    class Period(models.TextChoices):
        MONTH = "month", _("Hằng tháng")
        QUARTER = "quarter", _("Hằng quý")
        HALF_YEAR = "half_year", _("6 tháng")

    issuer = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("đơn vị ban hành")
    )
    issuer_name = models.CharField(_("cơ quan ban hành (như in)"), max_length=255, blank=True)
    doc_number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.TextField(_("trích yếu"))
    year = models.PositiveSmallIntegerField(_("năm"))
    basis = models.TextField(_("căn cứ"), blank=True)
    implements = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="implemented_by",
        verbose_name=_("thực hiện kế hoạch"),
    )
    parent_plan = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_plans",
        verbose_name=_("kế hoạch cấp trên"),
    )
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    # The inspections module's plans (cchc.inspections) are plans of these kinds; the plans module ignores it.
    kind = models.CharField(_("loại kế hoạch"), max_length=16, choices=Kind.choices, default="", blank=True)
    report_period = models.CharField(
        _("kỳ báo cáo nhiệm vụ thường xuyên"), max_length=10, choices=Period.choices, default=Period.QUARTER
    )
    subplan_days = models.PositiveSmallIntegerField(
        _("số ngày để đơn vị ban hành kế hoạch thực hiện"), null=True, blank=True
    )
    subplan_due = models.DateField(_("hạn ban hành kế hoạch thực hiện (ngày cố định)"), null=True, blank=True)
    source_filename = models.CharField(_("tệp gốc"), max_length=255, blank=True)
    source_file = models.FileField(
        _("tệp gốc đã nhập"), upload_to=plan_source_path, max_length=500, blank=True
    )
    document_text = models.JSONField(_("toàn văn kế hoạch (các mục I–III)"), default=list, blank=True)
    import_warnings = models.JSONField(_("cảnh báo khi đọc tệp"), default=list, blank=True)
    issued_at = models.DateTimeField(_("thời điểm ban hành trên hệ thống"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edit_version = version_field()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "-issue_date", "-pk"]
        indexes = [models.Index(fields=["issuer", "status"], name="plans_plan_issuer_idx")]
        constraints = [
            # One số/ký hiệu per issuing unit and year among the plans in force (drafts may repeat, with a warning).
            models.UniqueConstraint(
                fields=["issuer", "year", "doc_number"],
                condition=~models.Q(doc_number="") & models.Q(status__in=["issued", "closed"]),
                name="plans_plan_number_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} — {self.title}" if self.doc_number else self.title

    @property
    def is_inspection_plan(self) -> bool:
        """An inspection plan's tasks are its visits: it is edited in the inspections module only."""
        return self.kind in (self.Kind.INSPECTION, self.Kind.SELF_INSPECTION)


class Section(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("kế hoạch")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("nhóm cha"),
    )
    code = models.CharField(_("số thứ tự"), max_length=32, blank=True)
    title = models.TextField(_("tên nhóm nhiệm vụ"))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title


class Task(TimestampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("kế hoạch"))
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("nhóm"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subtasks",
        verbose_name=_("nhiệm vụ cha"),
    )
    parent_task = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementing_tasks",
        verbose_name=_("thực hiện nhiệm vụ cấp trên"),
    )
    table_no = models.PositiveSmallIntegerField(_("bảng"), default=1)
    code = models.CharField(_("số thứ tự"), max_length=32, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    content = models.TextField(_("nội dung nhiệm vụ"))
    product = models.TextField(_("sản phẩm"), blank=True)
    target = models.CharField(_("chỉ tiêu đo lường"), max_length=500, blank=True)
    measure = models.ForeignKey(
        "targets.Target",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_tasks",
        verbose_name=_("chỉ tiêu trong sổ chỉ tiêu"),
    )  # the register's target this task is measured by (its actual value and status shown on the task)
    leader = models.CharField(_("lãnh đạo phụ trách"), max_length=255, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    deadline_text = models.CharField(_("thời hạn (như in)"), max_length=500, blank=True)
    deadline_kind = models.CharField(
        _("loại thời hạn"), max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.UNKNOWN
    )
    deadline_start = models.DateField(_("bắt đầu"), null=True, blank=True)
    deadline_end = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    manual_percent = models.PositiveSmallIntegerField(_("tiến độ đặt tay (%)"), null=True, blank=True)
    manual_note = models.TextField(_("ghi chú tiến độ đặt tay"), blank=True)
    edit_version = version_field()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order"]
        indexes = [models.Index(fields=["plan", "order"], name="plans_task_order_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.content[:80]}".strip()

    @property
    def is_recurring(self) -> bool:
        return self.deadline_kind == DeadlineKind.RECURRING


class Role(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATE = "coordinate", _("Phối hợp")


class TaskUnit(models.Model):
    """A unit reference as printed in the task ("PV01", "Công an các đơn vị, địa phương"), resolved."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="unit_refs", verbose_name=_("nhiệm vụ")
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    text = models.CharField(_("như in"), max_length=500)
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    group = models.ForeignKey(
        UnitGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nhóm đơn vị"),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("đơn vị được giao (như in)")
        verbose_name_plural = _("đơn vị được giao (như in)")
        ordering = ["task", "role", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True) | models.Q(group__isnull=True),
                name="plans_taskunit_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def resolved(self) -> bool:
        return self.unit_id is not None or self.group_id is not None


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    NOT_DONE = "not_done", _("Không thực hiện")


DONE_STATUSES = (Status.DONE, Status.DONE_LATE)
CLOSED_STATUSES = (Status.DONE, Status.DONE_LATE, Status.NOT_DONE)


class Assignment(TimestampedModel):
    """One unit's share of one task. Its status and percentage are those of the last accepted progress update."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("nhiệm vụ")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="plan_assignments", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    via_group = models.ForeignKey(
        UnitGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("giao qua nhóm"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    reason = models.TextField(_("lý do không thực hiện"), blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    received_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    last_period = models.CharField(_("kỳ đã báo cáo gần nhất"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["task__order", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="plans_assignment_unique")]
        indexes = [models.Index(fields=["unit", "status"], name="plans_assignment_unit_idx")]

    def __str__(self) -> str:
        return f"{self.task.code} — {self.unit}"


class ProgressUpdate(models.Model):
    """A report on an assignment: staff submit, the unit head confirms, the plan's coordinator accepts or returns."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Chờ thủ trưởng xác nhận")
        CONFIRMED = "confirmed", _("Chờ đầu mối tiếp nhận")
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        RETURNED = "returned", _("Bị trả lại")
        WITHDRAWN = "withdrawn", _("Đã rút lại")

    class Step(models.TextChoices):
        HEAD = "head", _("Thủ trưởng đơn vị")
        COORDINATOR = "coordinator", _("Đầu mối kế hoạch")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="updates", verbose_name=_("phân công")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người báo cáo"),
    )
    text = models.TextField(_("nội dung báo cáo"))
    status = models.CharField(_("trạng thái đề nghị"), max_length=12, choices=Status.choices)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    reason = models.TextField(_("lý do không thực hiện"), blank=True)
    period = models.CharField(_("kỳ báo cáo"), max_length=10, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành (đơn vị báo)"), null=True, blank=True)
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("ý kiến của đầu mối"), blank=True)
    returned_step = models.CharField(_("bước trả lại"), max_length=12, choices=Step.choices, blank=True)
    withdrawn_at = models.DateTimeField(_("thời điểm rút lại"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.get_status_display()} {self.percent}%"


def evidence_path(instance: Evidence, filename: str) -> str:
    from django.utils import timezone

    today = timezone.localdate()
    return f"plans/evidence/{today:%Y/%m}/{filename}"


class Evidence(EvidenceBase):
    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("báo cáo")
    )
    file = models.FileField(_("tệp minh chứng"), upload_to=evidence_path, max_length=500, blank=True)
    url = models.URLField(
        _("đường dẫn minh chứng"),
        max_length=1000,
        blank=True,
        help_text=_("Minh chứng là một đường dẫn (hệ thống khác gửi qua API) thay cho tệp."),
    )
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100, blank=True)
    document_date = models.DateField(
        _("ngày văn bản"),
        null=True,
        blank=True,
        help_text=_("Ngày ban hành của văn bản là sản phẩm; ngày hoàn thành không được trước ngày này."),
    )

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.name

    def download_name(self) -> str:
        return self.name

    @property
    def href(self) -> str:
        """Where the evidence opens: its link, else the guarded download of its file."""
        from django.urls import reverse

        return self.url or reverse("plans:evidence_download", args=[self.pk])


class PlanImportDraft(TimestampedModel):
    """An upload being previewed: the extracted plan (contract JSON, as edited) kept until the user confirms."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    issuer = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị ban hành")
    )
    filename = models.CharField(max_length=255)
    data = models.JSONField(default=dict)
    mappings = models.JSONField(default=dict, blank=True)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("bản xem trước kế hoạch")
        verbose_name_plural = _("bản xem trước kế hoạch")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.filename


class EmailState(models.TextChoices):
    NONE = "", _("Không gửi")
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")


class Notification(models.Model):
    """An in-app notice; with ``email_state`` pending, the job ``send_notice_emails`` also e-mails it (once)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_notifications"
    )
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(
        _("thư điện tử"), max_length=8, choices=EmailState.choices, default=EmailState.NONE, blank=True
    )
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="plans_notification_once"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="plans_notification_user_idx")]

    def __str__(self) -> str:
        return self.text[:80]


class ReminderLetter(TimestampedModel):
    """A văn bản đôn đốc sent to one unit about one plan: numbered in the register (``document``), with its signer,
    recipients, the overdue tasks as they stood (``rows``) and when it was sent."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reminder_letters")
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị nhận")
    )
    document = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.PROTECT, related_name="+", verbose_name=_("số văn bản")
    )
    signer_name = models.CharField(_("người ký"), max_length=255)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    rows = models.JSONField(_("nhiệm vụ quá hạn"), default=list)
    missing_subplan = models.BooleanField(_("chưa ban hành kế hoạch thực hiện"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản đôn đốc")
        verbose_name_plural = _("văn bản đôn đốc")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.document)
