"""``import_pakn`` and the UI import (``contracts/pakn.md`` "Records"): exports of the national PAKN system.

Every row is validated first; one bad row rejects the whole file (``ImportRejected`` names the rows and reasons);
then all rows are written in one transaction. A re-import updates by ``code`` and never duplicates; a row may only
name units inside ``reach`` (the importer's data scope; commands: any unit) and may not move an existing record to
another unit. New records enter their unit's register.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from cchc.core.errors import DomainError, Message, gettext_noop
from cchc.onestop.importing import OUT_OF_SCOPE, ImportRejected, RowError
from cchc.onestop.tables import MISSING, CellError, Table, json_cell, parse_choice, parse_datetime, parse_int
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import Reach
from cchc.workdays.calendar import to_local

from .models import Category, Channel, Kind, Record, RefusalKind, SenderType
from .services import register_next

COLUMNS = (
    "code",
    "unit_code",
    "received_at",
    "channel",
    "sender_type",
    "kind",
    "category",
    "procedure_code",
    "dossier_code",
    "transferred_at",
    "refused_at",
    "refusal_kind",
    "supplement_requested_at",
    "supplemented_at",
    "handled_at",
    "published_at",
    "likes",
    "dislikes",
    "follow_up_of",
    "title",
    "content",
    "sender_name",
    "sender_phone",
    "sender_email",
    "sender_address",
)
REQUIRED = ("code", "unit_code", "received_at", "channel", "sender_type", "kind", "category")
TIMES = (
    "received_at",
    "transferred_at",
    "refused_at",
    "supplement_requested_at",
    "supplemented_at",
    "handled_at",
    "published_at",
)
TEXT_MAX = {
    "code": 64,
    "procedure_code": 64,
    "dossier_code": 64,
    "follow_up_of": 64,
    "title": 500,
    "sender_name": 255,
    "sender_phone": 32,
    "sender_email": 255,
    "sender_address": 500,
}
# Vietnamese headings the exports use, for the mapping step's guesses.
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "code": ("mã pakn", "mã phản ánh", "ma pakn"),
    "unit_code": ("mã đơn vị", "đơn vị xử lý"),
    "received_at": ("ngày tiếp nhận", "thời gian gửi", "ngày gửi"),
    "channel": ("kênh tiếp nhận", "hình thức"),
    "sender_type": ("đối tượng",),
    "kind": ("loại",),
    "category": ("phân loại", "lĩnh vực"),
    "title": ("tiêu đề",),
    "content": ("nội dung",),
    "sender_name": ("họ tên", "người gửi"),
    "sender_phone": ("số điện thoại", "điện thoại"),
    "sender_email": ("email", "thư điện tử"),
    "sender_address": ("địa chỉ",),
}


@dataclass
class ImportResult:
    rows: int
    created: int
    updated: int
    units: set[int] = field(default_factory=set)

    def as_json(self) -> dict[str, int]:
        return {"rows": self.rows, "created": self.created, "updated": self.updated}


class _Errors:
    def __init__(self) -> None:
        self.items: list[RowError] = []
        self.total = 0

    def add(self, row: int, field_name: str, message: Message | DomainError, code: str = "") -> None:
        self.total += 1
        if len(self.items) < 50:
            self.items.append(RowError(row, field_name, message, code))


def _cell(row: list[str], index: dict[str, int], col: str) -> str:
    i = index.get(col)
    return row[i].strip() if i is not None and i < len(row) else ""


def _order_errors(v: dict[str, Any]) -> list[tuple[str, Message]]:
    out: list[tuple[str, Message]] = []

    def before(a: str, b: str) -> None:
        if v[a] is not None and v[b] is not None and v[a] > v[b]:
            out.append((b, Message(gettext_noop("%(later)s trước %(earlier)s"), later=b, earlier=a)))

    before("received_at", "transferred_at")
    before("transferred_at", "refused_at")
    before("received_at", "refused_at")
    before("supplement_requested_at", "supplemented_at")
    before("received_at", "supplement_requested_at")
    before("received_at", "handled_at")
    before("transferred_at", "handled_at")
    before("handled_at", "published_at")
    if v["published_at"] is not None and v["handled_at"] is None:
        out.append(("handled_at", Message(gettext_noop("đã công khai nhưng thiếu handled_at"))))
    if v["refused_at"] is not None and v["handled_at"] is not None:
        out.append(("handled_at", Message(gettext_noop("bản ghi bị từ chối không có handled_at"))))
    if (v["refused_at"] is None) != (v["refusal_kind"] == ""):
        out.append(("refusal_kind", Message(gettext_noop("refused_at và refusal_kind đi cùng nhau"))))
    if v["supplemented_at"] is not None and v["supplement_requested_at"] is None:
        out.append(("supplemented_at", Message(gettext_noop("thiếu supplement_requested_at"))))
    return out


def validate(
    table: Table, *, reach: Reach | None, mapping: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Every row parsed and checked; raises ``ImportRejected`` naming the bad rows."""
    all_rows = list(
        table.rows
    )  # read whole first: the file's caps (cchc.core.filelimits) apply before anything
    index = table.column_index(mapping, COLUMNS)
    errors = _Errors()
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        errors.add(1, missing[0], Message(gettext_noop("thiếu cột %(columns)s"), columns=", ".join(missing)))
        raise ImportRejected(table.name, errors.items, errors.total)
    raw: list[tuple[int, dict[str, Any]]] = []
    codes: dict[str, int] = {}
    unit_codes: set[str] = set()
    for line, row in enumerate(all_rows, start=table.header_line + 1):
        if not any(c.strip() for c in row):
            continue
        v: dict[str, Any] = {}
        bad = False
        for col in COLUMNS:
            text = _cell(row, index, col)
            try:
                if col in TIMES:
                    v[col] = parse_datetime(text)
                elif col == "channel":
                    v[col] = parse_choice(text, tuple(Channel.values))
                elif col == "sender_type":
                    v[col] = parse_choice(text, tuple(SenderType.values))
                elif col == "kind":
                    v[col] = parse_choice(text, tuple(Kind.values))
                elif col == "category":
                    v[col] = parse_choice(text, tuple(Category.values))
                elif col == "refusal_kind":
                    v[col] = parse_choice(text, tuple(RefusalKind.values), default="")
                elif col in ("likes", "dislikes"):
                    v[col] = parse_int(text, default=0)
                else:
                    if col in TEXT_MAX and len(text) > TEXT_MAX[col]:
                        raise CellError(gettext_noop("dài quá %(n)s ký tự"), n=TEXT_MAX[col])
                    v[col] = text
            except CellError as exc:
                errors.add(line, col, exc)
                bad = True
        if bad:
            continue
        if v["received_at"] is None:
            errors.add(line, "received_at", Message(MISSING))
            continue
        if not v["code"]:
            errors.add(line, "code", Message(MISSING))
            continue
        if v["code"] in codes:
            errors.add(
                line, "code", Message(gettext_noop("trùng mã với dòng %(line)s"), line=codes[v["code"]])
            )
            continue
        codes[v["code"]] = line
        for col, message in _order_errors(v):
            errors.add(line, col, message)
            bad = True
        if bad:
            continue
        unit_codes.add(v["unit_code"])
        raw.append((line, v))
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=unit_codes)}
    existing = {
        code: (pk, unit_id)
        for code, pk, unit_id in Record.objects.filter(code__in=list(codes)).values_list(
            "code", "pk", "unit_id"
        )
    }
    rows: list[dict[str, Any]] = []
    for line, v in raw:
        unit = units.get(v["unit_code"])
        if unit is None:
            errors.add(
                line, "unit_code", Message(gettext_noop("không có đơn vị %(unit)r"), unit=v["unit_code"])
            )
            continue
        if reach is not None and not reach.contains(unit):
            errors.add(
                line, "unit_code", Message(gettext_noop("đơn vị ngoài phạm vi dữ liệu của bạn")), OUT_OF_SCOPE
            )
            continue
        found = existing.get(v["code"])
        if found is not None and found[1] != unit.pk:
            errors.add(line, "unit_code", Message(gettext_noop("không được chuyển bản ghi sang đơn vị khác")))
            continue
        v["unit"] = unit
        v["pk"] = found[0] if found else None
        v["line"] = line
        rows.append(v)
    if errors.total:
        raise ImportRejected(table.name, errors.items, errors.total)
    return rows


