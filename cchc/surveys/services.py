"""Writes of the surveys module: keyword-only, validated, atomic.

How the one-stop module creates a dossier token when it prints a receipt::

    from cchc.surveys.services import dossier_token_issue
    token = dossier_token_issue(unit=dossier.unit, dossier_code=dossier.code, source="onestop", user=request.user)
    qr_url = request.build_absolute_uri(token_url(token.token))   # print it (or posters.qr_svg(qr_url)) on the receipt

``dossier_token_issue`` is idempotent per (unit, dossier code): printing the receipt again gives the same token.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core import versioning
from cchc.core.errors import DomainError
from cchc.core.types import UNCHANGED, Unchanged
from cchc.orgs.models import OrgUnit
from cchc.orgs.scope import can_enter_data, can_manage_unit, check_no_conflict_of_interest

from . import answering
from .catalog import get_questionnaire
from .models import (
    COUNTED_STATUSES,
    DailyTally,
    DossierToken,
    Kind,
    Origin,
    QuestionnaireStatus,
    QuestionnaireVersion,
    Response,
    ResponseTarget,
    ServicePoint,
    Status,
    Survey,
)
from .questionnaires import Questionnaire

FLAG_LABELS = {
    "honeypot": "Điền vào ô ẩn (nghi máy tự động)",
    "too_fast": "Trả lời quá nhanh",
    "no_stamp": "Không gửi từ trang phiếu (thiếu dấu xác thực)",
    "no_cookie": "Trình duyệt không gửi cookie thiết bị",
    "duplicate": "Cùng thiết bị đã đánh giá điểm này gần đây",
    "rate_ip": "Nhiều phiếu từ cùng một địa chỉ mạng",
    "rate_device": "Nhiều phiếu từ cùng một thiết bị",
}


def new_token() -> str:
    """16 URL-safe characters (96 random bits): unguessable."""
    return secrets.token_urlsafe(12)


def token_url(token: str) -> str:
    return reverse("survey_public", args=[token])


# --- surveys ------------------------------------------------------------------------------------------------


def _parse_questionnaire(ref: str) -> Questionnaire:
    try:
        qid, version = ref.split(":")
        return get_questionnaire(qid, int(version))
    except (ValueError, DomainError) as exc:  # not "id:version", or no such questionnaire
        raise ValidationError({"questionnaire": _("Mẫu phiếu không hợp lệ.")}) from exc


@transaction.atomic
def survey_create(
    *,
    title: str,
    questionnaire: str,
    unit: OrgUnit,
    opens_at: datetime,
    closes_at: datetime | None = None,
    note: str = "",
    user: User | None = None,
) -> Survey:
    q = _parse_questionnaire(questionnaire)
    survey = Survey(
        title=title.strip() or q.title,
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        kind=q.kind,
        unit=unit,
        opens_at=opens_at,
        closes_at=closes_at,
        note=note,
        created_by=user,
    )
    _check_window(survey)
    survey.full_clean()
    survey.save()
    return survey


def _check_window(survey: Survey) -> None:
    """Checked before ``full_clean`` so the user reads this, not the database constraint's name."""
    if survey.closes_at is not None and survey.opens_at is not None and survey.closes_at <= survey.opens_at:
        raise ValidationError({"closes_at": _("Thời điểm đóng phải sau thời điểm mở.")})


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    title: str | Unchanged = UNCHANGED,
    note: str | Unchanged = UNCHANGED,
    opens_at: datetime | Unchanged = UNCHANGED,
    closes_at: datetime | Unchanged | None = UNCHANGED,
) -> Survey:
    """Change what a survey's organiser may change: its title, note and window. Its unit, questionnaire and kind
    are fixed at creation (responses and scopes hang on them)."""
    if not isinstance(title, Unchanged):
        survey.title = title.strip()
    if not isinstance(note, Unchanged):
        survey.note = note
    if not isinstance(opens_at, Unchanged):
        survey.opens_at = opens_at
    if not isinstance(closes_at, Unchanged):
        survey.closes_at = closes_at
    _check_window(survey)
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, now: datetime | None = None) -> Survey:
    now = now or timezone.now()
    if survey.closes_at is None or survey.closes_at > now:
        survey.closes_at = max(now, survey.opens_at + timedelta(seconds=1))
        survey.save(update_fields=["closes_at", "updated_at"])
    return survey


