"""Importing the procedure catalogue and dossiers (contracts/onestop.md "Procedures", "Dossiers").

Every row is validated first; one bad row rejects the whole file (``ImportRejected`` lists the bad rows, the first
named in the one-line message). Dossiers are then written in one transaction: ``COPY`` into a temporary staging table,
one query refusing rows that would touch a dossier outside the importer's data scope, then an ``UPDATE`` of the
changed rows and an ``INSERT`` of the new ones by code — so a re-import updates by code and never duplicates, and an
error leaves nothing half-written. Both imports write only the columns a file carries (issue 11); procedures go into
an owner's catalogue (copy-on-write over the national list, :mod:`cchc.onestop.catalogue`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from cchc.core.errors import DomainError, ImportRowError, Message, gettext_noop
from cchc.orgs.scope import Reach
from cchc.workdays.calendar import VN_TZ, WorkCalendar, to_local
from cchc.workdays.due import due_date, receipt_day
from cchc.workdays.services import CalendarBook

from .headings import ONLINE_LEVEL_WORDS, PROCEDURE_HEADINGS, PROCESSING_UNIT_WORDS, ValueMap, translate
from .models import TERMINAL, DeskStep, Dossier, ImportBatch, ImportSource, Procedure
from .tables import (
    _BOOLS,
    CellError,
    Table,
    column_index_by_words,
    json_cell,
    parse_bool,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_int,
    parse_money,
)

MAX_ERRORS = 50
BEFORE_RECEIPT = gettext_noop("trước thời điểm tiếp nhận")

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
TIME_UNITS = ("working_days", "days", "hours", "months", "same_day", "half_days")


@dataclass
class RowError:
    row: int  # line number in the file (the header is line 1)
    field: str
    message: Message | DomainError  # shown in the active language (``str()``)
    code: str = ""  # OUT_OF_SCOPE for a row the importer may not write (an API answers 403), else ""


OUT_OF_SCOPE = "out_of_scope"


def _m(msgid: str, **params: object) -> Message:
    """A row's reason (a msgid marked with ``gettext_noop`` at the call)."""
    return Message(msgid, **params)


