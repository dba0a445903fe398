"""PAR index (Chỉ số CCHC): versioned criteria frameworks, assessment rounds, self-assessment, appraisal, results.

The scores are computed by the pure core (:mod:`cchc.parindex.scoring`) — the same code as ``parindex_evaluate`` —
from the documents these models produce (:mod:`cchc.parindex.results`). Published results are frozen as
:class:`ResultVersion` snapshots; a correction adds a new version, the old ones stay visible.

Workflow: units self-assess (criteria may be handed to departments, :class:`CriterionAssignment`); each council member
scores for themselves (:class:`MemberScore`), the chair or the secretary sets the agreed score (``Score.round1`` /
``round2``) and the minutes are numbered in the documents register (:class:`CouncilMinutes`); the coordinator submits
the results and the leader's approval publishes them (phase ``approval`` → ``published``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import EvidenceBase, TimestampedModel
from cchc.core.versioning import version_field
from cchc.orgs.models import OrgUnit, UnitKind

POINTS: dict[str, Any] = {"max_digits": 7, "decimal_places": 2}


class Method(models.TextChoices):
    MANUAL = "manual", _("Chấm thủ công")
    PLAN_TASKS_ON_TIME = "plan_tasks_on_time", _("Tỷ lệ nhiệm vụ kế hoạch hoàn thành đúng hạn")
    SURVEY_INDEX = "survey_index", _("Chỉ số hài lòng (khảo sát)")
    ORGANISATION_SURVEY_INDEX = (
        "organisation_survey_index",
        _("Ý kiến cơ quan, tổ chức (khảo sát Phiếu 01, 02)"),
    )
    INDEX766 = "index766", _("Số liệu Bộ chỉ số 766")
    REPORTS_SENT = "reports_sent", _("Tỷ lệ báo cáo CCHC đã gửi")
    REPORT_TIMELINESS = "report_timeliness", _("Tỷ lệ báo cáo CCHC gửi đúng hạn")
    APOLOGY_LETTERS = "apology_letters", _("Tỷ lệ hồ sơ quá hạn có thư xin lỗi")


class Framework(TimestampedModel):
    """One version of a criteria framework (bộ tiêu chí) for a year and a kind of unit."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ACTIVE = "active", _("Đang áp dụng")
        RETIRED = "retired", _("Hết hiệu lực")

    name = models.CharField(_("tên bộ tiêu chí"), max_length=500)
    year = models.PositiveSmallIntegerField(_("năm"))
    unit_kind = models.CharField(
        _("loại đơn vị áp dụng"), max_length=32, choices=UnitKind.choices, blank=True
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    is_sample = models.BooleanField(_("mẫu tham khảo"), default=False)
    description = models.TextField(_("mô tả"), blank=True)
    bonus_cap = models.DecimalField(_("điểm thưởng tối đa"), default=Decimal(0), **POINTS)
    penalty_points = models.DecimalField(_("điểm phạt mỗi lỗi"), default=Decimal(2), **POINTS)
    bands = models.JSONField(_("xếp loại"), default=list)  # [{"name": …, "min": "95"}], highest first
    evidence_from = models.DateField(_("tài liệu kiểm chứng từ ngày"), null=True, blank=True)
    evidence_to = models.DateField(_("tài liệu kiểm chứng đến ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bộ tiêu chí Chỉ số CCHC")
        verbose_name_plural = _("bộ tiêu chí Chỉ số CCHC")
        ordering = ["-year", "unit_kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit_kind", "version"], name="parindex_framework_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def max_points(self) -> Decimal:
        return sum((c.max_points for c in self.criteria.all() if c.parent_id is None), Decimal(0))


class Criterion(models.Model):
    """A node of the tree: lĩnh vực (top level) → tiêu chí → tiêu chí thành phần. Leaves carry the points."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("bộ tiêu chí")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("cha"),
    )
    code = models.CharField(_("mã"), max_length=32)
    title = models.CharField(_("tên tiêu chí"), max_length=1000)
    max_points = models.DecimalField(_("điểm tối đa"), **POINTS)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    level = models.PositiveSmallIntegerField(_("cấp"), default=0)
    is_leaf = models.BooleanField(_("tiêu chí lá"), default=True)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    evidence_required = models.BooleanField(_("yêu cầu tài liệu kiểm chứng"), default=True)
    method = models.CharField(_("cách chấm"), max_length=32, choices=Method.choices, default=Method.MANUAL)
    thresholds = models.JSONField(_("ngưỡng"), null=True, blank=True)  # [{"min": 80, "points": 2.25}]
    # what the rule counts, read by its source: {"indicator": "DOSSIER_ON_TIME"}, {"text": "Đề án 06"}, …
    rule_params = models.JSONField(_("tham số quy tắc tính"), null=True, blank=True)
    survey_measured = models.BooleanField(_("đo bằng khảo sát"), default=False)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["framework", "position"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="parindex_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def self_scored(self) -> bool:
        return not self.survey_measured


class Round(TimestampedModel):
    """An assessment round (đợt xác định chỉ số): one framework, the assessed units, deadlines, the council."""

    class Phase(models.TextChoices):
        DRAFT = "draft", _("Chuẩn bị")
        SELF = "self", _("Tự đánh giá")
        ROUND1 = "round1", _("Thẩm định lần 1")
        EXPLANATION = "explanation", _("Giải trình")
        ROUND2 = "round2", _("Thẩm định lần 2")
        APPROVAL = "approval", _("Chờ lãnh đạo phê duyệt")
        PUBLISHED = "published", _("Đã công bố")
        CORRECTING = "correcting", _("Đính chính sau công bố")

    name = models.CharField(_("tên đợt"), max_length=500)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("bộ tiêu chí")
    )
    owner_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức đánh giá")
    )
    phase = models.CharField(_("giai đoạn"), max_length=16, choices=Phase.choices, default=Phase.DRAFT)
    evidence_from = models.DateField(_("tài liệu kiểm chứng từ ngày"))
    evidence_to = models.DateField(_("tài liệu kiểm chứng đến ngày"))
    self_due = models.DateField(_("hạn tự đánh giá"), null=True, blank=True)
    round1_due = models.DateField(_("hạn thẩm định lần 1"), null=True, blank=True)
    explanation_due = models.DateField(_("hạn giải trình"), null=True, blank=True)
    round2_due = models.DateField(_("hạn thẩm định lần 2"), null=True, blank=True)
    publish_due = models.DateField(_("hạn công bố"), null=True, blank=True)
    council = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="parindex_councils",
        verbose_name=_("hội đồng thẩm định"),
    )
    # The council's officers: the chair (chủ tịch) and the secretary (thư ký) set the agreed scores after every
    # member has scored; a council of one with neither named agrees with itself.
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("chủ tịch hội đồng"),
    )  # fmt: skip
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("thư ký hội đồng"),
    )  # fmt: skip
    legal_basis = models.TextField(
        _("căn cứ ban hành quyết định"),
        blank=True,
        help_text=_("Mỗi dòng một căn cứ, in trong quyết định công bố."),
    )
    # Publication: the coordinator submits the results, the leader (Giám đốc) approves them, which publishes.
    publish_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người trình công bố"),
    )  # fmt: skip
    publish_requested_at = models.DateTimeField(_("ngày trình công bố"), null=True, blank=True)
    publish_reason = models.TextField(_("lý do đính chính đề nghị"), blank=True)
    publish_return_note = models.TextField(_("ý kiến lãnh đạo khi trả lại"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edit_version = version_field()

    class Meta:
        verbose_name = _("đợt xác định Chỉ số CCHC")
        verbose_name_plural = _("đợt xác định Chỉ số CCHC")
        ordering = ["-framework__year", "-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_frozen(self) -> bool:
        return self.phase == self.Phase.PUBLISHED


class Assessment(TimestampedModel):
    """One unit in one round: its self-assessment and its appraisal."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        AWAITING_HEAD = "awaiting_head", _("Chờ thủ trưởng duyệt")
        SUBMITTED = "submitted", _("Đã gửi tự đánh giá")
        EXPLAINED = "explained", _("Đã gửi giải trình")

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("đợt")
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("khó khăn, kiến nghị"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người trình"),
    )  # fmt: skip
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("thủ trưởng duyệt"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)
    explained_at = models.DateTimeField(_("ngày gửi giải trình"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ngày trình"), null=True, blank=True)
    late = models.BooleanField(_("trình sau hạn"), default=False)
    # A coordinator reopens the self-assessment after the round's deadline, for this unit, until this day.
    reopened_until = models.DateField(_("mở lại đến ngày"), null=True, blank=True)
    edit_version = version_field()

    class Meta:
        verbose_name = _("đánh giá của đơn vị")
        verbose_name_plural = _("đánh giá của đơn vị")
        ordering = ["round", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="parindex_assessment_unit")]

    def __str__(self) -> str:
        return f"{self.unit.code} — {self.round}"


class Score(models.Model):
    """A leaf criterion's scores for a unit: self, round 1, the unit's explanation, round 2; hạ chuẩn."""

    class Decision(models.TextChoices):
        PENDING = "", _("Chưa quyết định")
        APPROVED = "approved", _("Chấp thuận hạ chuẩn")
        REJECTED = "rejected", _("Không chấp thuận")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("đánh giá")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("tiêu chí")
    )
    self_score = models.DecimalField(_("điểm tự chấm"), null=True, blank=True, **POINTS)
    self_note = models.TextField(_("diễn giải kết quả"), blank=True)
    no_evidence_note = models.TextField(_("giải trình thiếu tài liệu kiểm chứng"), blank=True)
    na_requested = models.BooleanField(_("đề nghị hạ chuẩn"), default=False)
    na_reason = models.TextField(_("lý do hạ chuẩn"), blank=True)
    na_decision = models.CharField(
        _("quyết định hạ chuẩn"),
        max_length=16,
        choices=Decision.choices,
        default=Decision.PENDING,
        blank=True,
    )
    computed_points = models.DecimalField(_("điểm tính từ dữ liệu"), null=True, blank=True, **POINTS)
    computed_detail = models.TextField(_("chi tiết tính từ dữ liệu"), blank=True)
    computed_url = models.CharField(_("các bản ghi đã tính"), max_length=1000, blank=True)
    round1 = models.DecimalField(_("điểm thẩm định lần 1"), null=True, blank=True, **POINTS)
    round1_comment = models.TextField(_("ý kiến thẩm định lần 1"), blank=True)
    round1_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người thẩm định lần 1"),
    )  # fmt: skip
    response = models.TextField(_("giải trình của đơn vị"), blank=True)
    round2 = models.DecimalField(_("điểm thẩm định lần 2"), null=True, blank=True, **POINTS)
    round2_comment = models.TextField(_("ý kiến thẩm định lần 2"), blank=True)
    round2_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người thẩm định lần 2"),
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="parindex_score_leaf")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.criterion.code}"

    @property
    def not_applicable(self) -> bool:
        return self.na_requested and self.na_decision == self.Decision.APPROVED