def open_survey_for(unit: OrgUnit, kind: str = Kind.CITIZEN, now: datetime | None = None) -> Survey | None:
    """The most specific open survey of ``kind`` held by ``unit`` or one of its ancestors."""
    now = now or timezone.now()
    ids = [*unit.ancestor_ids, unit.pk]
    return (
        Survey.objects.filter(kind=kind, unit_id__in=ids, opens_at__lte=now)
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("-unit__depth", "-opens_at", "-pk")
        .first()
    )


# --- service points and dossier tokens -------------------------------------------------------------------------


@transaction.atomic
def service_point_create(
    *, unit: OrgUnit, name: str, location: str = "", survey: Survey | None = None
) -> ServicePoint:
    point = ServicePoint(
        unit=unit, name=name.strip(), location=location.strip(), survey=survey, token=new_token()
    )
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def service_point_update(
    *,
    point: ServicePoint,
    actor: User | None,
    unit: OrgUnit | Unchanged = UNCHANGED,
    name: str | Unchanged = UNCHANGED,
    location: str | Unchanged = UNCHANGED,
    survey: Survey | Unchanged | None = UNCHANGED,
    active: bool | Unchanged = UNCHANGED,
    expected_version: int | None = None,
) -> ServicePoint:
    """Change a service point. The actor (None: a command or the system) must enter data for the point's unit and,
    when it moves, for the new unit too; a survey of its own must cover the point's unit."""
    if actor is not None:
        for where in (point.unit, unit):
            if isinstance(where, OrgUnit) and not can_enter_data(actor, where):
                raise PermissionDenied(_("Bạn không có quyền sửa điểm lấy ý kiến của đơn vị này."))
    changes: dict[str, object] = {
        k: v
        for k, v in (
            ("unit", unit),
            ("name", name),
            ("location", location),
            ("survey", survey),
            ("active", active),
        )
        if not isinstance(v, Unchanged)
    }
    for text in ("name", "location"):
        if text in changes:
            changes[text] = str(changes[text]).strip()
    versioning.claim(point, expected_version, mine=changes)
    for key, value in changes.items():
        setattr(point, key, value)
    if point.survey is not None and point.survey.unit_id not in (*point.unit.ancestor_ids, point.unit_id):
        raise ValidationError({"survey": _("Đợt khảo sát riêng phải của đơn vị này hoặc đơn vị cấp trên.")})
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def service_point_new_token(*, point: ServicePoint) -> ServicePoint:
    """A new QR code (the old one stops working), e.g. after a poster was copied elsewhere."""
    point.token = new_token()
    point.save(update_fields=["token", "updated_at"])
    return point


@transaction.atomic
def dossier_token_issue(
    *, unit: OrgUnit, dossier_code: str, source: str = "manual", user: User | None = None
) -> DossierToken:
    code = (dossier_code or "").strip()
    if not code:
        raise ValidationError({"dossier_code": _("Thiếu mã hồ sơ.")})
    # get_or_create: two prints of one receipt at once give the same token (the second's insert waits on the
    # unique (unit, dossier code) and then reads the first's row) instead of an IntegrityError
    token, _created = DossierToken.objects.get_or_create(
        unit=unit,
        dossier_code=code[:64],
        defaults={"token": new_token(), "source": source, "created_by": user},
    )
    return token


# --- response targets ------------------------------------------------------------------------------------------

MAX_TARGET = 1_000_000