class ImportRejected(ImportRowError):
    """The file was rejected (code ``import_rejected``); ``errors`` names every bad row found (up to
    ``MAX_ERRORS``), ``row`` and ``field`` the first."""

    code = "import_rejected"

    def __init__(self, name: str, errors: list[RowError], total: int):
        self.errors = errors
        self.total = total
        first = errors[0]
        # name every other bad row too (the message stays one line): "… (và 3 lỗi khác, ở dòng 4, 5)"
        rows = sorted({e.row for e in errors[1:] if e.row != first.row})
        shown = ", ".join(str(r) for r in rows[:20]) + (", …" if len(rows) > 20 else "")
        more: Message | str = ""
        if total > 1 and rows:
            more = Message(gettext_noop(" (và %(n)s lỗi khác, ở dòng %(rows)s)"), n=total - 1, rows=shown)
        elif total > 1:
            more = Message(gettext_noop(" (và %(n)s lỗi khác)"), n=total - 1)
        super().__init__(
            "import_rejected",
            gettext_noop(
                "%(name)s, dòng %(line)s, cột %(column)s: %(reason)s%(more)s; không có dữ liệu nào được ghi"
            ),
            row=first.row,
            field=first.field,
            name=name,
            line=first.row,
            column=first.field,
            reason=first.message,
            more=more,
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

    def add(self, row: int, field_name: str, message: Message | DomainError, code: str = "") -> None:
        self.total += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append(RowError(row, field_name, message, code))


def _missing_columns(table: Table, index: dict[str, int], required: Iterable[str]) -> None:
    missing = [c for c in required if c not in index]
    if missing:
        raise DomainError(
            "missing_columns",
            gettext_noop("%(name)s: thiếu cột %(columns)s"),
            name=table.name,
            columns=", ".join(missing),
        )


# --- procedures -------------------------------------------------------------------------------------------------


# The data fields of a procedure (what a copy-on-write copies from the row it overrides).
PROCEDURE_FIELDS = (*[c for c in PROCEDURE_COLUMNS if c != "code"], *PUBLICITY_COLUMNS)
# A procedure new to the catalogue (nothing to copy from) needs these columns.
PROCEDURE_NEEDED = ("name", "processing_amount", "processing_unit")


def import_procedures(
    table: Table,
    *,
    owner=None,
    actor=None,
    via: str = "command",
    demo: bool = False,
) -> ImportResult:
    """Import into the catalogue of ``owner`` (an organisation's unit; ``None``: the national list).

    Only the columns the file carries are written: a procedure already in ``owner``'s catalogue keeps the values of
    the columns the file lacks. A code ``owner``'s catalogue inherits (from the national list or an ancestor) gets
    ``owner``'s own row — a copy of the inherited one with the file's columns over it (copy-on-write): the shared row
    is never changed. With ``actor``, they must be allowed to change ``owner``'s catalogue (administrators for the
    national list, those who manage ``owner`` otherwise); without, the caller is the installation's operator."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext_lazy

    from .catalogue import can_change_catalogue

    if actor is not None and not can_change_catalogue(actor, owner):
        raise PermissionDenied(
            gettext_lazy("Chỉ quản trị hệ thống được sửa danh mục dùng chung.")
            if owner is None
            else gettext_lazy("Bạn không quản lý đơn vị sở hữu danh mục này.")
        )
    # the contract's names or the national database's Vietnamese headings ("Mã TTHC", "Thời hạn giải quyết", …)
    index = column_index_by_words(table.headers, PROCEDURE_HEADINGS, (*PROCEDURE_COLUMNS, *PUBLICITY_COLUMNS))
    _missing_columns(table, index, ["code"])
    errors = _Errors()
    parsed: dict[str, dict] = {}
    lines: dict[str, int] = {}
    for line, row in enumerate(table.rows, start=2):

        def get(col: str, row: list[str] = row) -> str:
            i = index.get(col)
            return row[i].strip() if i is not None and i < len(row) else ""

        values: dict = {}
        try_fields: list[tuple[str, Callable[[], object]]] = [
            ("code", lambda: get("code") or _raise(gettext_noop("thiếu mã TTHC"))),
            ("name", lambda: get("name") or _raise(gettext_noop("thiếu tên thủ tục"))),
            ("field", lambda: get("field")),
            ("level", lambda: get("level")),
            ("processing_amount", lambda: parse_int(get("processing_amount"))),
            (
                "processing_unit",
                lambda: parse_choice(translate(PROCESSING_UNIT_WORDS, get("processing_unit")), TIME_UNITS),
            ),
            ("fee", lambda: parse_money(get("fee"))),
            (
                "online_level",
                lambda: parse_choice(
                    translate(ONLINE_LEVEL_WORDS, get("online_level")),
                    ("none", "partial", "full"),
                    default="none",
                ),
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
            if name not in index:  # a column the file lacks keeps its stored value
                continue
            try:
                values[name] = fn()
            except CellError as exc:
                errors.add(line, name, exc)
                ok = False
        if ok:
            if values["code"] in parsed:
                errors.add(
                    line, "code", _m(gettext_noop("mã TTHC %(code)s bị trùng trong tệp"), code=values["code"])
                )
                continue
            parsed[values["code"]] = values
            lines[values["code"]] = line
    if not errors.total and not parsed:
        raise DomainError("empty_file", gettext_noop("%(name)s: không có dòng dữ liệu nào"), name=table.name)
    with transaction.atomic():
        own = {p.code: p for p in Procedure.objects.filter(code__in=list(parsed), owner=owner)}
        inherited = _inherited_procedures(owner, [c for c in parsed if c not in own])
        new, changed = [], []
        overrides: list[tuple[Procedure, Procedure]] = []  # (inherited row, the owner's new copy)
        for code, values in parsed.items():
            current = own.get(code)
            if current is not None:
                diff = [k for k, v in values.items() if getattr(current, k) != v]
                if diff:
                    for k in diff:
                        setattr(current, k, values[k])
                    current.updated_at = timezone.now()
                    changed.append((current, diff))
                continue
            base = inherited.get(code)
            fields = {f: getattr(base, f) for f in PROCEDURE_FIELDS} if base is not None else {}
            fields.update(values)
            missing = [c for c in PROCEDURE_NEEDED if c not in fields]
            if missing:
                errors.add(
                    lines[code],
                    missing[0],
                    _m(
                        gettext_noop("TTHC %(code)s chưa có trong danh mục: tệp phải có cột %(columns)s"),
                        code=code,
                        columns=", ".join(missing),
                    ),
                )
                continue
            new.append(Procedure(**fields, owner=owner, is_demo=demo))
            if base is not None:
                overrides.append((base, new[-1]))
        if errors.total:
            raise ImportRejected(table.name, errors.items, errors.total)
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.PROCEDURES, file_name=table.name, actor=actor, via=via, rows=len(parsed)
        )
        Procedure.objects.bulk_create(new, batch_size=1000)
        _repoint_dossiers(owner, overrides)
        for obj, diff in changed:
            obj.save(update_fields=[*diff, "updated_at"])
        batch.created, batch.updated, batch.finished_at = len(new), len(changed), timezone.now()
        batch.save(update_fields=["created", "updated", "finished_at"])
    return ImportResult(len(parsed), len(new), len(changed), batch.pk)


def _repoint_dossiers(owner, overrides: list[tuple[Procedure, Procedure]]) -> None:
    """A dossier refers to a row of its unit's effective catalogue: when ``owner`` gets its own copy of an inherited
    procedure, its units' dossiers of that procedure now refer to the copy (indicators read the procedure's facts
    through it). Units under ``owner`` with a copy of their own refer to theirs already and are not touched."""
    if owner is None or not overrides:
        return
    with connection.cursor() as cur:
        cur.execute(
            """UPDATE onestop_dossier d SET procedure_id = m.new_id, updated_at = now()
               FROM unnest(%s::bigint[], %s::bigint[]) AS m(old_id, new_id), orgs_orgunit u
               WHERE d.procedure_id = m.old_id AND u.id = d.unit_id AND u.path LIKE %s""",
            [[b.pk for b, _n in overrides], [n.pk for _b, n in overrides], owner.path + "%"],
        )


def _inherited_procedures(owner, codes: list[str]) -> dict[str, Procedure]:
    """The rows ``owner``'s catalogue inherits for ``codes`` (from its nearest ancestor, else the national list)."""
    if owner is None or not codes:
        return {}
    from .catalogue import CatalogueResolver

    resolve = CatalogueResolver([owner.pk], codes, ("pk",))
    ids = [found[0] for code in codes if (found := resolve(owner.pk, code)) is not None]
    return {p.code: p for p in Procedure.objects.filter(pk__in=ids)}