def evidence_path(instance: Evidence, filename: str) -> str:
    a = instance.assessment
    return f"parindex/evidence/{a.round_id}/{a.unit.code}/{instance.criterion.code}/{filename}"


# What an evidence item may point at on the platform instead of a file or a link (translated when shown).
RECORD_KINDS = {
    "plan": _("Kế hoạch"),
    "report": _("Báo cáo"),
    "task": _("Nhiệm vụ / minh chứng nhiệm vụ"),
    "document": _("Văn bản"),
    "survey": _("Khảo sát"),
}


class Evidence(EvidenceBase):
    """Tài liệu kiểm chứng: a file, a link, or a reference to a platform record."""

    class Stage(models.TextChoices):
        SELF = "self", _("Tự đánh giá")
        EXPLANATION = "explanation", _("Giải trình")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("đánh giá")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("tiêu chí")
    )
    stage = models.CharField(_("giai đoạn"), max_length=16, choices=Stage.choices, default=Stage.SELF)
    title = models.CharField(_("tên tài liệu"), max_length=500)
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=500, blank=True)
    url = models.CharField(_("đường dẫn"), max_length=1000, blank=True)
    record_kind = models.CharField(_("loại hồ sơ trên hệ thống"), max_length=32, blank=True)
    record_id = models.CharField(_("mã hồ sơ trên hệ thống"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    doc_number = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    doc_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người thêm"),
    )

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["criterion__position", "created_at"]

    def __str__(self) -> str:
        return self.title

    RECORD_URLS = {"plan": "plans:plan_detail", "report": "reports:submission_detail"}

    @property
    def record_label(self) -> str:
        """The linked record's kind in words and its number, e.g. "Kế hoạch số 12"."""
        kind = RECORD_KINDS.get(self.record_kind, self.record_kind)
        return _("%(kind)s số %(id)s") % {"kind": kind, "id": self.record_id}

    @property
    def record_url(self) -> str:
        """The page of the linked platform record (that page applies its own access rules), or ""."""
        from django.urls import NoReverseMatch, reverse

        name = self.RECORD_URLS.get(self.record_kind)
        if not name or not self.record_id.isdigit():
            return ""
        try:
            return reverse(name, args=[int(self.record_id)])
        except NoReverseMatch:
            return ""


class Adjustment(models.Model):
    """Điểm thưởng / điểm phạt with its reason, entered by the council."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("Điểm thưởng")
        PENALTY = "penalty", _("Điểm phạt")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="adjustments", verbose_name=_("đánh giá")
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    points = models.DecimalField(_("điểm"), **POINTS)
    reason = models.TextField(_("lý do"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("điểm thưởng/phạt")
        verbose_name_plural = _("điểm thưởng/phạt")
        ordering = ["kind", "created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(points__gt=0), name="parindex_adjustment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points}"


class ResultVersion(models.Model):
    """Published results of a round, frozen. A correction after publication adds version n+1."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="versions", verbose_name=_("đợt"))
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    published_at = models.DateTimeField(_("ngày công bố"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người công bố"),
    )
    reason = models.TextField(_("lý do đính chính"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người trình"),
    )  # fmt: skip
    document = models.JSONField(_("kết quả"))  # the contract's output document, plus per-leaf detail
    input_document = models.JSONField(
        _("dữ liệu đầu vào")
    )  # the contract's input: re-run with parindex_evaluate

    class Meta:
        verbose_name = _("kết quả công bố")
        verbose_name_plural = _("kết quả công bố")
        ordering = ["round", "-number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="parindex_result_version")]

    def __str__(self) -> str:
        return f"{self.round} — v{self.number}"


class MemberScore(models.Model):
    """One council member's own score of a leaf for a unit in appraisal round 1 or 2. Each member keeps their own
    row; the agreed score (the council's) is ``Score.round1`` / ``Score.round2``, set in the consensus step."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="member_scores")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("thành viên")
    )
    round_no = models.PositiveSmallIntegerField(_("lần thẩm định"))
    points = models.DecimalField(_("điểm"), null=True, blank=True, **POINTS)
    comment = models.TextField(_("ý kiến"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm của thành viên hội đồng")
        verbose_name_plural = _("điểm của thành viên hội đồng")
        constraints = [
            models.UniqueConstraint(fields=["score", "member", "round_no"], name="parindex_member_score"),
            models.CheckConstraint(
                condition=models.Q(round_no__in=(1, 2)), name="parindex_member_score_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score} · {self.member_id} · {self.round_no}"


class CouncilMinutes(models.Model):
    """The council meeting minutes (biên bản) of one appraisal round, numbered once in the documents register."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("đợt"))
    round_no = models.PositiveSmallIntegerField(_("lần thẩm định"))
    document = models.ForeignKey(
        "documents.IssuedDocument", on_delete=models.PROTECT, related_name="+", verbose_name=_("số văn bản")
    )
    meeting_place = models.CharField(_("địa điểm họp"), max_length=300, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("biên bản họp hội đồng")
        verbose_name_plural = _("biên bản họp hội đồng")
        constraints = [models.UniqueConstraint(fields=["round", "round_no"], name="parindex_minutes_round")]

    def __str__(self) -> str:
        return f"{self.round} — {self.round_no}"


class CriterionAssignment(models.Model):
    """A criterion of an assessment handed to another unit to self-score (the province's own index: PX01, PX03, PX05,
    PH10 score the criteria they are in charge of and send them to PV01, which compiles the report)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("đánh giá")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("tiêu chí")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị phụ trách")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người gửi"),
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người giao"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tiêu chí giao đơn vị tự chấm")
        verbose_name_plural = _("tiêu chí giao đơn vị tự chấm")
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="parindex_assignment_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.criterion.code} → {self.unit.code}"