@transaction.atomic
def response_target_set(*, unit: OrgUnit, year: int, responses: int | None, actor: User | None) -> None:
    """Set (or with ``responses`` None, remove) a unit's target of responses for a year. Only the coordinators
    managing the unit (its subtree's) and administrators; the command line (actor None) may set any."""
    if actor is not None and not can_manage_unit(actor, unit):
        raise PermissionDenied(_("Chỉ đầu mối quản lý đơn vị được đặt chỉ tiêu số phiếu."))
    if not 2000 <= year <= 2100:
        raise DomainError("invalid_year", gettext_lazy("Năm %(year)s không hợp lệ"), year=year, field="year")
    if responses is None:
        ResponseTarget.objects.filter(unit=unit, year=year).delete()
        return
    if not 0 < responses <= MAX_TARGET:
        raise DomainError(
            "invalid_target",
            gettext_lazy("Chỉ tiêu của %(unit)s phải từ 1 đến %(max)s phiếu"),
            unit=unit.name,
            max=MAX_TARGET,
            field="responses",
        )
    ResponseTarget.objects.update_or_create(
        unit=unit, year=year, defaults={"responses": responses, "set_by": actor}
    )


# --- token resolution (cached briefly per process; cleared on every change made in this process) --------------

T = TypeVar("T")

_CACHE_SECONDS = 30.0
_cache: dict[object, tuple[float, object]] = {}


def _cached(key: tuple[str, str], compute: Callable[[], T]) -> T:
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return cast(T, hit[1])  # stored below under this key, by a compute of the same kind
    value = compute()
    if len(_cache) > 20000:
        _cache.clear()
    _cache[key] = (now + _CACHE_SECONDS, value)
    return value


def clear_cache() -> None:
    _cache.clear()


@receiver([post_save, post_delete], sender=Survey)
@receiver([post_save, post_delete], sender=ServicePoint)
@receiver([post_save, post_delete], sender=DossierToken)
def _invalidate(**kwargs: object) -> None:
    clear_cache()


@dataclass(frozen=True)
class Target:
    """What a public token points at."""

    token: str
    unit_id: int
    unit_name: str
    place: str  # the service point's name, or the dossier code
    point_id: int | None = None
    dossier_id: int | None = None
    survey_id: int | None = None  # an explicit survey of the point / dossier
    active: bool = True


def resolve_token(token: str) -> Target | None:
    if not token or len(token) > 32:
        return None

    def compute() -> Target | None:
        point = ServicePoint.objects.select_related("unit").filter(token=token).first()
        if point is not None:
            return Target(
                token,
                point.unit_id,
                point.unit.name,
                point.name,
                point.pk,
                None,
                point.survey_id,
                point.active,
            )
        dossier = DossierToken.objects.select_related("unit").filter(token=token).first()
        if dossier is not None:
            return Target(
                token,
                dossier.unit_id,
                dossier.unit.name,
                dossier.dossier_code,
                None,
                dossier.pk,
                dossier.survey_id,
            )
        return None

    return _cached(("token", token), compute)


def survey_for_target(target: Target, now: datetime | None = None) -> Survey | None:
    """The open survey the token answers; None when its survey window is closed or none is open."""
    now = now or timezone.now()

    def compute() -> Survey | None:
        if target.survey_id:
            return Survey.objects.filter(pk=target.survey_id).first()
        unit = OrgUnit.objects.get(pk=target.unit_id)
        return open_survey_for(unit, Kind.CITIZEN, now)

    survey = _cached(("survey", target.token), compute)
    if survey is None or not survey.is_open(now):
        return None
    return survey


def dossier_used(dossier_id: int) -> bool:
    return Response.objects.filter(dossier_id=dossier_id).exists()


# --- responses ------------------------------------------------------------------------------------------------

_CHECK_SQL = """
SELECT
  (SELECT count(*) FROM (SELECT 1 FROM surveys_response
      WHERE ip_hash = %s AND ip_hash <> '' AND submitted_at > %s LIMIT %s) a),
  (SELECT count(*) FROM (SELECT 1 FROM surveys_response
      WHERE device_hash = %s AND device_hash <> '' AND submitted_at > %s LIMIT %s) b),
  EXISTS (SELECT 1 FROM surveys_response
      WHERE device_hash = %s AND device_hash <> '' AND service_point_id = %s AND submitted_at > %s)
"""


