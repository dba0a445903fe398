"""Importing the procedure catalogue and dossiers (contracts/onestop.md "Procedures", "Dossiers").

Every row is validated first; one bad row rejects the whole file (``ImportRejected`` lists the bad rows, the first
named in the one-line message). Dossiers are then written in one transaction: ``COPY`` into a temporary staging table
and one ``INSERT … ON CONFLICT (code) DO UPDATE`` — so a re-import updates by code and never duplicates, and an
error leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter

from django.db import connection, transaction
from django.utils import timezone

from cchc.core.cli import BadInput
from cchc.workdays.calendar import VN_TZ, WorkCalendar, to_local
from cchc.workdays.due import due_date, receipt_day

from .models import TERMINAL, Dossier, ImportBatch, ImportSource, Procedure
from .tables import (
    _BOOLS,
    CellError,
    Table,
    parse_bool,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_int,
    parse_money,
)

MAX_ERRORS = 50

PROCEDURE_COLUMNS = (
    "code",
    "name",
    "field",
    "level",
    "processing_amount",
    "processing_unit",
    "fee",
    "online_level",
    "postal",
    "paper_result",
    "for_citizens",
)
PROCEDURE_OPTIONAL = (
    "field",
    "level",
    "fee",
    "online_level",
    "postal",
    "paper_result",
    "for_citizens",
    "decision_ref",
    "decision_date",
    "legal_basis_effective_on",
    "published_on",
    "public_on_unit_page",
    "content_full",
)
PUBLICITY_COLUMNS = (
    "decision_ref",
    "decision_date",
    "legal_basis_effective_on",
    "published_on",
    "public_on_unit_page",
    "content_full",
)

DOSSIER_COLUMNS = (
    "code",
    "unit_code",
    "procedure_code",
    "channel",
    "received_at",
    "due_at",
    "finished_at",
    "status",
    "supplement_requests",
    "supplement_requested_at",
    "supplement_completed_at",
    "fee_required",
    "paid_online",
    "digitized",
    "result_electronic",
    "reused_data",
    "citizen_data",
    "petition",
    "rating",
)
DOSSIER_REQUIRED = ("code", "unit_code", "procedure_code", "received_at")
APPLICANT_COLUMNS = ("applicant_name", "applicant_address", "applicant_phone")
FLAGS = (
    "fee_required",
    "paid_online",
    "digitized",
    "result_electronic",
    "reused_data",
    "citizen_data",
    "petition",
)
STATUSES = ("processing", "supplement", "done", "returned", "rejected", "withdrawn")
CHANNELS = ("direct", "online", "postal")
TIME_UNITS = ("working_days", "days", "hours", "months")


@dataclass
class RowError:
    row: int  # line number in the file (the header is line 1)
    field: str
    message: str


class ImportRejected(BadInput):
    """The file was rejected; ``errors`` names every bad row found (up to ``MAX_ERRORS``)."""

    def __init__(self, name: str, errors: list[RowError], total: int):
        self.errors = errors
        self.total = total
        first = errors[0]
        # name every other bad row too (the message stays one line): "… (và 3 lỗi khác, ở dòng 4, 5)"
        rows = sorted({e.row for e in errors[1:] if e.row != first.row})
        shown = ", ".join(str(r) for r in rows[:20]) + (", …" if len(rows) > 20 else "")
        where = f", ở dòng {shown}" if rows else ""
        where_en = f", in rows {shown}" if rows else ""
        more = f" (và {total - 1} lỗi khác{where})" if total > 1 else ""
        more_en = f" (and {total - 1} more{where_en})" if total > 1 else ""
        super().__init__(
            f"{name}, dòng {first.row}, cột {first.field}: {first.message.split(' / ')[0]}{more}; "
            "không có dữ liệu nào được ghi",
            f"{name}, row {first.row}, field {first.field}: "
            f"{first.message.split(' / ')[-1]}{more_en}; nothing was written",
        )


@dataclass
class ImportResult:
    rows: int
    created: int
    updated: int
    batch_id: int | None = None
    units: set[int] = field(default_factory=set)

    def as_json(self) -> dict:
        return {"rows": self.rows, "created": self.created, "updated": self.updated, "batch": self.batch_id}


class _Errors:
    def __init__(self) -> None:
        self.items: list[RowError] = []
        self.total = 0

    def add(self, row: int, field_name: str, message: str) -> None:
        self.total += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append(RowError(row, field_name, message))


def _missing_columns(table: Table, index: dict[str, int], required: Iterable[str]) -> None:
    missing = [c for c in required if c not in index]
    if missing:
        raise BadInput(
            f"{table.name}: thiếu cột {', '.join(missing)}",
            f"{table.name}: missing column(s) {', '.join(missing)}",
        )


# --- procedures -------------------------------------------------------------------------------------------------


def import_procedures(table: Table, *, actor=None, via: str = "command", demo: bool = False) -> ImportResult:
    index = table.column_index(None, (*PROCEDURE_COLUMNS, *PUBLICITY_COLUMNS))
    _missing_columns(table, index, [c for c in PROCEDURE_COLUMNS if c not in PROCEDURE_OPTIONAL])
    errors = _Errors()
    parsed: dict[str, dict] = {}
    for line, row in enumerate(table.rows, start=2):

        def get(col: str, row: list[str] = row) -> str:
            i = index.get(col)
            return row[i].strip() if i is not None and i < len(row) else ""

        values: dict = {}
        try_fields: list[tuple[str, Callable[[], object]]] = [
            ("code", lambda: get("code") or _raise("thiếu mã TTHC / code missing")),
            ("name", lambda: get("name") or _raise("thiếu tên thủ tục / name missing")),
            ("field", lambda: get("field")),
            ("level", lambda: get("level")),
            ("processing_amount", lambda: parse_int(get("processing_amount"))),
            ("processing_unit", lambda: parse_choice(get("processing_unit"), TIME_UNITS)),
            ("fee", lambda: parse_money(get("fee"))),
            (
                "online_level",
                lambda: parse_choice(get("online_level"), ("none", "partial", "full"), default="none"),
            ),
            ("postal", lambda: parse_bool(get("postal"))),
            ("paper_result", lambda: parse_bool(get("paper_result"))),
            ("for_citizens", lambda: parse_bool(get("for_citizens") or "1")),
            ("decision_ref", lambda: get("decision_ref")),
            ("decision_date", lambda: parse_date(get("decision_date"))),
            ("legal_basis_effective_on", lambda: parse_date(get("legal_basis_effective_on"))),
            ("published_on", lambda: parse_date(get("published_on"))),
            ("public_on_unit_page", lambda: parse_bool(get("public_on_unit_page"))),
            ("content_full", lambda: parse_bool(get("content_full"))),
        ]
        ok = True
        for name, fn in try_fields:
            if name in PUBLICITY_COLUMNS and name not in index:
                continue
            try:
                values[name] = fn()
            except CellError as exc:
                errors.add(line, name, str(exc))
                ok = False
        if ok:
            if values["code"] in parsed:
                errors.add(line, "code", f"mã TTHC {values['code']} bị trùng trong tệp / duplicate code")
                continue
            parsed[values["code"]] = values
    if errors.total:
        raise ImportRejected(table.name, errors.items, errors.total)
    if not parsed:
        raise BadInput(f"{table.name}: không có dòng dữ liệu nào", f"{table.name}: no data rows")
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.PROCEDURES, file_name=table.name, actor=actor, via=via, rows=len(parsed)
        )
        existing = {p.code: p for p in Procedure.objects.filter(code__in=list(parsed))}
        new, changed = [], []
        for code, values in parsed.items():
            current = existing.get(code)
            if current is None:
                new.append(Procedure(**values, is_demo=demo))
                continue
            diff = [k for k, v in values.items() if getattr(current, k) != v]
            if diff:
                for k in diff:
                    setattr(current, k, values[k])
                current.updated_at = timezone.now()
                changed.append((current, diff))
        Procedure.objects.bulk_create(new, batch_size=1000)
        for obj, diff in changed:
            obj.save(update_fields=[*diff, "updated_at"])
        batch.created, batch.updated, batch.finished_at = len(new), len(changed), timezone.now()
        batch.save(update_fields=["created", "updated", "finished_at"])
    return ImportResult(len(parsed), len(new), len(changed), batch.pk)


def _raise(message: str):
    raise CellError(message)


# --- dossiers ---------------------------------------------------------------------------------------------------


class DueCalculator:
    """Due dates from the procedure's processing time, memoised (one-stop exports repeat the same receipt days)."""

    def __init__(self, calendars: dict[int | None, WorkCalendar]):
        self.calendars = calendars
        self.memo: dict[tuple, datetime] = {}

    def __call__(self, unit_id: int, received: datetime, amount: int, unit_of_time: str) -> datetime:
        cal = self.calendars.get(unit_id) or self.calendars[None]
        local = to_local(received)
        if unit_of_time == "hours":
            return due_date(local, amount, unit_of_time, cal)
        if unit_of_time == "working_days":
            key = (id(cal), amount, unit_of_time, receipt_day(local, cal))
        else:
            key = (id(cal), amount, unit_of_time, local.date())
        due = self.memo.get(key)
        if due is None:
            due = due_date(local, amount, unit_of_time, cal)
            self.memo[key] = due
        return due


