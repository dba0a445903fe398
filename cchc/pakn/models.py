"""Citizens' feedback and petitions (phản ánh, kiến nghị — PAKN): ``../shared/contracts/pakn.md``, methodology §5.

One :class:`Record` is one PAKN **as held by one handling unit**: when a PAKN is forwarded, the receiving unit gets
its own record (``transferred_at`` set, ``previous`` pointing back) and the sending record ends with
``refusal_kind = forwarded`` — so every hop has its own clock. The state is read from the times (``clocks``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.models import EvidenceBase, TimestampedModel


class Channel(models.TextChoices):
    PORTAL = "portal", _("Cổng Dịch vụ công quốc gia")
    WEBSITE = "website", _("Trang thông tin điện tử")
    EMAIL = "email", _("Thư điện tử")
    PHONE = "phone", _("Điện thoại")
    POST = "post", _("Bưu chính (thư)")
    DIRECT = "direct", _("Trực tiếp")
    DIALOGUE = "dialogue", _("Hội nghị đối thoại")
    OTHER = "other", _("Khác (hộp thư góp ý…)")


class SenderType(models.TextChoices):
    CITIZEN = "citizen", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class Kind(models.TextChoices):
    PHAN_ANH = "phan_anh", _("Phản ánh")
    KIEN_NGHI = "kien_nghi", _("Kiến nghị")


class Category(models.TextChoices):
    REGULATION = "regulation", _("Quy định, chính sách, TTHC")
    CONDUCT = "conduct", _("Hành vi của cán bộ, công chức")


class ContentType(models.TextChoices):
    """NĐ 20/2008 Điều 5."""

    DELAY = "delay", _("Chậm trễ, gây phiền hà khi thực hiện quy định hành chính")
    UNFIT = "unfit", _("Quy định không phù hợp với thực tế")
    INCONSISTENT = "inconsistent", _("Quy định không đồng bộ, không thống nhất")
    UNLAWFUL = "unlawful", _("Quy định không hợp pháp")
    TREATY = "treaty", _("Quy định trái với điều ước quốc tế")
    OTHER = "other", _("Vấn đề khác")
    SOLUTION = "solution", _("Phương án xử lý")
    INITIATIVE = "initiative", _("Sáng kiến ban hành mới quy định hành chính")


class RefusalKind(models.TextChoices):
    REFUSED = "refused", _("Từ chối tiếp nhận")
    RETURNED = "returned", _("Trả lại")
    FORWARDED = "forwarded", _("Chuyển cơ quan khác")


class ReviewOutcome(models.TextChoices):
    """NĐ 20/2008 Điều 15."""

    KEEP_COLLECTING = "collect", _("Chưa đủ căn cứ, tiếp tục thu thập thông tin")
    AMEND = "amend", _("Sửa đổi, bổ sung, thay thế, bãi bỏ theo thẩm quyền")
    RECOMMEND = "recommend", _("Kiến nghị cơ quan có thẩm quyền sửa đổi, bãi bỏ")
    NEW_RULE = "new_rule", _("Ban hành hoặc kiến nghị ban hành quy định mới")
    NO_CHANGE = "no_change", _("Quy định phù hợp, không cần sửa đổi")


class AnswerStatus(models.TextChoices):
    NONE = "", _("Chưa soạn")
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Chờ thủ trưởng duyệt")
    APPROVED = "approved", _("Đã duyệt, đã cấp số")


# The six criteria of NĐ 20/2008 Điều 14 (review of a rule).
REVIEW_CRITERIA: tuple[tuple[str, str], ...] = (
    ("necessity", "Sự cần thiết"),
    ("lawful", "Tính hợp lý, hợp pháp"),
    ("simple", "Tính đơn giản, dễ hiểu"),
    ("feasible", "Tính khả thi"),
    ("consistent", "Tính thống nhất, đồng bộ"),
    ("treaty", "Sự phù hợp với điều ước quốc tế"),
)


class ClockRule(TimestampedModel):
    """Step limits in working days held by a receiving body, for its whole subtree (the nearest one applies).
    Without any, the portal's 2 / 5 / 15 / 2. The contract's figures always use the portal's set."""

    unit = models.OneToOneField(
        "orgs.OrgUnit", verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="pakn_clock_rule"
    )
    refuse_days = models.PositiveSmallIntegerField(_("từ chối, trả lại, chuyển (ngày làm việc)"), default=2)
    supplement_days = models.PositiveSmallIntegerField(_("yêu cầu bổ sung (ngày làm việc)"), default=5)
    handle_days = models.PositiveSmallIntegerField(_("xử lý (ngày làm việc)"), default=15)
    publish_days = models.PositiveSmallIntegerField(_("công khai (ngày làm việc)"), default=2)
    note = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thời hạn xử lý PAKN")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.refuse_days}/{self.supplement_days}/{self.handle_days}/{self.publish_days}"