def _fetch_prepared(sql: str, params: list[Any]) -> tuple[Any, ...]:
    """One row of ``sql`` run as a prepared statement with server-side parameters, on Django's connection.

    For the two statements of every public submission: PostgreSQL plans them once per connection instead of
    parsing the whole text each time, and psycopg sends the values as they are instead of quoting them into the
    text. Errors surface as Django's (``IntegrityError`` …), as through ``connection.cursor()``.
    """
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.cursor() as cursor:
        cursor.execute(sql, params, prepare=True)
        row: tuple[Any, ...] = cursor.fetchone()
        return row


@dataclass
class AbuseCheck:
    flags: list[str]
    blocked: bool


def abuse_check(
    *, ip_hash: str, device_hash: str, point_id: int | None, kiosk: bool, now: datetime
) -> AbuseCheck:
    """Rate limits per hashed IP and per device, and a device answering the same point again."""
    ip_limit = settings.SURVEY_IP_FLAG_PER_HOUR
    dev_flag = settings.SURVEY_DEVICE_FLAG_PER_HOUR
    dev_block = settings.SURVEY_DEVICE_BLOCK_PER_HOUR
    dup_hours = settings.SURVEY_DUPLICATE_HOURS
    hour_ago = now - timedelta(hours=1)
    device = "" if kiosk else device_hash  # a kiosk is one device shared by every visitor
    by_ip, by_device, duplicate = _fetch_prepared(
        _CHECK_SQL,
        [
            ip_hash,
            hour_ago,
            ip_limit,
            device,
            hour_ago,
            dev_block,
            device,
            point_id or 0,
            now - timedelta(hours=dup_hours),
        ],
    )
    flags = []
    if duplicate:
        flags.append("duplicate")
    if by_ip >= ip_limit:
        flags.append("rate_ip")
    if by_device >= dev_flag:
        flags.append("rate_device")
    return AbuseCheck(flags, by_device >= dev_block)


class DossierAlreadyAnswered(Exception):
    pass


def response_record(
    *,
    survey: Survey,
    unit_id: int,
    origin: str,
    reading: answering.Reading,
    service_point_id: int | None = None,
    dossier_id: int | None = None,
    flags: Iterable[str] = (),
    ip_hash: str = "",
    device_hash: str = "",
    fill_seconds: int | None = None,
    submitted_at: datetime | None = None,
    entered_by: User | None = None,
    durable: bool = True,
) -> Response:
    """Store one response and its tallies; a flagged one waits for a coordinator (status ``flagged``).
    ``durable=False`` for the public form (see ``_insert_with_tallies``)."""
    if reading.errors:
        raise ValidationError(reading.errors)
    submitted_at = submitted_at or timezone.now()
    flags = sorted(set(flags))
    status = Status.FLAGGED if flags else Status.OK
    response = Response(
        survey=survey,
        unit_id=unit_id,
        service_point_id=service_point_id,
        dossier_id=dossier_id,
        origin=origin,
        submitted_at=submitted_at,
        day=timezone.localdate(submitted_at),
        answers=reading.answers,
        comment=reading.comment,
        status=status,
        flags=flags,
        ip_hash=ip_hash,
        device_hash=device_hash,
        fill_seconds=fill_seconds,
        entered_by=entered_by,
    )
    try:
        _insert_with_tallies(response, durable=durable)
    except IntegrityError as exc:
        if dossier_id is not None and _violated_constraint(exc) == DOSSIER_ANSWER_UNIQUE:
            raise DossierAlreadyAnswered from exc
        raise
    return response


# The unique index PostgreSQL names for ``Response.dossier`` (a one-to-one field): one answer per dossier token.
DOSSIER_ANSWER_UNIQUE = "surveys_response_dossier_id_key"


def _violated_constraint(exc: IntegrityError) -> str | None:
    """The name of the constraint an ``IntegrityError`` reports (psycopg's diagnostics), not its message text."""
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


