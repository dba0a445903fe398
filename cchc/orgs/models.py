"""The organisation: a tree of units with aliases, validity dates and lineage; named groups of units.

``path`` and ``depth`` are maintained by a database trigger (``orgs_unit_path``): a unit's path is its ancestors'
ids and its own, "/1/5/12/", so a subtree is one indexed prefix match and the ancestors are read off the path.
"""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Func, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from cchc.core.models import TimestampedModel
from cchc.core.versioning import version_field


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ")
    PROVINCIAL_POLICE = "provincial_police", _("Công an tỉnh/thành phố")
    POLICE_DEPARTMENT = "police_department", _("Phòng nghiệp vụ")
    DISTRICT_POLICE = "district_police", _("Công an huyện/thị xã/thành phố (trước 2025)")
    COMMUNE_POLICE = "commune_police", _("Công an xã/phường/đặc khu")
    PROVINCIAL_COMMITTEE = "provincial_committee", _("UBND tỉnh/thành phố")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    COMMUNE_COMMITTEE = "commune_committee", _("UBND xã/phường/đặc khu")
    SPECIALISED_OFFICE = "specialised_office", _("Phòng chuyên môn")
    TEAM = "team", _("Đội, tổ")
    OTHER = "other", _("Khác")


class Level:
    """The cấp of government a kind of unit belongs to (``KIND_LEVEL``); kinds whose cấp depends on where they
    sit (teams, specialised offices, other) have none."""

    CENTRAL, PROVINCE, DISTRICT, COMMUNE = 0, 1, 2, 3


KIND_LEVEL: dict[str, int] = {
    UnitKind.MINISTRY: Level.CENTRAL,
    UnitKind.PROVINCIAL_POLICE: Level.PROVINCE,
    UnitKind.POLICE_DEPARTMENT: Level.PROVINCE,
    UnitKind.PROVINCIAL_COMMITTEE: Level.PROVINCE,
    UnitKind.DEPARTMENT: Level.PROVINCE,
    UnitKind.DISTRICT_POLICE: Level.DISTRICT,
    UnitKind.COMMUNE_POLICE: Level.COMMUNE,
    UnitKind.COMMUNE_COMMITTEE: Level.COMMUNE,
}


class Fold(Func):
    """cchc_fold(text): unaccent + lower, immutable (core migration 0001)."""

    function = "cchc_fold"
    output_field = models.TextField()


class TriggerMaintained:
    """Mixin for columns a database trigger sets: INSERT ... RETURNING reads them back."""

    db_returning = True


class PathField(TriggerMaintained, models.CharField):
    pass


class DepthField(TriggerMaintained, models.PositiveSmallIntegerField):
    pass


def valid_on(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    """A unit is in force on ``day`` from its ``valid_from`` to its ``valid_to`` (both included; None: open)."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


class OrgUnit(TimestampedModel):
    code = models.CharField(_("mã đơn vị"), max_length=64, unique=True)
    short_code = models.CharField(_("mã ngắn"), max_length=32, blank=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    path = PathField(max_length=1000, default="", editable=False)
    depth = DepthField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    sort_order = models.IntegerField(_("thứ tự"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)
    search_text = models.GeneratedField(
        expression=Fold(
            Concat("code", Value(" "), "short_code", Value(" "), "name", Value(" "), "short_name")
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    edit_version = version_field()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="orgs_unit_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind"], name="orgs_unit_kind_idx"),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="orgs_unit_search_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="orgs_unit_validity_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent (read off the path; no query)."""
        return [int(x) for x in self.path.strip("/").split("/") if x][:-1]

    def is_valid_on(self, day) -> bool:
        return valid_on(self.valid_from, self.valid_to, day)


class OrgUnitAlias(models.Model):
    """Another name documents use for a unit ("Phòng Tham mưu", "Phòng PV01", "PV01 - Đội 6")."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("đơn vị")
    )
    name = models.CharField(_("tên gọi khác"), max_length=255)
    search_text = models.GeneratedField(
        expression=Fold("name"), output_field=models.TextField(), db_persist=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="orgs_alias_unique_per_unit")]
        indexes = [
            models.Index(fields=["search_text"], name="orgs_alias_search_idx"),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="orgs_alias_search_trgm"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitLineage(models.Model):
    """A reorganisation step: the predecessor's history stays attached to it, and leads to the successor."""

    class Kind(models.TextChoices):
        RENAME = "rename", _("Đổi tên")
        MERGE = "merge", _("Sáp nhập")
        SPLIT = "split", _("Chia tách")
        TRANSFER = "transfer", _("Chuyển giao nhiệm vụ")

    predecessor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="successor_links", verbose_name=_("đơn vị trước")
    )
    successor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="predecessor_links", verbose_name=_("đơn vị sau")
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=Kind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    decision = models.CharField(_("văn bản"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử tổ chức")
        verbose_name_plural = _("lịch sử tổ chức")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="orgs_lineage_unique"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="orgs_lineage_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class UnitGroup(TimestampedModel):
    """A named set of units plans assign tasks to ("Công an xã, phường, đặc khu").

    Members are the units of ``kinds`` inside ``root``'s subtree (the root itself excluded), valid on the day asked,
    plus the explicitly listed ``members``.
    """

    code = models.CharField(_("mã nhóm"), max_length=64, unique=True)
    name = models.CharField(_("tên nhóm"), max_length=255)
    aliases = ArrayField(
        models.CharField(max_length=255), default=list, blank=True, verbose_name=_("tên gọi khác")
    )
    root = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups_rooted",
        verbose_name=_("trong phạm vi"),
    )
    kinds = ArrayField(
        models.CharField(max_length=32, choices=UnitKind.choices),
        default=list,
        blank=True,
        verbose_name=_("các loại đơn vị"),
    )
    members = models.ManyToManyField(
        OrgUnit, blank=True, related_name="explicit_groups", verbose_name=_("đơn vị cụ thể")
    )
    description = models.TextField(_("mô tả"), blank=True)
    edit_version = version_field()

    class Meta:
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    COORDINATOR = "coordinator", _("Cán bộ đầu mối CCHC")
    HEAD = "head", _("Thủ trưởng đơn vị")
    STAFF = "staff", _("Cán bộ đơn vị")
    APPRAISER = "appraiser", _("Thành viên hội đồng thẩm định")
    LEADER = "leader", _("Lãnh đạo")


class Scope(models.TextChoices):
    NONE = "none", _("Không")
    UNIT = "unit", _("Chỉ đơn vị")
    SUBTREE = "subtree", _("Đơn vị và các đơn vị trực thuộc")


class Membership(TimestampedModel):
    """A person's role at a unit, for a time. Where they may enter data is kept apart from what they may see."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("người dùng")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    data_scope = models.CharField(
        _("phạm vi nhập liệu"), max_length=8, choices=Scope.choices, default=Scope.UNIT
    )
    view_scope = models.CharField(_("phạm vi xem"), max_length=8, choices=Scope.choices, default=Scope.UNIT)
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    granted_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người cấp"),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    edit_version = version_field()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["unit__path", "role"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(view_scope="none"), name="orgs_membership_view_scope"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="orgs_membership_validity_order",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_to"], name="orgs_membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    def is_active_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )
