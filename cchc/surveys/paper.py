"""Paper forms: the file import of ``import_survey_responses`` (contract ``surveys.md``).

Columns: ``token`` (a service point's or a dossier's), ``submitted_at`` (ISO date or datetime, or dd/mm/yyyy [hh:mm]; without an offset it
means Asia/Ho_Chi_Minh; empty = now), one column per question named by its ``key`` (1–5 or empty for Likert; the
option value for single choice; values separated by ";" for multiple choice), ``comment``, optionally
``so_phieu`` (the form's number). Every row is checked before anything is written; one bad row rejects the file,
naming the row and the column; a form dated outside its survey's window is a bad row.

Idempotent: each form gets a key (``form_key``) stored with its response; a form already imported — the same file
imported twice, or two files overlapping — is skipped and its row listed, never counted twice.

Any CSV Excel writes: "," ";" (Vietnamese regional settings) or tab separated, UTF-8 with or without BOM, UTF-16,
Windows-1258.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.accounts.models import User
from cchc.core.errors import DomainError, ImportRowError
from cchc.core.excel import cell_text, open_workbook
from cchc.core.filelimits import Limits, RowBudget, check_size, csv_rows, import_limits
from cchc.orgs.models import OrgUnit

from . import answering, services
from .models import Kind, Origin, Response, Survey
from .questionnaires import Questionnaire

logger = logging.getLogger(__name__)

FIXED = ("token", "submitted_at", "comment", "so_phieu")
FORM_NUMBER = (
    "so_phieu"  # optional: the number printed or written on the paper form (its identity when given)
)
DELIMITERS = (",", ";", "\t")


def _line(number: int, message: Any, code: str, *, field: str | None = None, **params: Any) -> ImportRowError:
    """A bad row: the message says "dòng N[, cột X]: …"; the caller adds the file's name with ``within``."""
    return ImportRowError(code, message, row=number, field=field, line=number, column=field or "", **params)