# The daily-tally increments as one JSON parameter: the statement text and its parameter count stay the same
# whatever the number of rows (psycopg caches the converted query; one string is cheap to pass). Rows are upserted
# in the order given — key order, so every transaction takes the row locks in the same order: no deadlock.
_TALLY_UPSERT_SQL = """
INSERT INTO surveys_dailytally (survey_id, unit_id, point_id, day, counted, dimension, c1, c2, c3, c4, c5, responses)
SELECT t.* FROM jsonb_to_recordset(%s::jsonb) AS t(survey_id bigint, unit_id bigint, point_id bigint, day date,
  counted boolean, dimension varchar, c1 integer, c2 integer, c3 integer, c4 integer, c5 integer, responses integer)
ON CONFLICT (survey_id, unit_id, point_id, day, counted, dimension) DO UPDATE SET
  c1 = surveys_dailytally.c1 + EXCLUDED.c1, c2 = surveys_dailytally.c2 + EXCLUDED.c2,
  c3 = surveys_dailytally.c3 + EXCLUDED.c3, c4 = surveys_dailytally.c4 + EXCLUDED.c4,
  c5 = surveys_dailytally.c5 + EXCLUDED.c5, responses = surveys_dailytally.responses + EXCLUDED.responses
"""
_TALLY_COLUMNS = (
    "survey_id",
    "unit_id",
    "point_id",
    "day",
    "counted",
    "dimension",
    "c1",
    "c2",
    "c3",
    "c4",
    "c5",
)


def _tally_json(delta: dict[TallyKey, list[int]]) -> str:
    """The upsert's parameter: the rows of ``delta`` in key order."""
    rows = [
        dict(zip((*_TALLY_COLUMNS, "responses"), (*key, *counts), strict=True))
        for key, counts in sorted(delta.items(), key=lambda kv: kv[0])
    ]
    return json.dumps(rows, ensure_ascii=False, default=date.isoformat)


# One statement, so one round trip and one implicit transaction: the response, then its daily-tally increments. The
# parameter after the response's columns is ``durable`` (see ``_insert_with_tallies``), the last one the tallies.
_INSERT_SQL = f"""
WITH r AS (
  INSERT INTO surveys_response (survey_id, unit_id, service_point_id, dossier_id, origin, submitted_at, day, answers,
                                comment, status, flags, ip_hash, device_hash, fill_seconds, entered_by_id)
  SELECT %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s::varchar[], %s, %s, %s, %s
  FROM (SELECT CASE WHEN %s THEN '' ELSE set_config('synchronous_commit', 'off', true) END) AS commit_mode
  RETURNING id
)
{_TALLY_UPSERT_SQL.strip()}
RETURNING (SELECT id FROM r)
"""


def _insert_with_tallies(response: Response, *, durable: bool = True) -> None:
    """The response and its daily-tally increments in one statement (autocommit, one round trip).

    ``durable=False`` (answers from the public form): the transaction commits without waiting for its WAL record to
    reach the disk (``synchronous_commit = off`` for this transaction only). Every public answer increments the same
    few daily-tally rows, and a synchronous commit would hold their row locks across a disk flush, serialising
    every submission behind it. The price, by PostgreSQL's guarantee: a crash of the database server itself may
    lose the answers committed in its last fraction of a second — whole answers with their tallies, never half of
    one. Staff entries (paper forms) stay fully durable.
    """
    params: list[Any] = [
        response.survey_id,
        response.unit_id,
        response.service_point_id,
        response.dossier_id,
        response.origin,
        response.submitted_at,
        response.day,
        json.dumps(response.answers, ensure_ascii=False),
        response.comment,
        response.status,
        list(response.flags),
        response.ip_hash,
        response.device_hash,
        response.fill_seconds,
        response.entered_by_id,
        durable,
        _tally_json(tally_delta([response])),
    ]
    (response.pk,) = _fetch_prepared(_INSERT_SQL, params)
    response._state.adding = False


TallyKey = tuple[int, int, int, object, bool, str]  # survey, unit, point (0: none), day, counted, dimension


def tally_delta(
    responses: Iterable[Response], sign: int = 1, counted: bool | None = None
) -> dict[TallyKey, list[int]]:
    """What ``responses`` add to (sign 1) or take from (sign -1) the daily tallies."""
    delta: dict[TallyKey, list[int]] = {}
    for r in responses:
        state = r.status in COUNTED_STATUSES if counted is None else counted
        base = (r.survey_id, r.unit_id, r.service_point_id or 0, r.day, state)
        row = delta.setdefault((*base, ""), [0] * 6)
        row[5] += sign
        for dim, c in answering.tally(r.survey.questionnaire, r.answers).items():
            row = delta.setdefault((*base, dim), [0] * 6)
            for i in range(5):
                row[i] += sign * c[i]
    return delta