def _unknown_value(text: str, codes: Iterable[str]) -> Message:
    """The row error for a cell value no mapping knows (the mapping step then offers it for a value mapping)."""
    shown = ", ".join(c or '""' for c in codes)
    return _m(
        gettext_noop("giá trị %(value)r chưa được ánh xạ (cần một trong %(codes)s)"),
        value=text.strip(),
        codes=shown,
    )


def _dmy_hm(when: datetime) -> str:
    return f"{to_local(when):%d/%m/%Y %H:%M}"


def _raise(message: str):
    raise CellError(message)  # a msgid marked with gettext_noop at the call


# --- dossiers ---------------------------------------------------------------------------------------------------


class DueCalculator:
    """Due dates from the procedure's processing time, memoised (one-stop exports repeat the same receipt days)."""

    def __init__(self, calendars: dict[int | None, WorkCalendar] | CalendarBook):
        self.calendars = calendars
        self.memo: dict[tuple, datetime] = {}

    def __call__(self, unit_id: int, received: datetime, amount: int, unit_of_time: str) -> datetime:
        local = to_local(received)
        if isinstance(self.calendars, dict):
            cal = self.calendars.get(unit_id) or self.calendars[None]
        else:  # the calendar and office hours in force on the day of receipt
            cal = self.calendars.get(unit_id, local.date())
        if unit_of_time in (
            "hours",
            "same_day",
            "half_days",
        ):  # depend on the time of day: not memoised by day
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
    ISO 8601 text with its offset). ``lines``: each row's line in the file; ``present``: the stage columns the file
    carries (None: all) — an existing dossier keeps the values of the others."""

    rows: list[tuple]
    units: set[int]
    lines: list[int] | None = None
    present: frozenset[str] | None = None
    # per row: the file gave its due time (else it was computed; an existing dossier then keeps its stored one
    # unless its receipt or procedure changed — a re-import never recomputes the appointments of unchanged rows)
    due_given: list[bool] | None = None


# A file column → the stage columns it writes. Columns that only make sense together are written together: a file
# with a status or a finishing time writes both, one with any supplement column writes the three.
_FINISH = ("finished_at", "status")
_SUPPLEMENT = ("supplement_requests", "supplement_requested_at", "supplement_completed_at")
_WRITES = {
    "unit_code": ("unit_id",),
    "procedure_code": ("procedure_id",),
    **dict.fromkeys(_FINISH, _FINISH),
    **dict.fromkeys(_SUPPLEMENT, _SUPPLEMENT),
}


def _present_stage_columns(file_columns) -> frozenset[str]:
    out: set[str] = set()
    for c in file_columns:
        out.update(_WRITES.get(c, (c,)))
    return frozenset(out)


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
    reach: Reach | None = None,
    values: dict[str, dict[str, str]] | None = None,
    now: datetime | None = None,
) -> DossierRows:
    """Parse and check every row; raise ``ImportRejected`` naming the bad rows, or return rows ready to load.

    ``reach``: the importer's data scope — a row naming a unit outside it is refused (the dossiers the rows would
    touch are checked against it too, when loading: :func:`load_dossier_rows`). Procedures are resolved in each
    unit's effective catalogue (:mod:`cchc.onestop.catalogue`)."""
    from cchc.orgs.models import OrgUnit

    from .catalogue import CatalogueResolver

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
    procedure_for = CatalogueResolver(
        units.values(), {r[ip].strip() for r in raw}, ("pk", "processing_amount", "processing_unit", "fee")
    )
    allowed: dict[int, bool] = {}
    validity: dict[int, OrgUnit] = {}  # units with a validity period (merged away, or created, on a date)
    for unit in OrgUnit.objects.filter(pk__in=list(set(units.values()))).only(
        "pk", "path", "code", "valid_from", "valid_to"
    ):
        if reach is not None:
            allowed[unit.pk] = reach.contains(unit)
        if unit.valid_from is not None or unit.valid_to is not None:
            validity[unit.pk] = unit
    due_for = DueCalculator(CalendarBook(set(units.values())))
    values = values or {}
    channel_of = ValueMap("channel", values.get("channel"))
    status_of = ValueMap("status", values.get("status"))
    yesno_of = ValueMap("yesno", values.get("yesno"))
    rating_of = ValueMap("rating", values.get("rating"))
    fee_given = "fee_required" in index
    requests_given = "supplement_requests" in index
    # a receipt, a finish or a supplement later than now (a few minutes' clock drift allowed) is a contradiction
    latest = (now or timezone.now()) + timedelta(minutes=10)
    due_given: list[bool] = []
    seen: dict[str, int] = {}
    out: list[tuple] = []
    lines: list[int] = []
    used_units: set[int] = set()
    fromiso = datetime.fromisoformat

    def pdt(text: str):
        """(aware datetime, value for COPY): the file's own ISO text when PostgreSQL can read it as it is."""
        if not text:
            return None, None
        try:
            value = fromiso(text)
        except ValueError:
            parsed = parse_datetime(text)
            return parsed, parsed
        if value.tzinfo is None:
            value = value.replace(tzinfo=VN_TZ)
            if len(text) >= 16 and text[10] in "T ":
                return value, text + "+07:00"
            return value, value
        return value, text

    for line, row in enumerate(raw, start=table.header_line + 1):
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
            errors.add(line, "code", _m(gettext_noop("thiếu mã hồ sơ")))
        elif code in seen:
            errors.add(
                line,
                "code",
                _m(gettext_noop("mã hồ sơ %(code)s trùng với dòng %(line)s"), code=code, line=seen[code]),
            )
        else:
            seen[code] = line
        unit_id = units.get(unit_code.strip())
        if unit_id is None:
            errors.add(line, "unit_code", _m(gettext_noop("không có đơn vị %(unit)r"), unit=unit_code))
        elif reach is not None and not allowed[unit_id]:
            errors.add(
                line,
                "unit_code",
                _m(gettext_noop("bạn không có quyền nhập hồ sơ của %(unit)s"), unit=unit_code),
                OUT_OF_SCOPE,
            )
        proc = None if unit_id is None else procedure_for(unit_id, proc_code.strip())
        if proc is None and unit_id is not None:
            errors.add(
                line,
                "procedure_code",
                _m(
                    gettext_noop("không có TTHC %(procedure)r trong danh mục của đơn vị"), procedure=proc_code
                ),
            )
        try:
            received, received_c = pdt(received_t)
            if received is None:
                errors.add(line, "received_at", _m(gettext_noop("thiếu thời điểm tiếp nhận")))
        except CellError as exc:
            errors.add(line, "received_at", exc)
            received = received_c = None
        try:
            due, due_c = pdt(due_t)
        except CellError as exc:
            errors.add(line, "due_at", exc)
            due = due_c = None
        try:
            finished, finished_c = pdt(finished_t)
        except CellError as exc:
            errors.add(line, "finished_at", exc)
            finished = finished_c = None
        rq = rc = rq_c = rc_c = None
        if rq_t or rc_t:
            try:
                rq, rq_c = pdt(rq_t)
            except CellError as exc:
                errors.add(line, "supplement_requested_at", exc)
            try:
                rc, rc_c = pdt(rc_t)
            except CellError as exc:
                errors.add(line, "supplement_completed_at", exc)
        channel = channel_of(channel_t) if channel_t.strip() else "direct"
        if channel is None:
            errors.add(line, "channel", _unknown_value(channel_t, CHANNELS))
        status = status_of(status_t) if status_t.strip() else ("done" if finished else "processing")
        if status is None:
            errors.add(line, "status", _unknown_value(status_t, STATUSES))
        if sreq_t == "0" or not sreq_t:
            sreq = 0
        else:
            try:
                sreq = parse_int(sreq_t, default=0)
                if sreq > 32767:
                    raise CellError(gettext_noop("quá lớn"))
            except CellError as exc:
                errors.add(line, "supplement_requests", exc)
                sreq = 0
        flags = []
        for name, text in zip(FLAGS, flags_t, strict=True):
            value = _BOOLS.get(text)
            if value is None:
                mapped = yesno_of(text)
                if mapped is None:
                    errors.add(line, name, _unknown_value(text, ("1", "0")))
                value = mapped == "1"
            flags.append(value)
        if not fee_given and proc is not None:  # no fee column: the procedure says whether a fee is due
            flags[0] = proc[3] > 0
        if rating:
            mapped_rating = rating_of(rating)
            if mapped_rating is None:
                errors.add(line, "rating", _unknown_value(rating, ("like", "dislike", "")))
            rating = mapped_rating or ""
        if (
            received is not None
            and unit_id in validity
            and not validity[unit_id].is_valid_on(to_local(received).date())
        ):
            errors.add(
                line,
                "unit_code",
                _m(
                    gettext_noop(
                        "đơn vị %(unit)s không còn (hoặc chưa) hoạt động vào ngày tiếp nhận %(day)s"
                    ),
                    unit=unit_code.strip(),
                    day=f"{to_local(received):%d/%m/%Y}",
                ),
            )
        for when, col in (
            (received, "received_at"),
            (finished, "finished_at"),
            (rq, "supplement_requested_at"),
            (rc, "supplement_completed_at"),
        ):
            if when is not None and when > latest:
                errors.add(line, col, _m(gettext_noop("ngày %(when)s ở tương lai"), when=_dmy_hm(when)))
        if received is not None and due is not None and due < received:
            errors.add(line, "due_at", _m(gettext_noop("ngày hẹn trả trước ngày tiếp nhận")))
        if finished is not None and status in ("processing", "supplement"):
            errors.add(
                line,
                "status",
                _m(
                    gettext_noop("trạng thái %(status)s nhưng đã có ngày kết thúc"),
                    status=status_t.strip() or status,
                ),
            )
        if (
            status == "supplement" and requests_given and sreq_t.strip() == "0"
        ):  # empty: the export does not say
            errors.add(
                line,
                "supplement_requests",
                _m(gettext_noop("trạng thái chờ bổ sung nhưng số lần yêu cầu bổ sung là 0")),
            )
        if received is not None:
            if finished is not None and finished < received:
                errors.add(line, "finished_at", _m(BEFORE_RECEIPT))
            if finished is None and status in TERMINAL:
                errors.add(
                    line,
                    "finished_at",
                    _m(gettext_noop("trạng thái %(status)s cần finished_at"), status=status),
                )
            if rq is not None or rc is not None:
                if rc is not None and rq is None:
                    errors.add(
                        line,
                        "supplement_completed_at",
                        _m(gettext_noop("có hoàn thành bổ sung nhưng không có yêu cầu")),
                    )
                if rq is not None and rc is not None and rc < rq:
                    errors.add(line, "supplement_completed_at", _m(gettext_noop("trước yêu cầu bổ sung")))
                if rq is not None and sreq == 0:
                    errors.add(
                        line, "supplement_requests", _m(gettext_noop("có yêu cầu bổ sung nhưng số lần là 0"))
                    )
                if rq is not None and rq < received:
                    errors.add(line, "supplement_requested_at", _m(BEFORE_RECEIPT))
        if errors.total != bad or unit_id is None or proc is None:  # the last two: an error was counted above
            continue
        due_given.append(due is not None)
        if due is None:
            due_c = due_for(unit_id, received, proc[1], proc[2])
        used_units.add(unit_id)
        lines.append(line)
        out.append(
            (
                code,
                unit_id,
                proc[0],
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
        raise DomainError("empty_file", gettext_noop("%(name)s: không có dòng dữ liệu nào"), name=table.name)
    return DossierRows(out, used_units, lines, _present_stage_columns(index), due_given)


_COLS = [c for c, _t in STAGE_COLUMNS]
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


# The due time an existing dossier gets: the file's when it gave one; else the computed one only when the receipt or
# the procedure changed — an appointment is never recomputed because the calendar or the office hours changed since.
_DUE = (
    "CASE WHEN s.due_given OR d.received_at IS DISTINCT FROM s.received_at"
    " OR d.procedure_id IS DISTINCT FROM s.procedure_id THEN s.due_at ELSE d.due_at END"
)


def _update_sql(present: frozenset[str] | None) -> str:
    """The UPDATE of existing dossiers (by code) from the stage: only the columns the file carries, and only rows
    that change (the due time as :data:`_DUE` says)."""
    cols = [c for c in _COLS[1:] if (present is None or c in present) and c != "due_at"]
    sets = [f"{c} = s.{c}" for c in cols] + [f"due_at = {_DUE}"]
    old = ", ".join([*(f"d.{c}" for c in cols), "d.due_at"])
    new = ", ".join([*(f"s.{c}" for c in cols), _DUE])
    return f"""UPDATE onestop_dossier d SET {", ".join(sets)}, batch_id = %s, updated_at = now()
               FROM onestop_stage s WHERE d.code = s.code AND ({old}) IS DISTINCT FROM ({new})"""


# Rows that would touch a dossier of a unit outside the importer's data scope (change it, or move it away), and —
# when the file has no finishing time — rows whose new receipt time is after the finishing time the dossier keeps.
_OUT_OF_SCOPE_SQL = """
SELECT s.code, 'scope', count(*) OVER () FROM onestop_stage s
JOIN onestop_dossier d ON d.code = s.code JOIN orgs_orgunit u ON u.id = d.unit_id
WHERE NOT (d.unit_id = ANY(%(ids)s) OR u.path LIKE ANY(%(paths)s)) LIMIT %(limit)s"""
_KEPT_FINISH_SQL = """
SELECT s.code, 'finished', count(*) OVER () FROM onestop_stage s JOIN onestop_dossier d ON d.code = s.code
WHERE d.finished_at < s.received_at LIMIT %(limit)s"""


def _check_existing(cur, rows: DossierRows, name: str, reach: Reach | None) -> None:
    """Refuse the file (nothing written) when a row would touch an existing dossier it may not — one query over the
    staged rows, however large the file."""
    found: list[tuple[str, str, int]] = []
    if reach is not None and not reach.everything:
        cur.execute(
            _OUT_OF_SCOPE_SQL,
            {
                "ids": sorted(reach.unit_ids),
                "paths": [p + "%" for p in sorted(reach.paths)],
                "limit": MAX_ERRORS,
            },
        )
        found += cur.fetchall()
    if rows.present is not None and "finished_at" not in rows.present:
        cur.execute(_KEPT_FINISH_SQL, {"limit": MAX_ERRORS})
        found += cur.fetchall()
    if not found:
        return
    line_of = {}
    codes = {code for code, _k, _n in found}
    for i, r in enumerate(rows.rows):
        if r[0] in codes:
            line_of[r[0]] = rows.lines[i] if rows.lines else i + 2
    errors = _Errors()
    totals: dict[str, int] = {}
    for code, kind, total in sorted(found, key=lambda f: line_of.get(f[0], 0)):
        totals[kind] = total
        if kind == "scope":
            errors.add(
                line_of.get(code, 0),
                "code",
                _m(
                    gettext_noop(
                        "hồ sơ %(code)s đã có và thuộc đơn vị ngoài phạm vi nhập liệu của bạn: không được ghi đè "
                        "hay chuyển sang đơn vị khác"
                    ),
                    code=code,
                ),
                OUT_OF_SCOPE,
            )
        else:
            errors.add(
                line_of.get(code, 0),
                "received_at",
                _m(gettext_noop("hồ sơ %(code)s đã kết thúc trước thời điểm tiếp nhận mới"), code=code),
            )
    errors.total = max(errors.total, sum(totals.values()))
    raise ImportRejected(name, errors.items, errors.total)


def _text(value: str) -> str:
    return (
        value.translate(_ESCAPES)
        if ("\\" in value or "\t" in value or "\n" in value or "\r" in value)
        else value
    )


def _copy_line(r: tuple, due_given: bool = True) -> str:
    """One line of COPY text format for a row in ``STAGE_COLUMNS`` order, then ``due_given``."""
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
    parts.append("t" if due_given else "f")
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
    reach: Reach | None = None,
) -> ImportResult:
    """COPY into a staging table, check the existing dossiers the rows would touch against ``reach`` (the importer's
    data scope; None: no limit), then update the changed rows and insert the new ones (by code), in one transaction.
    Unchanged rows are left alone. Concurrent dossier writers wait (table lock) so codes stay unique."""
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
                + ", due_given boolean) ON COMMIT DROP"
            )
            raw = cur.cursor  # psycopg 3
            with raw.copy(f"COPY onestop_stage ({', '.join(_COLS)}, due_given) FROM STDIN") as copy:
                chunk: list[str] = []
                given = rows.due_given
                for i, r in enumerate(rows.rows):
                    chunk.append(_copy_line(r, True if given is None else given[i]))
                    if len(chunk) >= 20000:
                        copy.write("\n".join(chunk) + "\n")
                        chunk = []
                if chunk:
                    copy.write("\n".join(chunk) + "\n")
            cur.execute("LOCK TABLE onestop_dossier IN SHARE ROW EXCLUSIVE MODE")
            _check_existing(cur, rows, name, reach)
            cur.execute(_update_sql(rows.present), [batch.pk])
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
    demo: bool = False,
    values: dict[str, dict[str, str]] | None = None,
) -> ImportResult:
    """Validate and load a dossier file. With ``actor`` the import is held to their data scope — every row's unit
    and every existing dossier a row would change or move (the one place this rule lives, for the web upload and
    the command alike); without, the caller is the installation's operator. ``values``: the value mapping (kind →
    cell text → code); by default the ``source``'s."""
    from cchc.orgs.scope import scope_for

    reach = scope_for(actor).data if actor is not None else None
    if values is None and source is not None:
        values = source.value_mapping or None
    rows = validate_dossiers(table, mapping=mapping, reach=reach, values=values)
    return load_dossier_rows(
        rows, name=table.name, actor=actor, via=via, source=source, demo=demo, reach=reach
    )