def decode_text(data: bytes, name: str) -> str:
    """The text of a CSV as Excel and other tools save it: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode
    text", with a BOM), or else Windows-1258 (Vietnamese Windows' ANSI code page); composed (NFC) so that a
    cp1258 file's combining tone marks compare equal to the same text typed elsewhere."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:1] != b"\x00":
        candidates = ["utf-16-le"]  # UTF-16 without a BOM (rare): ASCII headers leave every second byte 0
    else:
        candidates = ["utf-8", "cp1258"]
    for encoding in candidates:
        try:
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
    logger.warning("paper import: undecodable CSV %s", name)
    raise DomainError(
        "bad_encoding",
        _("%(name)s: không đọc được bảng mã của tệp CSV (hãy lưu lại bằng Excel dạng CSV UTF-8)"),
        name=name,
    )


def sniff_delimiter(text: str) -> tuple[str, str]:
    """(delimiter, text without Excel's ``sep=`` line): Excel with Vietnamese (or most European) regional settings
    saves CSV with ";", "Unicode text" with tabs, otherwise ","; the header line decides."""
    first, _sep, rest = text.partition("\n")
    head = first.strip().lstrip("\ufeff")
    if head.lower().startswith("sep=") and len(head) == 5:
        return head[4], rest
    counts = {d: head.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return (best if counts[best] else ","), text


def read_table(path: str | Path, *, name: str = "", limits: Limits | None = None) -> list[dict[str, str]]:
    """The rows of a .csv or .xlsx file as {column: text}, within ``limits`` (the web's unless given); ``name``
    is the file's name in messages (default: the path's)."""
    path = Path(path)
    name = name or path.name
    limits = limits or import_limits("web")
    check_size(path, name, limits)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError("unreadable_file", _("Không đọc được tệp %(name)s"), name=name) from exc
    if path.suffix.lower() == ".xlsx":
        wb = open_workbook(data, name=name, limits=limits)
        ws = wb.worksheets[0]
        rows = [[cell_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
    elif path.suffix.lower() in (".csv", ".txt"):
        delimiter, text = sniff_delimiter(decode_text(data, name))
        budget = RowBudget(limits, name)
        rows = [[c.strip() for c in row] for row in csv_rows(text, name, limits, budget, delimiter=delimiter)]
    else:
        raise DomainError("unsupported_format", _("%(name)s: chỉ nhận tệp .csv hoặc .xlsx"), name=name)
    rows = [r for r in rows if any(r)]
    if not rows:
        raise DomainError("empty_file", _("%(name)s: tệp rỗng"), name=name)
    header = [h.strip().lstrip("\ufeff").lower() for h in rows[0]]
    if "token" not in header:
        raise DomainError(
            "missing_columns",
            _("%(name)s: thiếu cột 'token' (các cột đọc được: %(found)s)"),
            name=name,
            found=", ".join(h for h in header if h) or "—",
        )
    dup = sorted({h for h in header if h and header.count(h) > 1})
    if dup:
        raise DomainError(
            "duplicate_column", _("%(name)s: cột bị trùng %(columns)s"), name=name, columns=", ".join(dup)
        )
    out = []
    for row in rows[1:]:
        out.append({h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h})
    return out


_VN_DATETIME = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def parse_when(raw: str, where: str) -> datetime:
    """ISO 8601 or dd/mm/yyyy [hh:mm[:ss]] (how paper forms are typed in Vietnam); a date alone means noon."""
    raw = (raw or "").strip()
    if not raw:
        return timezone.now()
    vn = _VN_DATETIME.fullmatch(raw)
    try:
        if vn:
            d, m, y = (int(g) for g in vn.groups()[:3])  # the pattern requires the date
            hh, mm, ss = (int(g) if g else None for g in vn.groups()[3:])
            value = datetime(y, m, d, 12 if hh is None else hh, mm or 0, ss or 0)  # noqa: DTZ001 - made aware below
        elif len(raw) == 10:
            value = datetime.combine(date.fromisoformat(raw), time(12, 0))
        else:
            value = datetime.fromisoformat(raw.replace(" ", "T", 1))
    except ValueError as exc:
        raise DomainError(
            "invalid_datetime",
            _("%(where)s, cột submitted_at: '%(value)s' không phải ngày giờ (dd/mm/yyyy hh:mm hoặc ISO)"),
            where=where,
            value=raw,
        ) from exc
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now():
        raise DomainError(
            "date_in_future", _("%(where)s, cột submitted_at: thời điểm trong tương lai"), where=where
        )
    return value


def check_in_window(survey: Survey, when: datetime) -> None:
    """A paper form dated outside its survey's window is refused (``date_outside_window``)."""
    if survey.is_open(when):
        return
    closes = timezone.localtime(survey.closes_at).strftime("%d/%m/%Y %H:%M") if survey.closes_at else "…"
    raise DomainError(
        "date_outside_window",
        _(
            "ngày trên phiếu %(day)s nằm ngoài thời gian của đợt khảo sát “%(survey)s” (%(opens)s – %(closes)s)"
        ),
        field="submitted_at",
        day=f"{timezone.localtime(when):%d/%m/%Y %H:%M}",
        survey=survey.title,
        opens=f"{timezone.localtime(survey.opens_at):%d/%m/%Y %H:%M}",
        closes=closes,
    )


def _row_data(row: dict[str, str], questionnaire: Questionnaire) -> dict[str, object]:
    data: dict[str, object] = {}
    for q in questionnaire.questions:
        raw = row.get(q.key, "")
        if q.type == "multiple":
            data[q.key] = [p.strip() for p in raw.split(";") if p.strip()]
        else:
            data[q.key] = raw
    if "comment" in row:
        data["comment"] = row["comment"]
    return data


def form_key(
    *,
    target: services.Target,
    survey: Survey,
    dated: str,
    answers: dict[str, Any],
    comment: str,
    number: str,
    occurrence: int,
) -> str:
    """The identity of one paper form, so that the same form is never counted twice (``Response.paper_key``).

    With a form number (column ``so_phieu``) it is the number at that service point or dossier. Without one it is
    what is written on the form — place, survey, the date as written, every answer and the comment — and the
    occurrence of that same content in the file (the 2nd identical form of a file is another citizen's, so
    importing the file again skips both and importing it once keeps both)."""
    where = f"{target.unit_id}|{target.point_id or 0}|{target.dossier_id or 0}"
    if number:
        material = f"n|{where}|{number.strip().lower()}"
    else:
        content = json.dumps(answers, sort_keys=True, ensure_ascii=False)
        material = f"c|{where}|{survey.pk}|{dated}|{content}|{comment}|{occurrence}"
    return hashlib.sha256(material.encode()).hexdigest()


@dataclass
class Checked:
    """The outcome of checking a file: responses to write and the rows skipped as already imported."""

    responses: list[Response] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)


def check_rows(rows: list[dict[str, str]], name: str = "tệp", entered_by: User | None = None) -> Checked:
    """Build (unsaved) responses; raise DomainError naming the first bad row. Forms already imported (the same
    ``form_key``, in the database or earlier in the file) are skipped and listed.

    With ``entered_by`` (a person entering through the web), every row's unit must be in their data scope; the
    command line (no person) loads for any unit."""
    from cchc.orgs.scope import scope_for

    data_scope = scope_for(entered_by).data if entered_by is not None else None
    out = Checked()
    keyed: list[tuple[int, str, Response]] = []
    seen_dossiers: set[int] = set()
    occurrences: dict[str, int] = {}
    units: dict[int, OrgUnit] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        try:
            response, key = _check_row(row, number, data_scope, units, occurrences, entered_by)
        except DomainError as exc:
            raise exc.within(name) from None
        keyed.append((number, key, response))
    existing = set(
        Response.objects.filter(paper_key__in=[k for _n, k, _r in keyed]).values_list("paper_key", flat=True)
    )
    taken: set[str] = set()
    for number, key, response in keyed:
        if key in existing or key in taken:
            out.skipped_rows.append(number)
            continue
        taken.add(key)
        if response.dossier_id:
            if response.dossier_id in seen_dossiers or services.dossier_used(response.dossier_id):
                raise _line(
                    number,
                    _("dòng %(line)s: hồ sơ %(dossier)s đã được đánh giá"),
                    "already_answered",
                    dossier=response.dossier.dossier_code if response.dossier else "",
                ).within(name)
            seen_dossiers.add(response.dossier_id)
        response.paper_key = key
        out.responses.append(response)
    return out


