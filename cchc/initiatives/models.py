"""Initiatives (sáng kiến) and idea contests (methodology §12; contract ``initiatives.md``).

An :class:`Initiative` is proposed by a unit (its authors with their shares), checked for completeness, reviewed by
a :class:`Council` of a scope (cơ sở → cấp tỉnh / bộ → toàn quốc) in a :class:`Review` where each member scores the
council's criteria (:class:`Score`), and recognised (or not) by a numbered decision. Other units declare that they
adopted it (:class:`Adoption`). A recognition at the scope the PAR-index framework names proposes a bonus
(:class:`BonusProposal`) that the appraisal council accepts in its round. An idea contest (:class:`Contest`) takes
entries that are initiatives of kind ``idea``, scored by its jury the same way.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.models import EvidenceBase, TimestampedModel
from cchc.core.versioning import version_field


class Scope(models.TextChoices):
    UNIT = "unit", _("Cấp cơ sở")
    PROVINCE = "province", _("Cấp tỉnh / bộ")
    NATIONAL = "national", _("Toàn quốc")


class Field(models.TextChoices):
    """The CCHC fields (Nghị quyết 76/NQ-CP): where the initiative improves administration."""

    INSTITUTIONS = "the_che", _("Cải cách thể chế")
    TTHC = "tthc", _("Cải cách thủ tục hành chính")
    ORGANISATION = "bo_may", _("Cải cách tổ chức bộ máy")
    CIVIL_SERVICE = "cong_vu", _("Cải cách chế độ công vụ")
    PUBLIC_FINANCE = "tai_chinh", _("Cải cách tài chính công")
    DIGITAL = "so_hoa", _("Xây dựng chính quyền điện tử, chính quyền số")
    OTHER = "khac", _("Khác")


class SolutionKind(models.TextChoices):
    TECHNICAL = "technical", _("Giải pháp kỹ thuật")
    MANAGEMENT = "management", _("Giải pháp quản lý")
    OPERATIONAL = "operational", _("Giải pháp tác nghiệp")
    APPLICATION = "application", _("Ứng dụng tiến bộ kỹ thuật")


class Council(TimestampedModel):
    """A council (hội đồng sáng kiến) of one scope and year, or a contest's jury, owned by a unit."""

    owner = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="initiative_councils",
        verbose_name=_("cơ quan lập"),
    )
    name = models.CharField(_("tên hội đồng"), max_length=255)
    scope = models.CharField(_("cấp"), max_length=16, choices=Scope.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    decision = models.CharField(_("quyết định thành lập"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("hội đồng sáng kiến")
        verbose_name_plural = _("hội đồng sáng kiến")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class CouncilMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch")
        SECRETARY = "secretary", _("Thư ký")
        MEMBER = "member", _("Ủy viên")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        ordering = ["council", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="initiatives_member_once")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class Criterion(models.Model):
    """One scoring criterion of a council, with its maximum points (as data)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã"), max_length=16)
    title = models.CharField(_("tiêu chí"), max_length=255)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tiêu chí chấm")
        ordering = ["council", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["council", "code"], name="initiatives_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Contest(TimestampedModel):
    """An idea contest (cuộc thi ý tưởng, giải pháp CCHC): rules, dates, a jury; entries are initiatives of kind
    ``idea``; results published when the organiser closes it."""

    class State(models.TextChoices):
        OPEN = "open", _("Đang nhận bài")
        JUDGING = "judging", _("Đang chấm")
        PUBLISHED = "published", _("Đã công bố kết quả")

    owner = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="initiative_contests",
        verbose_name=_("đơn vị tổ chức"),
    )
    title = models.CharField(_("tên cuộc thi"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    rules = models.TextField(_("thể lệ"), blank=True)
    opens_on = models.DateField(_("ngày bắt đầu nhận bài"))
    closes_on = models.DateField(_("hạn nộp bài"))
    jury = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="contests", verbose_name=_("ban giám khảo")
    )
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.OPEN)
    rounds = models.PositiveSmallIntegerField(_("số vòng chấm"), default=1)  # e.g. sơ khảo, chung khảo
    current_round = models.PositiveSmallIntegerField(_("vòng đang chấm"), default=0)
    published_at = models.DateTimeField(_("ngày công bố"), null=True, blank=True)

    class Meta:
        verbose_name = _("cuộc thi")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class Initiative(TimestampedModel):
    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("Sáng kiến")
        IDEA = "idea", _("Ý tưởng dự thi")

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Trả lại để bổ sung")
        IN_REVIEW = "in_review", _("Hội đồng đang xét")
        RECOGNISED = "recognised", _("Được công nhận")
        NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
        WITHDRAWN = "withdrawn", _("Đã rút")

    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("đơn vị")
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.INITIATIVE)
    contest = models.ForeignKey(
        Contest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("cuộc thi"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên sáng kiến"), max_length=500)
    field = models.CharField(_("lĩnh vực CCHC"), max_length=16, choices=Field.choices, default=Field.TTHC)
    solution_kind = models.CharField(
        _("loại giải pháp"), max_length=16, choices=SolutionKind.choices, default=SolutionKind.MANAGEMENT
    )
    situation_before = models.TextField(_("tình trạng trước khi có sáng kiến"), blank=True)
    solution = models.TextField(_("nội dung giải pháp"), blank=True)
    novelty = models.TextField(_("tính mới"), blank=True)
    first_applied_on = models.DateField(_("ngày áp dụng lần đầu (hoặc thử)"), null=True, blank=True)
    effect_before = models.TextField(_("số liệu trước khi áp dụng"), blank=True)
    effect_after = models.TextField(_("số liệu sau khi áp dụng"), blank=True)
    requested_scope = models.CharField(
        _("phạm vi đề nghị công nhận"), max_length=16, choices=Scope.choices, default=Scope.UNIT
    )
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.DRAFT)
    scope = models.CharField(_("cấp đã công nhận"), max_length=16, choices=Scope.choices, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người lập"),
    )
    edit_version = version_field()

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["year", "state"])]

    def __str__(self) -> str:
        return self.title


class Author(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("họ tên"), max_length=255)
    position = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    share = models.PositiveSmallIntegerField(_("tỷ lệ đóng góp (%)"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tác giả")
        ordering = ["initiative", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.share}%)"


class Attachment(EvidenceBase):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(upload_to="initiatives/%Y/")
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tài liệu kèm theo")
        ordering = ["initiative", "pk"]

    def __str__(self) -> str:
        return self.title

    def download_name(self) -> str:
        return self.title or super().download_name()


class Review(TimestampedModel):
    """One council's consideration of an initiative at one scope (or a contest jury's of an entry)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Đang xét")
        RECOGNISED = "recognised", _("Công nhận")
        NOT_RECOGNISED = "not_recognised", _("Không công nhận")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reviews")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="reviews")
    scope = models.CharField(_("cấp"), max_length=16, choices=Scope.choices)
    round_no = models.PositiveSmallIntegerField(_("vòng"), default=1)  # a contest's judging round
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    score = models.DecimalField(_("điểm hội đồng"), null=True, blank=True, max_digits=6, decimal_places=2)
    award = models.CharField(_("giải thưởng"), max_length=128, blank=True)
    decision = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.TextField(_("ý kiến hội đồng"), blank=True)

    class Meta:
        verbose_name = _("lần xét công nhận")
        ordering = ["initiative", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "scope"],
                condition=models.Q(outcome="pending"),
                name="initiatives_one_pending_review_per_scope",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.get_scope_display()}"


class Score(models.Model):
    """One council member's points for one criterion of one review (a member never overwrites another's)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("nhận xét"), blank=True)

    class Meta:
        verbose_name = _("điểm của thành viên")
        constraints = [
            models.UniqueConstraint(fields=["review", "member", "criterion"], name="initiatives_score_once"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="initiatives_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.criterion_id} = {self.points}"


class Adoption(models.Model):
    """A unit declares that it adopted (nhân rộng) a recognised initiative."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="adoptions")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    since = models.DateField(_("áp dụng từ ngày"))
    effect = models.TextField(_("hiệu quả đo được"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đơn vị nhân rộng")
        ordering = ["initiative", "since", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "unit"], name="initiatives_adopted_once")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} @ {self.unit_id}"


class BonusProposal(models.Model):
    """The PAR-index bonus a recognition proposes for the unit in that year's round, for the appraisal council."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        ACCEPTED = "accepted", _("Hội đồng thẩm định chấp nhận")
        REJECTED = "rejected", _("Không chấp nhận")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="bonus_proposals")
    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="bonus")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    points = models.DecimalField(_("điểm thưởng đề xuất"), max_digits=6, decimal_places=2)
    framework = models.CharField(_("bộ chỉ số"), max_length=255, blank=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.PROPOSED)
    adjustment = models.ForeignKey(
        "parindex.Adjustment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("đề xuất điểm thưởng Chỉ số CCHC")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: +{self.points}"
