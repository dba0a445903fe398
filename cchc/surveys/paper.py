"""Paper forms: the file import of ``import_survey_responses`` (contract ``surveys.md``).

Columns: ``token`` (a service point's or a dossier's), ``submitted_at`` (ISO date or datetime, or dd/mm/yyyy [hh:mm]; without an offset it
means Asia/Ho_Chi_Minh; empty = now), one column per question named by its ``key`` (1–5 or empty for Likert; the
option value for single choice; values separated by ";" for multiple choice), ``comment``. Every row is checked
before anything is written; one bad row rejects the file, naming the row and the column.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.core.excel import cell_text, open_workbook
from cchc.core.filelimits import Limits, RowBudget, check_size, csv_rows, import_limits
from cchc.orgs.models import OrgUnit

from . import answering, services
from .models import Origin, Response

FIXED = ("token", "submitted_at", "comment")


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
        raise DomainError(
            "unreadable_file", f"Không đọc được tệp {path}", en=f"cannot read {path}: {exc.strerror}"
        ) from exc
    if path.suffix.lower() == ".xlsx":
        wb = open_workbook(data, name=name, limits=limits)
        ws = wb.worksheets[0]
        rows = [[cell_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
    elif path.suffix.lower() == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DomainError(
                "bad_encoding",
                f"{path.name}: tệp CSV phải mã hóa UTF-8",
                en=f"{path.name}: CSV must be UTF-8",
            ) from exc
        rows = [[c.strip() for c in row] for row in csv_rows(text, name, limits, RowBudget(limits, name))]
    else:
        raise DomainError(
            "unsupported_format",
            f"{path.name}: chỉ nhận tệp .csv hoặc .xlsx",
            en=f"{path.name}: only .csv or .xlsx",
        )
    rows = [r for r in rows if any(r)]
    if not rows:
        raise DomainError("empty_file", f"{path.name}: tệp rỗng", en=f"{path.name}: empty file")
    header = [h.strip().lower() for h in rows[0]]
    if "token" not in header:
        raise DomainError(
            "missing_columns", f"{path.name}: thiếu cột 'token'", en=f"{path.name}: missing column 'token'"
        )
    dup = sorted({h for h in header if h and header.count(h) > 1})
    if dup:
        raise DomainError(
            "duplicate_column",
            f"{path.name}: cột bị trùng {', '.join(dup)}",
            en=f"{path.name}: duplicate columns {dup}",
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
            f"{where}, cột submitted_at: '{raw}' không phải ngày giờ (dd/mm/yyyy hh:mm hoặc ISO)",
            en=f"{where}, column submitted_at: {raw!r} is not a date/datetime (dd/mm/yyyy hh:mm or ISO)",
        ) from exc
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now():
        raise DomainError(
            "date_in_future",
            f"{where}, cột submitted_at: thời điểm trong tương lai",
            en=f"{where}: submitted_at in the future",
        )
    return value


def _row_data(row: dict[str, str], questionnaire) -> dict[str, object]:
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


def check_rows(rows: list[dict[str, str]], name: str = "tệp", entered_by=None) -> list[Response]:
    """Build (unsaved) responses; raise DomainError naming the first bad row.

    With ``entered_by`` (a person entering through the web), every row's unit must be in their data scope; the
    command line (no person) loads for any unit."""
    from cchc.orgs.scope import scope_for

    data_scope = scope_for(entered_by).data if entered_by is not None else None
    built: list[Response] = []
    seen_dossiers: set[int] = set()
    units: dict[int, OrgUnit] = {}
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        where = f"{name}, dòng {number}"
        token = row.get("token", "").strip()
        target = services.resolve_token(token)
        if target is None:
            raise DomainError(
                "unknown_token",
                f"{where}: mã '{token}' không tồn tại",
                en=f"{where}: unknown token {token!r}",
            )
        if data_scope is not None:
            unit = units.get(target.unit_id)
            if unit is None:  # a file names the same few units on thousands of rows: one query each
                unit = units[target.unit_id] = OrgUnit.objects.get(pk=target.unit_id)
            if not data_scope.contains(unit):
                raise DomainError(
                    "not_allowed",
                    f"{where}: bạn không có quyền nhập phiếu cho {unit.name}",
                    en=f"{where}: not allowed to enter forms for {unit.code}",
                )
        when = parse_when(row.get("submitted_at", ""), where)
        survey = _survey_at(target, when)
        if survey is None:
            raise DomainError(
                "no_open_survey",
                f"{where}: không có đợt khảo sát mở vào {timezone.localtime(when):%d/%m/%Y %H:%M}",
                en=f"{where}: no survey open at {when.isoformat()}",
            )
        q = survey.questionnaire
        known = {x.key for x in q.questions} | set(FIXED)
        extra = sorted(k for k, v in row.items() if k not in known and v.strip())
        if extra:
            raise DomainError(
                "unknown_question",
                f"{where}: cột không có trong phiếu {q.id}: {', '.join(extra)}",
                en=f"{where}: columns not in questionnaire {q.id}: {extra}",
            )
        reading = answering.read_answers(q, _row_data(row, q))
        if reading.errors:
            key, message = next(iter(reading.errors.items()))
            raise DomainError(
                "invalid_answer", f"{where}, cột {key}: {message}", en=f"{where}, column {key}: invalid value"
            )
        if reading.empty:
            raise DomainError(
                "empty_response", f"{where}: phiếu không có câu trả lời nào", en=f"{where}: no answers"
            )
        if target.dossier_id:
            if target.dossier_id in seen_dossiers or services.dossier_used(target.dossier_id):
                raise DomainError(
                    "already_answered",
                    f"{where}: hồ sơ {target.place} đã được đánh giá",
                    en=f"{where}: dossier {target.place} already answered",
                )
            seen_dossiers.add(target.dossier_id)
        built.append(
            Response(
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
        )
    return built


def _survey_at(target, when: datetime):
    from .models import Kind, Survey

    if target.survey_id:
        survey = Survey.objects.filter(pk=target.survey_id).first()
        return survey if survey and survey.is_open(when) else None
    return services.open_survey_for(OrgUnit.objects.get(pk=target.unit_id), Kind.CITIZEN, when)


@transaction.atomic
def import_rows(rows: list[dict[str, str]], name: str = "tệp", entered_by=None) -> dict:
    responses = check_rows(rows, name, entered_by)
    services.responses_bulk_record(responses)
    return {"imported": len(responses), "rows": len(rows)}


def import_file(path: str | Path, entered_by=None, *, limits: Limits | None = None) -> dict:
    rows = read_table(path, limits=limits)
    return import_rows(rows, Path(path).name, entered_by)