def _check_row(
    row: dict[str, str],
    number: int,
    data_scope: Any,
    units: dict[int, OrgUnit],
    occurrences: dict[str, int],
    entered_by: User | None,
) -> tuple[Response, str]:
    where = gettext("dòng %(line)s") % {"line": number}
    token = row.get("token", "").strip()
    target = services.resolve_token(token)
    if target is None:
        raise _line(
            number,
            _("dòng %(line)s: mã '%(token)s' không tồn tại"),
            "unknown_token",
            field="token",
            token=token,
        )
    unit = units.get(target.unit_id)
    if unit is None:  # a file names the same few units on thousands of rows: one query each
        unit = units[target.unit_id] = OrgUnit.objects.get(pk=target.unit_id)
    if data_scope is not None and not data_scope.contains(unit):
        raise _line(
            number,
            _("dòng %(line)s: bạn không có quyền nhập phiếu cho %(unit)s"),
            "not_allowed",
            unit=unit.name,
        )
    dated = row.get("submitted_at", "").strip()
    when = parse_when(dated, where)
    survey = _survey_at(target, unit, when)
    if survey is None:
        raise _line(
            number,
            _("dòng %(line)s: không có đợt khảo sát mở vào %(day)s"),
            "no_open_survey",
            field="submitted_at",
            day=f"{timezone.localtime(when):%d/%m/%Y %H:%M}",
        )
    try:
        check_in_window(survey, when)
    except DomainError as exc:
        raise exc.within(where) from None
    q = survey.questionnaire
    known = {x.key for x in q.questions} | set(FIXED)
    extra = sorted(k for k, v in row.items() if k not in known and v.strip())
    if extra:
        raise _line(
            number,
            _("dòng %(line)s: cột không có trong phiếu %(questionnaire)s: %(columns)s"),
            "unknown_question",
            questionnaire=q.id,
            columns=", ".join(extra),
        )
    reading = answering.read_answers(q, _row_data(row, q))
    if reading.errors:
        key, message = next(iter(reading.errors.items()))
        raise _line(
            number,
            _("dòng %(line)s, cột %(column)s: %(problem)s"),
            "invalid_answer",
            field=key,
            problem=message,
        )
    if reading.empty:
        raise _line(number, _("dòng %(line)s: phiếu không có câu trả lời nào"), "empty_response")
    content = json.dumps([reading.answers, reading.comment, dated], sort_keys=True, ensure_ascii=False)
    scope_key = f"{target.token}|{content}"
    occurrences[scope_key] = occurrences.get(scope_key, 0) + 1
    key = form_key(
        target=target,
        survey=survey,
        dated=dated,
        answers=reading.answers,
        comment=reading.comment,
        number=row.get(FORM_NUMBER, ""),
        occurrence=occurrences[scope_key],
    )
    response = Response(
        survey=survey,
        unit_id=target.unit_id,
        service_point_id=target.point_id,
        dossier_id=target.dossier_id,
        origin=Origin.PAPER,
        submitted_at=when,
        day=timezone.localdate(when),
        answers=reading.answers,
        comment=reading.comment,
        entered_by=entered_by,
    )
    return response, key


def _survey_at(target: services.Target, unit: OrgUnit, when: datetime) -> Survey | None:
    """The survey a paper form dated ``when`` answers: the point's or dossier's own one, else the survey of the
    unit's kind open on that date (None when there is none)."""
    if target.survey_id:
        return Survey.objects.filter(pk=target.survey_id).first()
    return services.open_survey_for(unit, Kind.CITIZEN, when)


@transaction.atomic
def import_rows(
    rows: list[dict[str, str]], name: str = "tệp", entered_by: User | None = None
) -> dict[str, Any]:
    """Write the new forms of a checked file. ``skipped`` counts the forms already imported (listed by row)."""
    checked = check_rows(rows, name, entered_by)
    try:
        with transaction.atomic():
            services.responses_bulk_record(checked.responses)
    except IntegrityError as exc:  # the same file imported at the same moment by someone else
        raise DomainError(
            "import_conflict", _("%(name)s: tệp đang được nhập cùng lúc ở nơi khác; hãy thử lại"), name=name
        ) from exc
    return {
        "imported": len(checked.responses),
        "skipped": len(checked.skipped_rows),
        "skipped_rows": checked.skipped_rows,
        "rows": len(rows),
    }


def import_file(
    path: str | Path, entered_by: User | None = None, *, limits: Limits | None = None
) -> dict[str, Any]:
    rows = read_table(path, limits=limits)
    return import_rows(rows, Path(path).name, entered_by)