STAGE_COLUMNS = (
    ("code", "text"),
    ("unit_id", "bigint"),
    ("procedure_id", "bigint"),
    ("channel", "text"),
    ("received_at", "timestamptz"),
    ("due_at", "timestamptz"),
    ("finished_at", "timestamptz"),
    ("status", "text"),
    ("supplement_requests", "smallint"),
    ("supplement_requested_at", "timestamptz"),
    ("supplement_completed_at", "timestamptz"),
    *((f, "boolean") for f in FLAGS),
    ("rating", "text"),
    ("applicant_name", "text"),
    ("applicant_address", "text"),
    ("applicant_phone", "text"),
)


@dataclass
class DossierRows:
    """Validated dossier rows ready for COPY (tuples in ``STAGE_COLUMNS`` order; a time is an aware datetime or
    ISO 8601 text with its offset)."""

    rows: list[tuple]
    units: set[int]


def _unit_resolver(codes: set[str]) -> dict[str, int]:
    from cchc.orgs.models import OrgUnit
    from cchc.orgs.selectors import find_units

    found = dict(OrgUnit.objects.filter(code__in=list(codes)).values_list("code", "pk"))
    for code in codes - set(found):
        matches = find_units(code)
        if len(matches) == 1:
            found[code] = matches[0].pk
    return found