class RegisterCounter(models.Model):
    """Last number of a unit's register (sổ tiếp nhận PAKN) in one year; locked while a number is given. Not
    audited: derived from the records (each carries its number)."""

    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="pakn_counter_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last_number}"


# The record's optional references, indexed only where set (partial indexes; see Record.Meta).
OPTIONAL_REFERENCES = (
    "previous",
    "assigned_to",
    "answer_author",
    "answer_document",
    "answer_approved_by",
    "entered_by",
)


class Record(TimestampedModel):
    """Audited on change and deletion; its creation is recorded by the record itself (``created_at``, ``channel``,
    ``entered_by`` for an officer's entry or import, the public form's ``flags`` and hashes), as survey responses
    are: the public form writes many."""

    unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị xử lý"),
        on_delete=models.PROTECT,
        related_name="pakn_records",
        db_index=False,  # pakn_record_unit_received and the register constraint lead with it
    )
    code = models.CharField(_("mã PAKN"), max_length=64)  # unique: pakn_record_code (Meta)
    register_year = models.PositiveSmallIntegerField(_("năm sổ"), null=True, blank=True)
    register_number = models.PositiveIntegerField(_("số vào sổ"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lần đầu lúc"))
    transferred_at = models.DateTimeField(_("chuyển đến đơn vị lúc"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("bản ghi ở đơn vị chuyển"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_hops",
        db_index=False,  # partial index in Meta
    )
    channel = models.CharField(_("hình thức tiếp nhận"), max_length=12, choices=Channel.choices)
    intake_note = models.CharField(_("nguồn cụ thể"), max_length=255, blank=True)
    sender_type = models.CharField(_("người gửi là"), max_length=12, choices=SenderType.choices)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    category = models.CharField(_("phân loại"), max_length=12, choices=Category.choices)
    content_type = models.CharField(
        _("nội dung (Điều 5)"), max_length=16, choices=ContentType.choices, blank=True
    )
    procedure_code = models.CharField(_("mã TTHC"), max_length=64, blank=True)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=64, blank=True)  # partial index in Meta
    title = models.CharField(_("tiêu đề"), max_length=500)
    content = models.TextField(_("nội dung"))
    sender_name = models.CharField(_("họ tên người gửi"), max_length=255, blank=True)
    sender_phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    sender_email = models.CharField(_("thư điện tử"), max_length=255, blank=True)
    sender_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    refused_at = models.DateTimeField(_("từ chối / trả lại / chuyển lúc"), null=True, blank=True)
    refusal_kind = models.CharField(_("hình thức"), max_length=12, choices=RefusalKind.choices, blank=True)
    refusal_reason = models.TextField(_("lý do"), blank=True)
    out_of_scope = models.BooleanField(_("khiếu nại, tố cáo (ngoài phạm vi)"), default=False)
    supplement_requested_at = models.DateTimeField(_("yêu cầu bổ sung lúc"), null=True, blank=True)
    supplement_request = models.TextField(_("nội dung yêu cầu bổ sung"), blank=True)
    supplemented_at = models.DateTimeField(_("người gửi bổ sung lúc"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("nhận xử lý lúc"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ xử lý"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    review = models.JSONField(_("rà soát theo 6 tiêu chí"), default=dict, blank=True)
    review_outcome = models.CharField(
        _("kết quả rà soát"), max_length=12, choices=ReviewOutcome.choices, blank=True
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answer_status = models.CharField(
        _("trạng thái văn bản trả lời"), max_length=12, choices=AnswerStatus.choices, blank=True, default=""
    )
    answer_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    answer_signer = models.CharField(_("người ký"), max_length=255, blank=True)
    answer_document = models.ForeignKey(
        "documents.IssuedDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    answer_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    handled_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    likes = models.PositiveIntegerField(_("hài lòng"), default=0)
    dislikes = models.PositiveIntegerField(_("không hài lòng"), default=0)
    follow_up_of = models.CharField(
        _("phản ánh tiếp về kết quả của"), max_length=64, blank=True
    )  # partial index in Meta
    conduct_founded = models.BooleanField(_("phản ánh hành vi đúng sự thật"), null=True, blank=True)
    imported = models.BooleanField(default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người vào sổ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    flags = models.JSONField(_("dấu hiệu bất thường"), default=list, blank=True)
    ip_hash = models.CharField(max_length=32, blank=True)
    device_hash = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-pk"]
        # Every public submission updates each index whose condition it meets (hundreds a second): seven. The code's
        # one unique index serves equality and prefix (LIKE 'x%') lookups alike (pattern operator class); the
        # optional references and codes are indexed only where set (deletions of users and documents, the chain of
        # hops, follow-ups, PAKN naming a dossier).
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "register_year", "register_number"], name="pakn_record_register_number"
            ),
            models.UniqueConstraint(
                fields=["code"], name="pakn_record_code", opclasses=["varchar_pattern_ops"]
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "received_at"], name="pakn_record_unit_received"),
            models.Index(fields=["received_at"], name="pakn_record_received"),
            models.Index(fields=["ip_hash", "created_at"], name="pakn_record_ip", condition=~Q(ip_hash="")),
            models.Index(
                fields=["device_hash", "created_at"], name="pakn_record_device", condition=~Q(device_hash="")
            ),
            *(
                models.Index(fields=[name], name=f"pakn_record_{name}", condition=~Q(**{name: ""}))
                for name in ("dossier_code", "follow_up_of")
            ),
            *(
                models.Index(
                    fields=[name], name=f"pakn_record_{name}", condition=Q(**{f"{name}__isnull": False})
                )
                for name in OPTIONAL_REFERENCES
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def register_label(self) -> str:
        if self.register_number is None:
            return ""
        return f"{self.register_number:02d}/{self.register_year}"


class Attachment(EvidenceBase):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp đính kèm"), upload_to="pakn/%Y/%m/")
    size = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("tệp đính kèm PAKN")

    def __str__(self) -> str:
        return self.name

    def download_name(self) -> str:
        return self.name or super().download_name()


class Transfer(models.Model):
    """One hop of a PAKN between bodies (Điều 9): from the sending record to the receiving unit's record (or to a
    body outside the platform, named in ``to_body``)."""

    from_record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="transfers_out")
    to_record = models.ForeignKey(
        Record, on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers_in"
    )
    to_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_body = models.CharField(_("cơ quan nhận"), max_length=255, blank=True)
    kind = models.CharField(max_length=12, choices=RefusalKind.choices)
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_record_id} → {self.to_unit_id or self.to_body}"


class Vote(models.Model):
    """A helpful / not helpful mark on a published answer, one per device (its HMAC) and record. Adds to the
    record's ``likes`` / ``dislikes``. Not audited (public, high volume; the record's counters are)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="votes")
    helpful = models.BooleanField()
    by_sender = models.BooleanField(default=False)
    device_hash = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "device_hash"], name="pakn_vote_once")]

    def __str__(self) -> str:
        return f"{self.record_id}: {'+' if self.helpful else '-'}"


class PenaltyProposal(TimestampedModel):
    """A founded conduct PAKN proposes the PAR-index penalty of the unit's framework (seed 003: −2 points) for the
    appraisal council to accept or reject."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        ACCEPTED = "accepted", _("Hội đồng chấp nhận")
        REJECTED = "rejected", _("Hội đồng không chấp nhận")

    record = models.OneToOneField(Record, on_delete=models.CASCADE, related_name="penalty")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    points = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("-2"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("đề xuất trừ điểm Chỉ số CCHC")

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.points}"
