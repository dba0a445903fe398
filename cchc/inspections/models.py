"""Inspections of CCHC work (``../shared/contracts/inspections.md``, methodology §11).

- The year's inspection plan is a :class:`cchc.plans.models.Plan` of kind "inspection" (a unit's plan for its own
  sub-units: kind "self_inspection"); each planned visit is a task of that plan led by the inspecting office.
- A :class:`Visit` inspects one unit: its team (members, and the decision forming it), the checklist it uses (a
  :class:`Checklist`, versioned data), one :class:`ItemResult` per checklist item, the unit's prior self-report,
  the record (biên bản) and the conclusion (thông báo kết luận).
- A :class:`Finding` of a concluded visit becomes a task of the plan assigned to the inspected unit (deadline,
  evidence and reminders as for any task); it is closed only when the inspecting office accepts the remedy.
- :class:`InspectionDocument` ties the numbered official documents (KH, QĐ, BB, BC, TB) to a plan or a visit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import TimestampedModel
from cchc.core.versioning import version_field
from cchc.orgs.models import OrgUnit


class Checklist(TimestampedModel):
    """A list of items an inspection checks, as versioned data: (code, version) is unique; a visit keeps the
    version it used, so editing a list later never changes a concluded inspection."""

    class Source(models.TextChoices):
        ND63 = "nd63", _("Nghị định 63/2010 Điều 35a")
        PARINDEX = "parindex", _("Tiêu chí Chỉ số CCHC")
        OWN = "own", _("Danh mục của cơ quan")

    code = models.CharField(_("mã danh mục"), max_length=64)
    version = models.CharField(_("phiên bản"), max_length=32)
    name = models.CharField(_("tên danh mục"), max_length=255)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    owner = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan xây dựng"),
    )
    items = models.JSONField(_("nội dung kiểm tra"), default=list)  # [{"code", "area", "text"}]
    basis = models.TextField(_("căn cứ"), blank=True)

    class Meta:
        verbose_name = _("danh mục kiểm tra")
        verbose_name_plural = _("danh mục kiểm tra")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="inspections_checklist_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Visit(TimestampedModel):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Định kỳ")
        AD_HOC = "ad_hoc", _("Đột xuất")
        RE_INSPECTION = "re_inspection", _("Tái kiểm tra")
        SELF = "self", _("Tự kiểm tra")

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("Trực tiếp")
        ELECTRONIC = "electronic", _("Trực tuyến (qua dữ liệu hệ thống)")

    class State(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        TEAM_FORMED = "team_formed", _("Đã thành lập đoàn")
        RECORDED = "recorded", _("Đã lập biên bản")
        CONCLUDED = "concluded", _("Đã kết luận")
        CANCELLED = "cancelled", _("Hủy")

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="inspection_visits", verbose_name=_("kế hoạch")
    )
    task = models.OneToOneField(
        "plans.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_visit",
        verbose_name=_("nhiệm vụ trong kế hoạch"),
    )
    office = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="inspections_made", verbose_name=_("cơ quan kiểm tra")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("đơn vị được kiểm tra")
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=Kind.choices, default=Kind.PERIODIC)
    mode = models.CharField(_("phương thức"), max_length=12, choices=Mode.choices, default=Mode.ON_SITE)
    announced = models.BooleanField(_("có thông báo trước"), default=True)
    planned_from = models.DateField(_("dự kiến từ ngày"))
    planned_to = models.DateField(_("dự kiến đến ngày"))
    re_inspection_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="re_inspections",
        verbose_name=_("tái kiểm tra cuộc kiểm tra"),
    )
    checklist = models.ForeignKey(
        Checklist, on_delete=models.PROTECT, related_name="visits", verbose_name=_("danh mục kiểm tra")
    )
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.PLANNED)
    visit_date = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    self_report = models.TextField(_("báo cáo tự kiểm tra của đơn vị"), blank=True)
    self_report_at = models.DateTimeField(_("thời điểm đơn vị gửi báo cáo"), null=True, blank=True)
    unit_people = models.TextField(_("thành phần đơn vị được kiểm tra"), blank=True)
    unit_opinion = models.TextField(_("ý kiến của đơn vị được kiểm tra"), blank=True)
    summary = models.TextField(_("kết quả kiểm tra (tóm tắt)"), blank=True)
    strengths = models.TextField(_("ưu điểm"), blank=True)
    report_back_date = models.DateField(_("hạn báo cáo kết quả khắc phục"), null=True, blank=True)
    recorded_on = models.DateField(_("ngày lập biên bản"), null=True, blank=True)
    conclusion_date = models.DateField(_("ngày kết luận"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edit_version = version_field()

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["planned_from", "pk"]
        indexes = [
            models.Index(fields=["unit", "state"], name="inspections_visit_unit_idx"),
            models.Index(fields=["plan"], name="inspections_visit_plan_idx"),
            models.Index(fields=["conclusion_date"], name="inspections_visit_concl_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_to__gte=models.F("planned_from")), name="inspections_visit_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit}"

    @property
    def is_concluded(self) -> bool:
        return self.state == self.State.CONCLUDED


class TeamMember(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Trưởng đoàn")
        DEPUTY = "deputy", _("Phó trưởng đoàn")
        MEMBER = "member", _("Thành viên")
        SECRETARY = "secretary", _("Thư ký")

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="team", verbose_name=_("cuộc kiểm tra")
    )
    name = models.CharField(_("họ và tên"), max_length=255)
    position = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
    role = models.CharField(
        _("nhiệm vụ trong đoàn"), max_length=10, choices=Role.choices, default=Role.MEMBER
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")
        ordering = ["visit", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class ItemResult(models.Model):
    class Result(models.TextChoices):
        PASS = "pass", _("Đạt")
        FAIL = "fail", _("Chưa đạt")
        NOT_APPLICABLE = "na", _("Không áp dụng")
        UNCHECKED = "", _("Chưa đánh giá")

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="results", verbose_name=_("cuộc kiểm tra")
    )
    item_code = models.CharField(_("mã nội dung"), max_length=32)
    area = models.CharField(_("nhóm nội dung"), max_length=255, blank=True)
    text = models.TextField(_("nội dung kiểm tra"))
    order = models.PositiveSmallIntegerField(default=0)
    result = models.CharField(_("kết quả"), max_length=4, choices=Result.choices, default="", blank=True)
    evidence = models.TextField(_("tài liệu, minh chứng đã xem"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("kết quả nội dung kiểm tra")
        verbose_name_plural = _("kết quả nội dung kiểm tra")
        ordering = ["visit", "order"]
        constraints = [models.UniqueConstraint(fields=["visit", "item_code"], name="inspections_result_item")]

    def __str__(self) -> str:
        return f"{self.item_code}: {self.result}"


class Finding(TimestampedModel):
    """A shortcoming (tồn tại, hạn chế) with its request (kiến nghị) and deadline, followed until remedied."""

    class State(models.TextChoices):
        OPEN = "open", _("Đang khắc phục")
        CLOSED = "closed", _("Đã khắc phục (được chấp nhận)")

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="findings", verbose_name=_("cuộc kiểm tra")
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    item_code = models.CharField(_("nội dung kiểm tra liên quan"), max_length=32, blank=True)
    text = models.TextField(_("tồn tại, hạn chế"))
    request = models.TextField(_("kiến nghị, yêu cầu khắc phục"))
    deadline = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("hạn khắc phục (số ngày làm việc từ khi kết luận)"), null=True, blank=True
    )
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.OPEN)
    assignment = models.OneToOneField(
        "plans.Assignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_finding",
        verbose_name=_("nhiệm vụ khắc phục"),
    )
    closed_at = models.DateTimeField(_("thời điểm chấp nhận khắc phục"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_note = models.TextField(_("ý kiến của cơ quan kiểm tra"), blank=True)
    rechecked_in = models.ForeignKey(
        Visit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rechecked_findings",
        verbose_name=_("được kiểm tra lại trong cuộc"),
    )
    recheck_note = models.TextField(_("kết quả kiểm tra lại"), blank=True)

    class Meta:
        verbose_name = _("tồn tại, kiến nghị")
        verbose_name_plural = _("tồn tại, kiến nghị")
        ordering = ["visit", "number"]
        constraints = [models.UniqueConstraint(fields=["visit", "number"], name="inspections_finding_number")]
        indexes = [models.Index(fields=["state", "deadline"], name="inspections_finding_state_idx")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class InspectionDocument(models.Model):
    """A numbered official document of a plan (KH) or of a visit (QĐ, BB, BC, TB), taken from the register."""

    class Kind(models.TextChoices):
        PLAN = "KH", _("Kế hoạch kiểm tra")
        DECISION = "QD", _("Quyết định thành lập đoàn")
        RECORD = "BB", _("Biên bản kiểm tra")
        REPORT = "BC", _("Báo cáo kết quả kiểm tra")
        CONCLUSION = "TB", _("Thông báo kết luận kiểm tra")

    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="inspection_documents"
    )
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("loại"), max_length=2, choices=Kind.choices)
    issued = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.PROTECT, related_name="+", verbose_name=_("số văn bản")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản kiểm tra")
        verbose_name_plural = _("văn bản kiểm tra")
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "kind"],
                condition=models.Q(visit__isnull=False),
                name="inspections_doc_visit",
            ),
            models.UniqueConstraint(
                fields=["plan", "kind"], condition=models.Q(plan__isnull=False), name="inspections_doc_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.issued_id}"