def validate_dossiers(
    table: Table,
    *,
    mapping: dict[str, str] | None = None,
    allowed_unit: Callable[[int], bool] | None = None,
) -> DossierRows:
    """Parse and check every row; raise ``ImportRejected`` naming the bad rows, or return rows ready to load."""
    from cchc.workdays.services import calendars_by_unit

    index = table.column_index(mapping, (*DOSSIER_COLUMNS, *APPLICANT_COLUMNS))
    _missing_columns(table, index, DOSSIER_REQUIRED)
    raw = list(table.rows)
    width = len(table.headers)
    for row in raw:  # pad short rows; the extra last cell is the "" that absent columns read
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        row.append("")
    pick = itemgetter(*(index.get(c, -1) for c in (*DOSSIER_COLUMNS, *APPLICANT_COLUMNS)))
    errors = _Errors()
    iu, ip = index["unit_code"], index["procedure_code"]
    units = _unit_resolver({r[iu].strip() for r in raw} - {""})
    procedures = {
        p[0]: p
        for p in Procedure.objects.filter(code__in=list({r[ip].strip() for r in raw})).values_list(
            "code", "pk", "processing_amount", "processing_unit"
        )
    }
    due_for = DueCalculator(calendars_by_unit(set(units.values())))
    channels = {c: c for c in CHANNELS}
    statuses = {c: c for c in STATUSES}
    seen: dict[str, int] = {}
    out: list[tuple] = []
    used_units: set[int] = set()
    allowed_cache: dict[int, bool] = {}
    fromiso = datetime.fromisoformat

    def pdt(text: str):
        """(aware datetime, value for COPY): the file's own ISO text when PostgreSQL can read it as it is."""
        if not text:
            return None, None
        try:
            value = fromiso(text)
        except ValueError:
            value = parse_datetime(text)
            return value, value
        if value.tzinfo is None:
            value = value.replace(tzinfo=VN_TZ)
            if len(text) >= 16 and text[10] in "T ":
                return value, text + "+07:00"
            return value, value
        return value, text

    for line, row in enumerate(raw, start=2):
        (
            code,
            unit_code,
            proc_code,
            channel_t,
            received_t,
            due_t,
            finished_t,
            status_t,
            sreq_t,
            rq_t,
            rc_t,
            *flags_t,
            rating,
            app_name,
            app_address,
            app_phone,
        ) = pick(row)
        bad = errors.total
        code = code.strip()
        if not code:
            errors.add(line, "code", "thiếu mã hồ sơ / code missing")
        elif code in seen:
            errors.add(line, "code", f"mã hồ sơ {code} trùng với dòng {seen[code]} / duplicate code")
        else:
            seen[code] = line
        unit_id = units.get(unit_code.strip())
        if unit_id is None:
            errors.add(line, "unit_code", f"không có đơn vị {unit_code!r} / unknown unit")
        elif allowed_unit is not None:
            if unit_id not in allowed_cache:
                allowed_cache[unit_id] = allowed_unit(unit_id)
            if not allowed_cache[unit_id]:
                errors.add(line, "unit_code", f"bạn không có quyền nhập hồ sơ của {unit_code} / not allowed")
        proc = procedures.get(proc_code.strip())
        if proc is None:
            errors.add(
                line, "procedure_code", f"không có TTHC {proc_code!r} trong danh mục / unknown procedure"
            )
        try:
            received, received_c = pdt(received_t)
            if received is None:
                errors.add(line, "received_at", "thiếu thời điểm tiếp nhận / received_at missing")
        except CellError as exc:
            errors.add(line, "received_at", str(exc))
            received = received_c = None
        try:
            due, due_c = pdt(due_t)
        except CellError as exc:
            errors.add(line, "due_at", str(exc))
            due = due_c = None
        try:
            finished, finished_c = pdt(finished_t)
        except CellError as exc:
            errors.add(line, "finished_at", str(exc))
            finished = finished_c = None
        rq = rc = rq_c = rc_c = None
        if rq_t or rc_t:
            try:
                rq, rq_c = pdt(rq_t)
            except CellError as exc:
                errors.add(line, "supplement_requested_at", str(exc))
            try:
                rc, rc_c = pdt(rc_t)
            except CellError as exc:
                errors.add(line, "supplement_completed_at", str(exc))
        channel = channels.get(channel_t) or ("direct" if not channel_t.strip() else None)
        if channel is None:
            try:
                channel = parse_choice(channel_t, CHANNELS, default="direct")
            except CellError as exc:
                errors.add(line, "channel", str(exc))
        status = statuses.get(status_t)
        if status is None:
            try:
                status = parse_choice(status_t, STATUSES, default="done" if finished else "processing")
            except CellError as exc:
                errors.add(line, "status", str(exc))
        if sreq_t == "0" or not sreq_t:
            sreq = 0
        else:
            try:
                sreq = parse_int(sreq_t, default=0)
                if sreq > 32767:
                    raise CellError("quá lớn / too large")
            except CellError as exc:
                errors.add(line, "supplement_requests", str(exc))
                sreq = 0
        flags = []
        for name, text in zip(FLAGS, flags_t, strict=True):
            value = _BOOLS.get(text)
            if value is None:
                try:
                    value = parse_bool(text)
                except CellError as exc:
                    errors.add(line, name, str(exc))
            flags.append(value)
        if rating:
            rating = rating.strip().lower()
            if rating not in ("", "like", "dislike"):
                errors.add(
                    line,
                    "rating",
                    f"phải là like, dislike hoặc để trống, không phải {rating!r} / like|dislike|empty",
                )
        if received is not None:
            if finished is not None and finished < received:
                errors.add(line, "finished_at", "trước thời điểm tiếp nhận / before received_at")
            if finished is None and status in TERMINAL:
                errors.add(
                    line, "finished_at", f"trạng thái {status} cần finished_at / {status} needs finished_at"
                )
            if rq is not None or rc is not None:
                if rc is not None and rq is None:
                    errors.add(
                        line,
                        "supplement_completed_at",
                        "có hoàn thành bổ sung nhưng không có yêu cầu / no request",
                    )
                if rq is not None and rc is not None and rc < rq:
                    errors.add(line, "supplement_completed_at", "trước yêu cầu bổ sung / before the request")
                if rq is not None and sreq == 0:
                    errors.add(
                        line, "supplement_requests", "có yêu cầu bổ sung nhưng số lần là 0 / count is 0"
                    )
                if rq is not None and rq < received:
                    errors.add(
                        line, "supplement_requested_at", "trước thời điểm tiếp nhận / before received_at"
                    )
        if errors.total != bad:
            continue
        if due is None:
            due_c = due_for(unit_id, received, proc[2], proc[3])
        used_units.add(unit_id)
        out.append(
            (
                code,
                unit_id,
                proc[1],
                channel,
                received_c,
                due_c,
                finished_c,
                status,
                sreq,
                rq_c,
                rc_c,
                *flags,
                rating,
                app_name.strip(),
                app_address.strip(),
                app_phone.strip(),
            )
        )
    if errors.total:
        raise ImportRejected(table.name, errors.items, errors.total)
    if not out:
        raise BadInput(f"{table.name}: không có dòng dữ liệu nào", f"{table.name}: no data rows")
    return DossierRows(out, used_units)