def _apply(delta: dict[TallyKey, list[int]]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_TALLY_UPSERT_SQL, [_tally_json(delta)])


def _write_tallies(responses: Iterable[Response]) -> None:
    _apply(tally_delta(responses))


@transaction.atomic
def rebuild_tallies() -> int:
    """Recompute every daily tally from the responses (repair; tests check it equals the incremental path)."""
    DailyTally.objects.all().delete()
    n = 0
    batch: list[Response] = []
    for r in Response.objects.select_related("survey").iterator(chunk_size=5000):
        batch.append(r)
        n += 1
        if len(batch) >= 5000:
            _write_tallies(batch)
            batch = []
    _write_tallies(batch)
    return n


@transaction.atomic
def responses_bulk_record(responses: list[Response]) -> list[Response]:
    """Paper imports and demo data: many responses at once (already validated)."""
    Response.objects.bulk_create(responses, batch_size=1000)
    _write_tallies(responses)
    return responses


@transaction.atomic
def response_review(*, response: Response, accept: bool, user: User | None) -> Response:
    """A coordinator accepts a flagged response (it then counts) or rejects it (it stays left out) — not for a unit
    they belong to, nor a paper form they typed in (the accepted responses feed the unit's satisfaction score)."""
    response = Response.objects.select_for_update().select_related("survey", "unit").get(pk=response.pk)
    if user is not None and not can_manage_unit(user, response.unit):
        raise PermissionDenied(_("Chỉ đầu mối quản lý đơn vị được xem xét phiếu nghi vấn."))
    check_no_conflict_of_interest(user, response.unit, author_id=response.entered_by_id)
    if response.status == Status.OK:
        raise ValidationError(_("Phiếu này không bị gắn cờ nghi vấn."))
    was_counted = response.counted
    response.status = Status.ACCEPTED if accept else Status.REJECTED
    response.reviewed_by = user
    response.reviewed_at = timezone.now()
    response.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    if was_counted != response.counted:
        delta = tally_delta([response], -1, was_counted)
        for key, counts in tally_delta([response], 1, response.counted).items():
            delta[key] = counts
        _apply(delta)
    return response


def origin_for(target: Target, kiosk: bool) -> str:
    if target.dossier_id:
        return Origin.DOSSIER
    return Origin.KIOSK if kiosk else Origin.QR


# --- questionnaires (versions as data) ----------------------------------------------------------------------------


def may_edit_questionnaire(user: User, owner: OrgUnit | None) -> bool:
    """A questionnaire is edited by its owner organisation's coordinators (managing the owner unit) and by
    administrators; a platform questionnaire (no owner) by administrators only."""
    from cchc.orgs.scope import scope_for

    if scope_for(user).is_admin:
        return True
    return owner is not None and can_manage_unit(user, owner)


def _family_owner(qid: str) -> OrgUnit | None:
    first = QuestionnaireVersion.objects.filter(qid=qid).select_related("owner").order_by("version").first()
    return first.owner if first is not None else None


def _check_editor(actor: User | None, owner: OrgUnit | None) -> None:
    if actor is not None and not may_edit_questionnaire(actor, owner):
        raise PermissionDenied(
            _("Chỉ đầu mối của tổ chức sở hữu mẫu phiếu hoặc quản trị viên được sửa mẫu phiếu.")
        )


def _validated(document: Any, qid: str, version: int) -> dict[str, Any]:
    from .questionnaires import parse_questionnaire

    if not isinstance(document, dict):
        raise DomainError(
            "invalid_questionnaire", gettext_lazy("Nội dung mẫu phiếu phải là một đối tượng JSON")
        )
    doc = {**document, "id": qid, "version": version}
    parse_questionnaire(doc, where=f"{qid} v{version}")
    return doc