class _DryRun(Exception):
    """Raised inside a dry run's transaction to roll everything back."""


def dossier_table(rows: list[Any], *, name: str = "api") -> Table:
    """Rows already parsed from JSON (an API body: a list of objects, column → value) as the table the file
    importer reads.

    The columns are the union of the rows' keys (a row lacking one has it empty, "none" as in a file); a value is
    written as a file cell would hold it: ``null`` → empty, ``true``/``false`` → 1/0, numbers as digits. Rows are
    counted from 1. A row that is not an object, an unknown key or a value that is not a scalar rejects the rows
    (``ImportRejected``, every such row named). Written for speed (an API call may carry 10,000 rows)."""
    known = (*DOSSIER_COLUMNS, *APPLICANT_COLUMNS)
    known_set = frozenset(known)
    errors = _Errors()
    seen: set[str] = set()
    if not isinstance(rows, list):
        errors.add(0, "", _m(gettext_noop("phải là một danh sách các dòng")))
        raise ImportRejected(name, errors.items, errors.total)
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.add(i, "", _m(gettext_noop("dòng phải là một đối tượng JSON")))
            continue
        keys = row.keys()
        if not keys <= known_set:
            for key in sorted(str(k) for k in keys - known_set):
                errors.add(i, key, _m(gettext_noop("không có cột %(key)r"), key=key))
        seen.update(keys)
    if errors.total:
        raise ImportRejected(name, errors.items, errors.total)
    columns = [c for c in known if c in seen]

    def cell(i: int, c: str, v: object) -> str:
        if isinstance(v, (list, dict)):
            errors.add(i, c, _m(gettext_noop("giá trị phải là chữ, số hoặc true/false")))
            return ""
        return json_cell(v)

    body = [
        [
            v.strip()
            if v.__class__ is str
            else ""
            if v is None
            else str(v)
            if v.__class__ is int
            else cell(i, c, v)
            for c, v in zip(columns, map(row.get, columns), strict=True)
        ]
        for i, row in enumerate(rows, start=1)
    ]
    if errors.total:
        raise ImportRejected(name, errors.items, errors.total)
    return Table(name=name, headers=columns, rows=iter(body), header_line=0)