WRITTEN = (
    "received_at",
    "channel",
    "sender_type",
    "kind",
    "category",
    "procedure_code",
    "dossier_code",
    "transferred_at",
    "refused_at",
    "refusal_kind",
    "supplement_requested_at",
    "supplemented_at",
    "handled_at",
    "published_at",
    "likes",
    "dislikes",
    "follow_up_of",
    "title",
    "content",
    "sender_name",
    "sender_phone",
    "sender_email",
    "sender_address",
)


@transaction.atomic
def load(rows: list[dict[str, Any]], actor: Any = None, *, name: str = "") -> ImportResult:
    """Write the validated rows. The same new codes sent twice at once (a double click on the import page, another
    system retrying its call): the second's insert fails on the code once the first has committed; its rows are
    then matched again with the records now there and written as updates (or rejected when those are another
    unit's), not answered with an error page. The failed attempt's register numbers are rolled back (no gap)."""
    try:
        with transaction.atomic():
            return _write(rows, actor)
    except IntegrityError:
        if not _match_again(rows, name):
            raise
    return _write(rows, actor)


def _match_again(rows: list[dict[str, Any]], name: str) -> bool:
    """The rows to create whose code another import entered meanwhile become updates of those records; False when
    there is none (the failure was something else)."""
    new = {v["code"]: v for v in rows if not v["pk"]}
    existing = Record.objects.filter(code__in=list(new)).values_list("code", "pk", "unit_id")
    errors = _Errors()
    matched = False
    for code, pk, unit_id in existing:
        v = new[code]
        if unit_id != v["unit"].pk:
            errors.add(
                v.get("line", 0),
                "unit_code",
                Message(gettext_noop("không được chuyển bản ghi sang đơn vị khác")),
            )
        v["pk"] = pk
        matched = True
    if errors.total:
        raise ImportRejected(name, errors.items, errors.total)
    return matched


