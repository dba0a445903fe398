"""One-stop monitoring: procedure catalogue (TTHC), dossiers, apology letters, imports, portal figures, targets,
and the versioned 766 definitions (contracts/onestop.md; methodology.md §1, §4, §9).

Audit: every table here carries the audit trigger. ``onestop_dossier`` — a high-volume table loaded in bulk (a
million rows per import) — logs its changes only (``UPDATE`` and ``DELETE``): a new row is recorded by the
:class:`ImportBatch` that wrote it (who, when, file, counts; every dossier points to the batch that last wrote it, desk
receipts too), so the bulk ``COPY`` of new rows fires no trigger, while a re-import or an edit that changes a dossier
is logged row by row with its actor. ``onestop_deskcounter`` and ``onestop_formcounter`` (number counters) are
not audited.

Ownership (issue 11): a procedure and an import source belong to an owner unit (an organisation). A procedure with
no owner is on the national list, shared read-only (only administrators change it); a unit's effective catalogue is,
code by code, the row owned by its nearest ancestor-or-self, else the national row (:mod:`cchc.onestop.catalogue`).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Concat, Greatest
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from cchc.core.models import TimestampedModel
from cchc.orgs.models import Fold

UNITS_OF_TIME = [
    ("working_days", _("ngày làm việc")),
    ("days", _("ngày")),
    ("hours", _("giờ")),
    ("months", _("tháng")),
    ("same_day", _("trong ngày (nhận trước 15:00)")),
    ("half_days", _("buổi làm việc")),
]


class Procedure(TimestampedModel):
    """A thủ tục hành chính of the catalogue, with its publicity data for the "công khai, minh bạch" group.

    ``owner`` empty: the national list (shared, read-only but for administrators); otherwise the organisation (unit)
    whose own catalogue holds it — a code is unique per owner. Resolve codes with :mod:`cchc.onestop.catalogue`."""

    class OnlineLevel(models.TextChoices):
        NONE = "none", _("Không cung cấp trực tuyến")
        PARTIAL = "partial", _("Trực tuyến một phần")
        FULL = "full", _("Trực tuyến toàn trình")

    code = models.CharField(_("mã TTHC"), max_length=64, db_index=True)
    owner = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị sở hữu danh mục"),
        help_text=_("Để trống: danh mục dùng chung toàn quốc."),
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.CharField(_("lĩnh vực"), max_length=255, blank=True)
    level = models.CharField(_("cấp thực hiện"), max_length=100, blank=True)
    processing_amount = models.PositiveIntegerField(_("thời hạn giải quyết"))
    processing_unit = models.CharField(_("đơn vị thời hạn"), max_length=16, choices=UNITS_OF_TIME)
    fee = models.DecimalField(_("phí, lệ phí (đồng)"), max_digits=14, decimal_places=0, default=0)
    online_level = models.CharField(
        _("mức trực tuyến"), max_length=8, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    postal = models.BooleanField(_("tiếp nhận, trả kết quả qua bưu chính"), default=False)
    paper_result = models.BooleanField(_("kết quả là văn bản, giấy tờ"), default=False)
    for_citizens = models.BooleanField(_("đối tượng là công dân"), default=True)
    # Publicity (công khai, minh bạch).
    decision_ref = models.CharField(_("quyết định công bố"), max_length=255, blank=True)
    decision_date = models.DateField(_("ngày quyết định công bố"), null=True, blank=True)
    legal_basis_effective_on = models.DateField(
        _("ngày hiệu lực của văn bản quy định"), null=True, blank=True
    )
    published_on = models.DateField(_("ngày công khai trên CSDL quốc gia"), null=True, blank=True)
    public_on_unit_page = models.BooleanField(_("công khai trên trang của đơn vị"), default=False)
    content_full = models.BooleanField(_("công khai đầy đủ nội dung"), default=False)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    search_text = models.GeneratedField(
        expression=Fold(Concat("code", Value(" "), "name", Value(" "), "field")),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["field", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "code"], name="onestop_procedure_owner_code"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(owner__isnull=True),
                name="onestop_procedure_national_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ImportSource(TimestampedModel):
    """A one-stop system whose exports are uploaded, with its saved column mapping (canonical column → heading).

    It belongs to its ``owner`` unit: seen by those whose scope covers the owner or who work under it, changed only by
    those who manage the owner (:mod:`cchc.onestop.sources`); the name is unique per owner. No owner: a source of
    before ownership that could not be attributed — administrators only."""

    owner = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị sở hữu"),
    )
    name = models.CharField(_("tên nguồn"), max_length=255)
    mapping = models.JSONField(_("ánh xạ cột"), default=dict, blank=True)
    # kind (status, channel, yesno, rating) → the export's cell text → the contract's code: what the source writes
    # that the built-in words (:mod:`cchc.onestop.headings`) do not know
    value_mapping = models.JSONField(_("ánh xạ giá trị"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nguồn dữ liệu hồ sơ")
        verbose_name_plural = _("nguồn dữ liệu hồ sơ")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="onestop_importsource_owner_name"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(owner__isnull=True),
                name="onestop_importsource_unowned_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One import (or one desk entry): who, when, which file, how many rows were created and updated."""

    class Kind(models.TextChoices):
        PROCEDURES = "procedures", _("Thủ tục hành chính")
        DOSSIERS = "dossiers", _("Hồ sơ")
        DESK = "desk", _("Tiếp nhận tại Bộ phận Một cửa")
        DEMO = "demo", _("Dữ liệu mẫu")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    file_name = models.CharField(_("tệp"), max_length=500, blank=True)
    source = models.ForeignKey(
        ImportSource, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("nguồn")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    via = models.CharField(_("qua"), max_length=32, default="command")
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    created = models.PositiveIntegerField(_("tạo mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    started_at = models.DateTimeField(_("bắt đầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.rows})"


class Channel(models.TextChoices):
    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Bưu chính công ích")


class Status(models.TextChoices):
    PROCESSING = "processing", _("Đang xử lý")
    SUPPLEMENT = "supplement", _("Chờ bổ sung")
    DONE = "done", _("Đã giải quyết")
    RETURNED = "returned", _("Đã trả kết quả")
    REJECTED = "rejected", _("Từ chối, dừng xử lý")
    WITHDRAWN = "withdrawn", _("Công dân rút hồ sơ")


TERMINAL = ("done", "returned", "rejected", "withdrawn")


def _interval(a: str, b: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(a) - F(b), output_field=models.DurationField())


# The verdict of the on-time rule (contracts/onestop.md) for a dossier counted at its finishing time — true when it
# had fewer than 2 supplement requests and finished_at − pause ≤ due_at, the pause being the supplement time when
# both its ends are ≤ finished_at. It does not depend on the as-of moment, so PostgreSQL keeps it with the row; the
# indicators read it for every dossier finished by as_of and evaluate the rule only for the others. Written as
# finished_at − due_at ≤ pause: a difference of two timestamps is immutable, a timestamp minus an interval is not.
FINISHED_ON_TIME = Case(
    When(finished_at__isnull=True, then=Value(None)),
    When(supplement_requests__gte=2, then=Value(False)),
    When(
        LessThanOrEqual(
            _interval("finished_at", "due_at"),
            Case(
                When(
                    Q(supplement_requested_at__lte=F("finished_at"))
                    & Q(supplement_completed_at__lte=F("finished_at")),
                    then=Greatest(
                        _interval("supplement_completed_at", "supplement_requested_at"),
                        Value(timedelta(0)),
                    ),
                ),
                default=Value(timedelta(0)),
                output_field=models.DurationField(),
            ),
        ),
        then=Value(True),
    ),
    default=Value(False),
    output_field=models.BooleanField(),
)


class Dossier(TimestampedModel):
    """A hồ sơ TTHC. High volume: its changes are audited (``UPDATE``/``DELETE``), its creation is recorded by
    ``batch`` (who loaded it — see the module docstring). ``procedure`` is a row of the unit's effective catalogue."""

    code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    # Indexes: code, (unit, received_at), open dossiers by (unit, due_at) — no others, so each loaded row writes
    # few index entries (procedure filters scan the unit's dossiers).
    # No database-level FK constraints on this table: their row triggers (three per row) dominate a million-row
    # load. Every row is checked by the importer (unit and procedure must exist) before it is written, and deletes
    # go through the ORM, which still enforces PROTECT / SET_NULL.
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("đơn vị tiếp nhận"),
        db_constraint=False,
        db_index=False,  # covered by the (unit, received_at) index
    )
    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("thủ tục"),
        db_constraint=False,
        db_index=False,
    )
    channel = models.CharField(_("hình thức nộp"), max_length=8, choices=Channel.choices, default="direct")
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    due_at = models.DateTimeField(_("hẹn trả lúc"))
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default="processing")
    supplement_requests = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    supplement_requested_at = models.DateTimeField(_("yêu cầu bổ sung lúc"), null=True, blank=True)
    supplement_completed_at = models.DateTimeField(_("hoàn thành bổ sung lúc"), null=True, blank=True)
    fee_required = models.BooleanField(_("phải nộp phí"), default=False)
    paid_online = models.BooleanField(_("thanh toán trực tuyến"), default=False)
    digitized = models.BooleanField(_("đã số hóa"), default=False)
    result_electronic = models.BooleanField(_("có kết quả điện tử"), default=False)
    reused_data = models.BooleanField(_("tái sử dụng dữ liệu số hóa"), default=False)
    citizen_data = models.BooleanField(_("sử dụng dữ liệu dân cư"), default=False)
    petition = models.BooleanField(_("có phản ánh, kiến nghị"), default=False)
    rating = models.CharField(_("đánh giá"), max_length=8, blank=True, default="")
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    finished_on_time = models.GeneratedField(
        expression=FINISHED_ON_TIME,
        output_field=models.BooleanField(null=True),
        db_persist=True,
        verbose_name=_("kết thúc đúng hạn"),
    )
    applicant_name = models.CharField(_("người nộp"), max_length=255, blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=32, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lần nhập"),
        db_constraint=False,
        db_index=False,
    )
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["unit", "received_at"], name="onestop_dossier_unit_recv"),
            models.Index(
                fields=["unit", "due_at"],
                name="onestop_dossier_open_due",
                condition=models.Q(finished_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finished_at__isnull=True)
                | models.Q(finished_at__gte=models.F("received_at")),
                name="onestop_dossier_finished_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class DeskCounter(models.Model):
    """The last desk-receipt number given by a unit in a year: incremented atomically (one row locked per unit and
    year), so two simultaneous receipts never get the same number. Not audited (a counter)."""

    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    last = models.PositiveIntegerField(_("số cuối"), default=0)

    class Meta:
        verbose_name = _("bộ đếm số hồ sơ tiếp nhận")
        verbose_name_plural = _("bộ đếm số hồ sơ tiếp nhận")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="onestop_deskcounter_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class FormCounter(models.Model):
    """The last number of a numbered form a unit issues, per year: the apology letter (``form="apology"``) and the
    desk's numbered steps (``form``: the step's kind — Mẫu 02, Mẫu 03). Taken like :class:`DeskCounter`'s: one row
    locked per unit, year and form until the form's transaction ends, so two forms issued at once never get the same
    number (:mod:`cchc.onestop.numbering`). Not audited (a counter)."""

    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    form = models.CharField(_("loại phiếu"), max_length=24)
    last = models.PositiveIntegerField(_("số cuối"), default=0)

    class Meta:
        verbose_name = _("bộ đếm số phiếu")
        verbose_name_plural = _("bộ đếm số phiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "form"], name="onestop_formcounter_unit_year_form"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}/{self.form}: {self.last}"


class ApologyLetter(TimestampedModel):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04, methodology.md §4.2–4.3): once per dossier."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, related_name="apology", verbose_name=_("hồ sơ")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    reason = models.TextField(_("lý do"))
    original_due_at = models.DateTimeField(_("ngày hẹn trả cũ"))
    new_due_at = models.DateTimeField(_("thời gian hẹn trả kết quả lại"))
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=255, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    issued_at = models.DateTimeField(_("ngày lập"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người lập"),
    )
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("phiếu xin lỗi và hẹn lại ngày trả kết quả")
        verbose_name_plural = _("phiếu xin lỗi và hẹn lại ngày trả kết quả")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(new_due_at__gt=models.F("original_due_at")),
                name="onestop_apology_later_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number:02d}/PXL — {self.dossier.code}"


class PortalFigure(TimestampedModel):
    """A figure a unit copies from the national portal for a period (numerator/denominator, ratio or score) —
    used by the 766 page for what the dossiers and the catalogue cannot give.

    A typed figure is a proposal: the unit enters it (``entered_by``), a coordinator with no conflict of interest
    approves or rejects it (``decided_by``, with a reason on rejection), and only an approved figure counts in the
    766 scores and rankings. Changing a figure makes it a proposal again. Audited (migration 0002)."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Bị từ chối")

    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="portal_figures", verbose_name=_("đơn vị")
    )
    period_from = models.DateField(_("từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    code = models.CharField(_("mã chỉ số"), max_length=64)
    numerator = models.PositiveIntegerField(_("tử số"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("mẫu số"), null=True, blank=True)
    ratio = models.DecimalField(_("tỷ lệ (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    score = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    entered_at = models.DateTimeField(_("nhập lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    decided_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    rejection_reason = models.TextField(_("lý do từ chối"), blank=True)

    class Meta:
        verbose_name = _("số liệu từ Cổng DVCQG")
        verbose_name_plural = _("số liệu từ Cổng DVCQG")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period_from", "period_to", "code"], name="onestop_portal_figure_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="rejected") | ~models.Q(rejection_reason=""),
                name="onestop_portal_figure_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.code} {self.period_from}–{self.period_to}"


class IndexDefinition(models.Model):
    """A version of the 766 definitions (groups, indicators, maxima, scoring, bands), loaded from
    ``data/index766.json`` by ``load_index766``; the version in force for a period is used."""

    version = models.CharField(_("phiên bản"), max_length=64, unique=True)
    effective_from = models.DateField(_("hiệu lực từ ngày"))
    title = models.CharField(_("tên"), max_length=500, blank=True)
    document = models.JSONField(_("định nghĩa"))
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phiên bản bộ chỉ số 766")
        verbose_name_plural = _("phiên bản bộ chỉ số 766")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.version} ({self.effective_from:%d/%m/%Y})"


class DeskStep(models.Model):
    """A step of the desk's workflow on a dossier (TT 01/2018/TT-VPCP): receipt (Mẫu 01), supplement request
    (Mẫu 02) and its completion, refusal (Mẫu 03), result, return — who, when, why, and the number of the form it
    issued (per unit, year and form). The times the indicators use are written on the dossier in the same
    transaction (:mod:`cchc.onestop.workflow`); these rows are the control sheet (Mẫu 05) and the book (Mẫu 06).
    Audited."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Tiếp nhận hồ sơ")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung, hoàn thiện hồ sơ")
        SUPPLEMENT_RECEIVED = "supplement_received", _("Nhận hồ sơ bổ sung")
        REFUSED = "refused", _("Từ chối giải quyết")
        RESULT = "result", _("Có kết quả giải quyết")
        RETURNED = "returned", _("Trả kết quả")

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="desk_steps",
        verbose_name=_("hồ sơ"),
        db_constraint=True,
    )
    kind = models.CharField(_("bước"), max_length=24, choices=Kind.choices)
    at = models.DateTimeField(_("thời điểm"))
    reason = models.TextField(_("lý do, nội dung"), blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số phiếu"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ tại Bộ phận Một cửa")
        verbose_name_plural = _("bước xử lý hồ sơ tại Bộ phận Một cửa")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["dossier", "at"], name="onestop_deskstep_dossier_at")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class UnitProcedure(TimestampedModel):
    """A procedure a unit handles and posts (niêm yết) at its desk: which desk, since when — the unit's own list of
    TTHC (the 766 publicity items and the payment term C count it, with the procedures its dossiers show). The
    procedure is named by its code in the unit's effective catalogue. Audited."""

    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="posted_procedures", verbose_name=_("đơn vị")
    )
    procedure_code = models.CharField(_("mã TTHC"), max_length=64)
    desk = models.CharField(
        _("niêm yết tại"), max_length=255, blank=True, help_text=_("Ví dụ: Bộ phận Một cửa")
    )
    posted_since = models.DateField(_("niêm yết từ ngày"))
    until = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thủ tục của đơn vị")
        verbose_name_plural = _("thủ tục của đơn vị")
        ordering = ["unit", "procedure_code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "procedure_code"], name="onestop_unitprocedure_unit_code")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.procedure_code}"


class Publication766(TimestampedModel):
    """The 766 results of an organising unit's units for one month, approved and published (seed 002 item 39).

    A coordinator of the organising unit reviews the figures the 766 page computes for the month and approves them;
    the approval freezes them (:class:`Publication766Row`, written once) and publishes them on the public page. A
    later change of the data never changes a published month: a correction is a new version with its reason, which
    supersedes the previous one; a withdrawal (with its reason) takes the month off the public page. Audited
    (migration 0015)."""

    class State(models.TextChoices):
        PUBLISHED = "published", _("Đang công khai")
        SUPERSEDED = "superseded", _("Đã thay bằng phiên bản sau")
        WITHDRAWN = "withdrawn", _("Đã rút")

    organiser = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="publications766",
        verbose_name=_("đơn vị tổ chức đánh giá"),
    )
    month = models.DateField(_("tháng"))  # the first day of the month
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=State.choices, default=State.PUBLISHED, db_index=True
    )
    reason = models.TextField(_("lý do công khai lại"), blank=True)
    definitions = models.CharField(_("phiên bản bộ chỉ số"), max_length=64, blank=True)
    groups = models.JSONField(
        _("nhóm chỉ số"), default=list
    )  # [{"code", "title", "max"}] as on the month's page
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    approved_at = models.DateTimeField(_("duyệt lúc"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người rút"),
    )
    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("lý do rút"), blank=True)

    class Meta:
        verbose_name = _("công khai kết quả 766")
        verbose_name_plural = _("công khai kết quả 766")
        ordering = ["-month", "organiser__path", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "month", "version"], name="onestop_publication766_version"
            ),
            models.UniqueConstraint(
                fields=["organiser", "month"],
                condition=Q(state="published"),
                name="onestop_publication766_one_published",
            ),
        ]

    def __str__(self) -> str:
        return f"766 {self.month:%m/%Y} — {self.organiser} (v{self.version})"