def import_dossier_rows(
    rows: list[Any],
    *,
    actor=None,
    via: str = "api",
    name: str = "api",
    dry_run: bool = False,
    source: ImportSource | None = None,
) -> ImportResult:
    """The rows-based entry point of :func:`import_dossiers` (an API posting rows as JSON): the same validation
    (:func:`validate_dossiers`, held to ``actor``'s data scope) and the same bulk write (:func:`load_dossier_rows`:
    COPY, scope check of the dossiers touched, update and insert by code), all or nothing.

    ``dry_run``: everything is done — including the check of the existing dossiers the rows would touch and the
    counts of created and updated rows — inside a transaction that is then rolled back; nothing is written (the
    result has no batch)."""
    from cchc.orgs.scope import scope_for

    if not rows:
        raise DomainError("empty_file", gettext_noop("%(name)s: không có dòng dữ liệu nào"), name=name)
    table = dossier_table(rows, name=name)
    reach = scope_for(actor).data if actor is not None else None
    valid = validate_dossiers(table, reach=reach)
    if not dry_run:
        return load_dossier_rows(valid, name=name, actor=actor, via=via, source=source, reach=reach)
    result: ImportResult | None = None
    try:
        with transaction.atomic():
            result = load_dossier_rows(valid, name=name, actor=actor, via=via, source=source, reach=reach)
            raise _DryRun
    except _DryRun:
        pass
    assert result is not None
    result.batch_id = None
    return result