_COLS = [c for c, _t in STAGE_COLUMNS]
_SET = ", ".join(f"{c} = s.{c}" for c in _COLS[1:])
_OLD = ", ".join(f"d.{c}" for c in _COLS[1:])
_NEW = ", ".join(f"s.{c}" for c in _COLS[1:])
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value: str) -> str:
    return (
        value.translate(_ESCAPES)
        if ("\\" in value or "\t" in value or "\n" in value or "\r" in value)
        else value
    )


def _copy_line(r: tuple) -> str:
    """One line of COPY text format for a row in ``STAGE_COLUMNS`` order."""
    parts = [_text(r[0]), str(r[1]), str(r[2]), r[3]]
    for v in (r[4], r[5], r[6]):
        parts.append("\\N" if v is None else v if v.__class__ is str else v.isoformat())
    parts.append(r[7])
    parts.append(str(r[8]))
    for v in (r[9], r[10]):
        parts.append("\\N" if v is None else v if v.__class__ is str else v.isoformat())
    for v in r[11:18]:
        parts.append("t" if v else "f")
    parts.extend(_text(v) for v in r[18:])
    return "\t".join(parts)


def load_dossier_rows(
    rows: DossierRows,
    *,
    name: str,
    actor=None,
    via: str = "command",
    kind: str = ImportBatch.Kind.DOSSIERS,
    source: ImportSource | None = None,
    demo: bool = False,
) -> ImportResult:
    """COPY into a staging table, then update the changed rows and insert the new ones (by code), in one
    transaction. Unchanged rows are left alone. Concurrent dossier writers wait (table lock) so codes stay unique."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=kind, file_name=name, actor=actor, via=via, rows=len(rows.rows), source=source
        )
        with connection.cursor() as cur:
            # Inside an outer transaction (tests, the demo loader) ON COMMIT DROP has not fired yet.
            cur.execute("DROP TABLE IF EXISTS onestop_stage")
            cur.execute(
                "CREATE TEMP TABLE onestop_stage ("
                + ", ".join(f"{c} {t}" for c, t in STAGE_COLUMNS)
                + ") ON COMMIT DROP"
            )
            raw = cur.cursor  # psycopg 3
            with raw.copy(f"COPY onestop_stage ({', '.join(_COLS)}) FROM STDIN") as copy:
                chunk: list[str] = []
                for r in rows.rows:
                    chunk.append(_copy_line(r))
                    if len(chunk) >= 20000:
                        copy.write("\n".join(chunk) + "\n")
                        chunk = []
                if chunk:
                    copy.write("\n".join(chunk) + "\n")
            cur.execute("LOCK TABLE onestop_dossier IN SHARE ROW EXCLUSIVE MODE")
            cur.execute(
                f"""UPDATE onestop_dossier d SET {_SET}, batch_id = %s, updated_at = now()
                    FROM onestop_stage s WHERE d.code = s.code AND ({_OLD}) IS DISTINCT FROM ({_NEW})""",
                [batch.pk],
            )
            updated = cur.rowcount
            cur.execute(
                f"""INSERT INTO onestop_dossier ({", ".join(_COLS)}, batch_id, is_demo, created_at, updated_at)
                    SELECT {", ".join(f"s.{c}" for c in _COLS)}, %s, %s, now(), now() FROM onestop_stage s
                    WHERE NOT EXISTS (SELECT 1 FROM onestop_dossier d WHERE d.code = s.code)""",
                [batch.pk, demo],
            )
            created = cur.rowcount
            cur.execute("DROP TABLE onestop_stage")
        batch.created, batch.updated, batch.finished_at = created, updated, timezone.now()
        batch.save(update_fields=["created", "updated", "finished_at"])
    return ImportResult(len(rows.rows), created, updated, batch.pk, rows.units)


def import_dossiers(
    table: Table,
    *,
    actor=None,
    via: str = "command",
    mapping: dict[str, str] | None = None,
    source: ImportSource | None = None,
    allowed_unit: Callable[[int], bool] | None = None,
    demo: bool = False,
) -> ImportResult:
    rows = validate_dossiers(table, mapping=mapping, allowed_unit=allowed_unit)
    return load_dossier_rows(rows, name=table.name, actor=actor, via=via, source=source, demo=demo)


def dossier_create_at_desk(
    *,
    unit,
    procedure: Procedure,
    received_at: datetime,
    channel: str = "direct",
    code: str = "",
    applicant_name: str = "",
    applicant_address: str = "",
    applicant_phone: str = "",
    fee_required: bool | None = None,
    actor=None,
) -> Dossier:
    """Receipt at the desk: the due date is computed from the procedure's processing time and the unit's calendar."""
    from cchc.workdays.services import calendar_for

    due = due_date(received_at, procedure.processing_amount, procedure.processing_unit, calendar_for(unit))
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.DESK, file_name="", actor=actor, via="web", rows=1, created=1
        )
        if not code:
            local = to_local(received_at)
            prefix = f"{unit.code}-{local:%y%m%d}-"
            taken = Dossier.objects.filter(code__startswith=prefix).count()
            code = f"{prefix}{taken + 1:04d}"
        dossier = Dossier.objects.create(
            code=code,
            unit=unit,
            procedure=procedure,
            channel=channel,
            received_at=received_at,
            due_at=due,
            status="processing",
            fee_required=bool(procedure.fee > 0) if fee_required is None else fee_required,
            applicant_name=applicant_name,
            applicant_address=applicant_address,
            applicant_phone=applicant_phone,
            batch=batch,
        )
        batch.finished_at = timezone.now()
        batch.save(update_fields=["finished_at"])
    return dossier


def dossier_finish(*, dossier: Dossier, at: datetime, status: str = "returned") -> Dossier:
    if status not in TERMINAL:
        raise ValueError(status)
    if at < dossier.received_at:
        raise BadInput("Thời điểm kết thúc trước thời điểm tiếp nhận", "finished before received")
    dossier.finished_at, dossier.status = at, status
    dossier.save(update_fields=["finished_at", "status", "updated_at"])
    return dossier