def _write(rows: list[dict[str, Any]], actor: Any) -> ImportResult:
    created: list[Record] = []
    updated: list[Record] = []
    for v in rows:
        record = Record(pk=v["pk"], code=v["code"], unit=v["unit"], imported=True)
        if not v["pk"]:
            record.entered_by = actor
        for col in WRITTEN:
            setattr(record, col, v[col])
        if not record.title:
            record.title = (record.content or record.code)[:120]
        (updated if v["pk"] else created).append(record)
    for record in created:
        received: datetime = record.received_at
        year = to_local(received).year
        record.register_year = year
        record.register_number = register_next(record.unit, year)
    Record.objects.bulk_create(created, batch_size=1000)
    Record.objects.bulk_update(updated, [*WRITTEN, "imported"], batch_size=1000)
    return ImportResult(
        rows=len(rows),
        created=len(created),
        updated=len(updated),
        units={r.unit_id for r in created + updated},
    )


def record_table(record: dict[str, Any], *, name: str = "api") -> Table:
    """One record sent by another system (column → JSON value, the columns of ``import_pakn``) as the one-row
    table :func:`validate` reads (the row is row 1). An unknown key or a non-scalar value is refused."""
    errors = _Errors()
    for key, value in record.items():
        if key not in COLUMNS:
            errors.add(1, str(key), Message(gettext_noop("không có trường %(key)r"), key=key))
        elif isinstance(value, (list, dict)):
            errors.add(1, str(key), Message(gettext_noop("giá trị phải là chữ, số hoặc true/false")))
    if errors.total:
        raise ImportRejected(name, errors.items, errors.total)
    columns = [c for c in COLUMNS if c in record]
    return Table(
        name=name, headers=columns, rows=iter([[json_cell(record[c]) for c in columns]]), header_line=0
    )


def submit_record(
    record: dict[str, Any], *, actor: Any, dry_run: bool = False, name: str = "api"
) -> tuple[ImportResult, Record | None]:
    """A record submitted by another system (the API): validated exactly as an ``import_pakn`` row, held to
    ``actor``'s data scope, then written as the import writes it (a new record enters its unit's numbered
    register; the same code again updates it). ``dry_run``: validated only, nothing written."""
    from cchc.orgs.scope import scope_for

    reach = scope_for(actor).data if actor is not None else None
    rows = validate(record_table(record, name=name), reach=reach)
    if dry_run:
        created = sum(1 for v in rows if not v["pk"])
        return ImportResult(rows=len(rows), created=created, updated=len(rows) - created), None
    result = load(rows, actor, name=name)
    return result, Record.objects.get(code=rows[0]["code"])


def import_records(
    table: Table, *, reach: Reach | None, mapping: dict[str, str] | None = None, actor: Any = None
) -> ImportResult:
    return load(validate(table, reach=reach, mapping=mapping), actor, name=table.name)