def desk_number_next(*, unit, year: int) -> int:
    """The unit's next desk-receipt number of ``year``: one atomic statement on the (unit, year) counter row, which
    stays locked until the receipt's transaction ends — two simultaneous receipts never get the same number."""
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO onestop_deskcounter (unit_id, year, last) VALUES (%s, %s, 1)
               ON CONFLICT (unit_id, year) DO UPDATE SET last = onestop_deskcounter.last + 1 RETURNING last""",
            [unit.pk, year],
        )
        return cur.fetchone()[0]


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
    """Receipt at the desk: the procedure is taken from the unit's effective catalogue (by its code) and the due date
    computed from its processing time and the unit's calendar. With ``actor``, they must enter data for ``unit``.
    A code typed that a dossier already has is refused; without a code, the number is ``<unit code>-<yymmdd>-<the unit's number of the year>``."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from cchc.orgs.scope import can_enter_data
    from cchc.workdays.services import calendar_for

    from .catalogue import effective_procedure

    if actor is not None and not can_enter_data(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền tiếp nhận hồ sơ cho đơn vị này."))
    in_force = effective_procedure(unit, procedure.code)
    if in_force is None:
        raise DomainError(
            "procedure_not_in_catalogue",
            gettext_noop("TTHC %(procedure)s không có trong danh mục của đơn vị %(unit)s"),
            procedure=procedure.code,
            unit=unit.code,
        )
    procedure = in_force
    day = to_local(received_at).date()
    if not unit.is_valid_on(day):
        raise DomainError(
            "unit_not_valid",
            gettext_noop(
                "Đơn vị %(unit)s không hoạt động vào ngày %(day)s (đã sáp nhập, giải thể hoặc chưa thành lập)."
            ),
            unit=unit.code,
            day=f"{day:%d/%m/%Y}",
            field="unit",
        )
    if received_at > timezone.now() + timedelta(minutes=10):
        raise DomainError(
            "date_in_future",
            gettext_noop("Thời điểm tiếp nhận %(when)s ở tương lai."),
            when=_dmy_hm(received_at),
            field="received_at",
        )
    calendar = calendar_for(unit, on=to_local(received_at).date())  # as in force on the day of receipt
    due = due_date(received_at, procedure.processing_amount, procedure.processing_unit, calendar)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.DESK, file_name="", actor=actor, via="web", rows=1, created=1
        )
        if code and Dossier.objects.filter(code=code).exists():
            raise DomainError(
                "dossier_code_taken",
                "Mã hồ sơ %(dossier)s đã có.",
                field="code",
                dossier=code,
            )
        if not code:
            local = to_local(received_at)
            while True:  # skip a number an imported dossier already uses
                number = desk_number_next(unit=unit, year=local.year)
                code = f"{unit.code}-{local:%y%m%d}-{number:04d}"
                if not Dossier.objects.filter(code=code).exists():
                    break
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
        DeskStep.objects.create(dossier=dossier, kind=DeskStep.Kind.RECEIVED, at=received_at, actor=actor)
        batch.finished_at = timezone.now()
        batch.save(update_fields=["finished_at"])
    return dossier


def dossier_finish(*, dossier: Dossier, at: datetime, status: str = "returned") -> Dossier:
    if status not in TERMINAL:
        raise ValueError(status)
    if at < dossier.received_at:
        raise DomainError("end_before_start", gettext_noop("Thời điểm kết thúc trước thời điểm tiếp nhận"))
    dossier.finished_at, dossier.status = at, status
    dossier.save(update_fields=["finished_at", "status", "updated_at"])
    return dossier
