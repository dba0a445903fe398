"""Import targets from Excel: read → plan (a preview, nothing written) → apply, all or nothing.

Columns (headings matched accent-insensitively): Mã đơn vị | Năm | Mã chỉ số | So sánh | Giá trị | Áp dụng cho cấp
dưới | Tên chỉ tiêu | Căn cứ. A row whose (unit, year, code) already exists updates that target; otherwise it adds
one. A row for a unit outside the importer's reach (``may_edit``) is an error, so nothing outside it is touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.errors import DomainError
from cchc.core.excel import cell_text, match_header, open_workbook, write_sheet
from cchc.orgs.models import OrgUnit

from .models import Comparison, Target
from .selectors import may_edit
from .services import TargetData, validate

if TYPE_CHECKING:
    from cchc.accounts.models import User

COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("Mã đơn vị", "Đơn vị", "unit"),
    "year": ("Năm", "year"),
    "code": ("Mã chỉ số", "Chỉ số", "code"),
    "comparison": ("So sánh", "comparison"),
    "value": ("Giá trị", "Giá trị chỉ tiêu", "Chỉ tiêu", "value"),
    "subtree": ("Áp dụng cho cấp dưới", "Áp dụng cho cả các đơn vị cấp dưới", "subtree"),
    "title": ("Tên chỉ tiêu", "title"),
    "source": ("Căn cứ", "source"),
}
HEADERS = [
    "Mã đơn vị",
    "Năm",
    "Mã chỉ số",
    "So sánh",
    "Giá trị",
    "Áp dụng cho cấp dưới",
    "Tên chỉ tiêu",
    "Căn cứ",
]
REQUIRED = ("unit", "year", "code", "value")
COMPARISON_ALIASES = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<=", "==": "=", "": ">="}
YES = {"x", "có", "co", "1", "yes", "true", "c"}


@dataclass
class Row:
    number: int  # the sheet's row number
    data: TargetData | None = None
    existing: Target | None = None
    errors: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        if self.errors:
            return "error"
        return "update" if self.existing is not None else "create"


@dataclass
class Plan:
    rows: list[Row]

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def template_bytes() -> bytes:
    return write_sheet(
        "Chỉ tiêu",
        HEADERS,
        [["HP.PC06", 2026, "onestop.DOSSIER_ON_TIME", ">=", 100, "x", "", "Kế hoạch CCHC năm 2026"]],
        widths=[18, 8, 34, 10, 10, 12, 40, 40],
    )


def read(data: bytes, *, name: str = "") -> list[tuple[int, dict[str, Any]]]:
    """(row number, {column key: cell}) for every non-empty row under the heading row."""
    wb = open_workbook(data, name=name)
    sheet = wb.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header: dict[str, int] | None = None
    out: list[tuple[int, dict[str, Any]]] = []
    for number, cells in enumerate(rows, start=1):
        values = list(cells)
        if header is None:
            found = match_header(values, COLUMNS)
            if all(k in found for k in REQUIRED):
                header = found
            continue  # every row is read through the row budget: a hostile sheet trips its cap
        if not any(cell_text(v) for v in values):
            continue
        out.append((number, {k: values[i] if i < len(values) else None for k, i in header.items()}))
    if header is None:
        raise DomainError(
            "missing_columns",
            gettext_lazy("Không tìm thấy dòng tiêu đề (cần các cột: Mã đơn vị, Năm, Mã chỉ số, Giá trị)."),
        )
    return out


def plan(rows: list[tuple[int, dict[str, Any]]], actor: User) -> Plan:
    """Check every row (nothing written); a row's errors are in Vietnamese."""
    codes = {cell_text(r.get("unit")) for _n, r in rows}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    seen: dict[tuple[str, int, str], int] = {}
    out: list[Row] = []
    for number, r in rows:
        row = Row(number, cells=[cell_text(r.get(k)) for k in COLUMNS])
        out.append(row)
        unit = units.get(cell_text(r.get("unit")))
        if unit is None or not may_edit(actor, unit):
            # a unit the importer may not set targets for is reported like an unknown one (nothing is revealed)
            row.errors.append(
                _("Dòng %(n)s: không có đơn vị “%(code)s” trong phạm vi bạn được đặt chỉ tiêu.")
                % {"n": number, "code": cell_text(r.get("unit"))}
            )
            continue
        try:
            year = int(cell_text(r.get("year")))
        except ValueError:
            row.errors.append(_("Dòng %(n)s: năm không hợp lệ.") % {"n": number})
            continue
        try:
            value = Decimal(cell_text(r.get("value")).replace(",", ".").rstrip("%").strip())
        except InvalidOperation:
            row.errors.append(_("Dòng %(n)s: giá trị chỉ tiêu không phải là số.") % {"n": number})
            continue
        comparison = cell_text(r.get("comparison"))
        comparison = COMPARISON_ALIASES.get(comparison, comparison)
        if comparison not in Comparison.values:
            row.errors.append(
                _("Dòng %(n)s: phép so sánh “%(c)s” không hợp lệ (>=, >, <=, <, =).")
                % {"n": number, "c": comparison}
            )
            continue
        code = cell_text(r.get("code"))
        data = TargetData(
            unit=unit,
            year=year,
            code=code,
            comparison=comparison,
            value=value,
            applies_to_subtree=cell_text(r.get("subtree")).lower() in YES,
            title=cell_text(r.get("title"))[:500],
            source=cell_text(r.get("source"))[:500],
        )
        key = (unit.code, year, code)
        if key in seen:
            row.errors.append(
                _("Dòng %(n)s: trùng với dòng %(m)s (cùng đơn vị, năm, chỉ số).")
                % {"n": number, "m": seen[key]}
            )
            continue
        seen[key] = number
        existing = Target.objects.filter(unit=unit, year=year, code=code).first()
        try:
            validate(data, existing=existing)
        except DomainError as exc:
            row.errors.append(_("Dòng %(n)s: %(e)s") % {"n": number, "e": exc.message})
            continue
        row.data, row.existing = data, existing
    return Plan(out)


@transaction.atomic
def apply(p: Plan, actor: User) -> dict[str, int]:
    """Write every row, or nothing (a plan with errors is refused; each row is checked again as it is written)."""
    from .services import target_create, target_update

    if p.has_errors:
        raise DomainError("import_has_errors", gettext_lazy("Tệp còn lỗi, chưa nhập được."))
    counts = {"created": 0, "updated": 0}
    for row in p.rows:
        assert row.data is not None
        if row.existing is not None:
            target_update(target=row.existing, data=row.data, actor=actor)
            counts["updated"] += 1
        else:
            target_create(data=row.data, actor=actor)
            counts["created"] += 1
    return counts