@transaction.atomic
def questionnaire_new_version(*, source: QuestionnaireVersion, actor: User | None) -> QuestionnaireVersion:
    """A draft of the next version of ``source``'s questionnaire, starting from ``source``'s content."""
    owner = _family_owner(source.qid)
    _check_editor(actor, owner)
    # the family's rows locked (the source's at least): two new versions at once (a double click, two editors) are
    # numbered one after the other instead of the second failing on the unique (qid, version)
    list(QuestionnaireVersion.objects.select_for_update().filter(qid=source.qid).values_list("pk", flat=True))
    version = catalog_next_version(source.qid)
    return QuestionnaireVersion.objects.create(
        qid=source.qid,
        version=version,
        document={**source.document, "id": source.qid, "version": version},
        owner=owner,
        created_by=actor,
    )


@transaction.atomic
def questionnaire_copy(
    *, source: QuestionnaireVersion, qid: str, title: str, owner: OrgUnit, actor: User | None
) -> QuestionnaireVersion:
    """A new questionnaire (its version 1, a draft) of ``owner``'s organisation, starting from ``source``."""
    from .questionnaires import _KEY

    if actor is not None and not (may_edit_questionnaire(actor, owner)):
        raise PermissionDenied(_("Bạn không quản lý đơn vị sở hữu mẫu phiếu này."))
    qid = qid.strip().lower()
    if not _KEY.match(qid) or len(qid) > 64:
        raise DomainError(
            "invalid_questionnaire_id",
            gettext_lazy("Mã mẫu phiếu '%(qid)s' chỉ gồm chữ thường không dấu, số và dấu gạch dưới"),
            qid=qid,
            field="qid",
        )
    exists = DomainError(
        "questionnaire_exists", gettext_lazy("Đã có mẫu phiếu mã '%(qid)s'"), qid=qid, field="qid"
    )
    if catalog_next_version(qid) != 1:
        raise exists
    doc = {**source.document, "id": qid, "version": 1, "title": title.strip() or source.title}
    try:
        with (
            transaction.atomic()
        ):  # the same code taken by someone else meanwhile: the refusal above, not a 500
            return QuestionnaireVersion.objects.create(
                qid=qid, version=1, document=doc, owner=owner, created_by=actor
            )
    except IntegrityError as exc:
        if _violated_constraint(exc) == "surveys_questionnaire_version_unique":
            raise exists from None
        raise


def _locked_draft(draft: QuestionnaireVersion, actor: User | None) -> QuestionnaireVersion:
    row = (
        QuestionnaireVersion.objects.select_for_update(of=("self",)).select_related("owner").get(pk=draft.pk)
    )
    _check_editor(actor, row.owner)
    if row.status != QuestionnaireStatus.DRAFT:
        raise DomainError(
            "questionnaire_published",
            gettext_lazy(
                "Phiên bản %(version)s của mẫu phiếu %(qid)s đã công bố, không được sửa; hãy tạo phiên bản mới"
            ),
            qid=row.qid,
            version=row.version,
        )
    return row


@transaction.atomic
def questionnaire_update(
    *,
    draft: QuestionnaireVersion,
    document: dict[str, Any],
    actor: User | None,
    expected_version: int | None = None,
) -> QuestionnaireVersion:
    """Change a draft's content (validated as a questionnaire); a published version is refused."""
    row = _locked_draft(draft, actor)
    doc = _validated(document, row.qid, row.version)
    versioning.claim(row, expected_version)
    row.document = doc
    row.save()
    return row


@transaction.atomic
def questionnaire_publish(*, draft: QuestionnaireVersion, actor: User | None) -> QuestionnaireVersion:
    """Publish a draft: surveys may use it from now on, and it never changes again."""
    row = _locked_draft(draft, actor)
    row.document = _validated(row.document, row.qid, row.version)
    row.status = QuestionnaireStatus.PUBLISHED
    row.published_at = timezone.now()
    row.published_by = actor
    row.save()
    return row


@transaction.atomic
def questionnaire_draft_delete(*, draft: QuestionnaireVersion, actor: User | None) -> None:
    row = _locked_draft(draft, actor)
    row.delete()


def catalog_next_version(qid: str) -> int:
    from .catalog import next_version

    return next_version(qid)