class Publication766Row(models.Model):
    """One unit's line of a published month, as approved: never changed after (see :class:`Publication766`).
    The unit's code and name are kept as they were, so a renamed or merged unit's published line stays."""

    publication = models.ForeignKey(Publication766, on_delete=models.CASCADE, related_name="rows")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    unit_code = models.CharField(_("mã đơn vị"), max_length=64)
    unit_name = models.CharField(_("tên đơn vị"), max_length=255)
    rank_group = models.CharField(_("nhóm xếp hạng"), max_length=16, blank=True)  # COMMUNE / AGENCY
    rank = models.PositiveIntegerField(_("xếp hạng"))
    group_rank = models.PositiveIntegerField(_("xếp hạng trong nhóm"))
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2)
    band = models.CharField(_("xếp loại"), max_length=32, blank=True)
    scores = models.JSONField(_("điểm nhóm chỉ số"), default=dict)  # group code -> "12.34"
    lacking = models.BooleanField(_("thiếu số liệu"), default=False)

    class Meta:
        verbose_name = _("kết quả 766 đã công khai của đơn vị")
        verbose_name_plural = _("kết quả 766 đã công khai của đơn vị")
        ordering = ["publication", "rank", "unit_code"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "unit"], name="onestop_publication766row_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.total}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("A published 766 line is never changed; publish a new version instead.")
        super().save(*args, **kwargs)
