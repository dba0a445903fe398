"""Import and export of org units from and to Excel: read → plan (preview with row errors) → apply atomically."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError, gettext_noop
from cchc.core.excel import cell_text, match_header, open_workbook, parse_date, write_sheet
from cchc.core.filelimits import Limits
from cchc.core.text import fold

from .models import OrgUnit, UnitKind
from .scope import Reach
from .services import unit_create, unit_update

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("Mã đơn vị", "code", "Mã"),
    "short_code": ("Mã ngắn", "short_code", "Ký hiệu"),
    "name": ("Tên đơn vị", "name", "Tên"),
    "short_name": ("Tên viết tắt", "short_name"),
    "kind": ("Loại đơn vị", "kind", "Loại"),
    "parent": ("Mã đơn vị cấp trên", "parent", "Đơn vị cấp trên", "Cấp trên"),
    "aliases": ("Tên gọi khác", "aliases"),
    "valid_from": ("Hiệu lực từ", "valid_from", "Từ ngày"),
    "valid_to": ("Hiệu lực đến", "valid_to", "Đến ngày"),
    "note": ("Ghi chú", "note"),
}
HEADERS = [names[0] for names in COLUMNS.values()]
_KIND_BY_TEXT = {fold(k.value): k.value for k in UnitKind} | {fold(str(k.label)): k.value for k in UnitKind}


@dataclass
class UnitImportRow:
    row: int
    values: dict
    errors: list[str] = field(default_factory=list)
    action: str = "create"  # create | update | unchanged | error
    existing: OrgUnit | None = None


@dataclass
class UnitImportPlan:
    rows: list[UnitImportRow]

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def read_rows(data: bytes, *, name: str = "", limits: Limits | None = None) -> list[tuple[int, dict]]:
    """The unit rows of the first sheet, within ``limits`` (the web's unless given)."""
    wb = open_workbook(data, name=name, limits=limits)
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = None
    header_row = 0
    for index, cells in enumerate(rows, start=1):
        mapping = match_header(list(cells), COLUMNS)
        if "code" in mapping and "name" in mapping:
            header, header_row = mapping, index
            break
        if index >= 10:
            break
    if header is None:
        raise DomainError(
            "missing_header",
            gettext_noop("Không tìm thấy dòng tiêu đề có cột 'Mã đơn vị' và 'Tên đơn vị' trong 10 dòng đầu"),
        )
    out = []
    for index, cells in enumerate(rows, start=header_row + 1):
        values = {key: (cells[col] if col < len(cells) else None) for key, col in header.items()}
        if all(cell_text(v) == "" for v in values.values()):
            continue
        out.append((index, values))
    return out


def plan_import(raw_rows: list[tuple[int, dict]], *, manage: Reach) -> UnitImportPlan:
    """Validate every row against the file and the database; nothing is written."""
    codes_in_file: dict[str, int] = {}
    parsed: list[UnitImportRow] = []
    for row_no, raw in raw_rows:
        item = UnitImportRow(row=row_no, values={})
        v = item.values
        v["code"] = cell_text(raw.get("code"))
        for key in ("short_code", "name", "short_name", "parent", "note"):
            v[key] = cell_text(raw.get(key))
        v["aliases"] = [
            a.strip() for a in cell_text(raw.get("aliases")).replace("\n", ";").split(";") if a.strip()
        ]
        kind_text = cell_text(raw.get("kind"))
        v["kind"] = _KIND_BY_TEXT.get(fold(kind_text)) if kind_text else None
        if kind_text and v["kind"] is None:
            item.errors.append(_("Loại đơn vị '%(k)s' không hợp lệ") % {"k": kind_text})
        for key in ("valid_from", "valid_to"):
            try:
                v[key] = parse_date(raw.get(key))
            except ValueError:
                v[key] = None
                item.errors.append(
                    _("Ngày '%(d)s' không đúng dạng dd/mm/yyyy") % {"d": cell_text(raw.get(key))}
                )
        if not v["code"]:
            item.errors.append(_("Thiếu mã đơn vị"))
        elif " " in v["code"]:
            item.errors.append(_("Mã đơn vị không được chứa dấu cách"))
        elif v["code"] in codes_in_file:
            item.errors.append(
                _("Mã %(c)s trùng với dòng %(r)s") % {"c": v["code"], "r": codes_in_file[v["code"]]}
            )
        else:
            codes_in_file[v["code"]] = row_no
        if v["valid_from"] and v["valid_to"] and v["valid_to"] < v["valid_from"]:
            item.errors.append(_("Ngày hết hiệu lực trước ngày bắt đầu"))
        parsed.append(item)

    existing = {
        u.code: u
        for u in OrgUnit.objects.filter(
            code__in=[r.values["code"] for r in parsed]
            + [r.values["parent"] for r in parsed if r.values["parent"]]
        )
    }
    file_parent = {r.values["code"]: r.values["parent"] for r in parsed if r.values["code"]}
    for item in parsed:
        v = item.values
        unit = existing.get(v["code"])
        item.existing = unit
        if unit is None:
            if not v["name"]:
                item.errors.append(_("Thiếu tên đơn vị"))
            if not v["kind"]:
                item.errors.append(_("Thiếu loại đơn vị"))
        parent_code = v["parent"]
        if parent_code and parent_code not in existing and parent_code not in file_parent:
            item.errors.append(_("Không có đơn vị cấp trên mã %(c)s") % {"c": parent_code})
        if parent_code and _cycles(v["code"], file_parent, existing):
            item.errors.append(_("Quan hệ cấp trên tạo thành vòng lặp"))
        # Permission: the unit (or, for a new unit, its parent) must be inside the user's administration.
        anchor = unit or existing.get(parent_code)
        if anchor is not None and not manage.contains(anchor):
            item.errors.append(_("Đơn vị nằm ngoài phạm vi quản trị của bạn"))
        if anchor is None and not parent_code and not manage.everything:
            item.errors.append(_("Chỉ quản trị hệ thống mới tạo được đơn vị gốc"))
        if (
            parent_code
            and unit is not None
            and parent_code in existing
            and not manage.contains(existing[parent_code])
        ):
            item.errors.append(_("Đơn vị cấp trên mới nằm ngoài phạm vi quản trị của bạn"))
        if item.errors:
            item.action = "error"
        elif unit is None:
            item.action = "create"
        else:
            item.action = "update" if _changes(unit, v) else "unchanged"
    return UnitImportPlan(parsed)


def _cycles(code: str, file_parent: dict[str, str], existing: dict[str, OrgUnit]) -> bool:
    seen = {code}
    current = file_parent.get(code)
    steps = 0
    while current and steps < 10000:
        if current in seen:
            return True
        seen.add(current)
        if current in file_parent:
            current = file_parent[current]
        else:
            unit = existing.get(current)
            if unit is None:
                return False
            # Existing ancestors: a cycle only if one of them is being re-parented under ``code`` in the file.
            ancestors = OrgUnit.objects.filter(pk__in=unit.ancestor_ids).values_list("code", flat=True)
            return any(a in seen or file_parent.get(a) in seen for a in ancestors)
        steps += 1
    return False


def _changes(unit: OrgUnit, v: dict) -> dict:
    changes = {}
    for key in ("short_code", "name", "short_name", "note"):
        if v[key] and v[key] != getattr(unit, key):
            changes[key] = v[key]
    if v["kind"] and v["kind"] != unit.kind:
        changes["kind"] = v["kind"]
    for key in ("valid_from", "valid_to"):
        if v[key] != getattr(unit, key) and v[key] is not None:
            changes[key] = v[key]
    parent_code = v["parent"]
    current_parent = unit.parent.code if unit.parent is not None else ""
    if parent_code and parent_code != current_parent:
        changes["parent_code"] = parent_code
    if v["aliases"] and sorted(v["aliases"]) != sorted(unit.aliases.values_list("name", flat=True)):
        changes["aliases"] = v["aliases"]
    return changes


@transaction.atomic
def apply_import(plan: UnitImportPlan) -> dict[str, int]:
    """Write a plan that has no errors, parents first; all or nothing."""
    if plan.has_errors:
        raise DomainError("file_has_errors", gettext_noop("Tệp còn lỗi, chưa nhập được"))
    pending = [r for r in plan.rows if r.action in ("create", "update")]
    by_code = {r.values["code"]: r for r in pending}
    done: dict[str, OrgUnit] = {}

    def parent_of(code: str) -> OrgUnit | None:
        parent_code = by_code[code].values["parent"]
        if not parent_code:
            return None
        if parent_code in by_code:
            return write(parent_code)
        return OrgUnit.objects.get(code=parent_code)

    def write(code: str) -> OrgUnit:
        if code in done:
            return done[code]
        item = by_code[code]
        v = item.values
        parent = parent_of(code)
        if item.action == "create":
            unit = unit_create(
                code=code,
                name=v["name"],
                kind=v["kind"],
                parent=parent,
                short_code=v["short_code"],
                short_name=v["short_name"],
                valid_from=v["valid_from"],
                valid_to=v["valid_to"],
                aliases=v["aliases"],
                note=v["note"],
            )
        else:
            if (
                item.existing is None
            ):  # not reached: an update is planned only for a unit found in the database
                raise ValueError(f"no unit {code} to update")
            unit = OrgUnit.objects.get(pk=item.existing.pk)
            changes = _changes(unit, v)
            changes.pop("parent_code", None)
            aliases = changes.pop("aliases", None)
            if v["parent"]:
                changes["parent"] = parent
            unit = unit_update(unit=unit, aliases=aliases, **changes)
        done[code] = unit
        return unit

    for code in by_code:
        write(code)
    return {
        "created": plan.count("create"),
        "updated": plan.count("update"),
        "unchanged": plan.count("unchanged"),
    }


def export_units(queryset) -> bytes:
    units = list(queryset.select_related("parent").prefetch_related("aliases").order_by("path"))
    rows = [
        [
            u.code,
            u.short_code,
            u.name,
            u.short_name,
            str(UnitKind(u.kind).label),
            u.parent.code if u.parent_id else "",
            "; ".join(a.name for a in u.aliases.all()),
            u.valid_from,
            u.valid_to,
            u.note,
        ]
        for u in units
    ]
    return write_sheet("Don vi", HEADERS, rows, widths=[16, 10, 48, 14, 26, 16, 40, 12, 12, 24])


def unit_kind_label(kind: str) -> str:
    return str(UnitKind(kind).label)


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
