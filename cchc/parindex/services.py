"""Writes of the PAR index module: keyword-only, atomic, validated before saving; audited by the table triggers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core import versioning
from cchc.core.errors import DomainError
from cchc.core.locks import lock_fresh
from cchc.core.uploads import check_evidence_file
from cchc.orgs.models import OrgUnit, Role
from cchc.orgs.scope import check_no_conflict_of_interest, may_approve_for_unit, scope_for

from . import council, results, rules
from .framework_checks import FrameworkInvalid, framework_errors
from .loaders import read_document
from .models import (
    RECORD_KINDS,
    Adjustment,
    Assessment,
    Criterion,
    Evidence,
    Framework,
    MemberScore,
    Method,
    ResultVersion,
    Round,
    Score,
)
from .parsing import parse_framework
from .scoring import Criterion as CoreCriterion

SAMPLE_PATH = Path(__file__).resolve().parent / "data" / "sample_police_framework.json"
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
P = Round.Phase
NEXT_PHASE: dict[str, Round.Phase] = {
    P.DRAFT: P.SELF,
    P.SELF: P.ROUND1,
    P.ROUND1: P.EXPLANATION,
    P.EXPLANATION: P.ROUND2,
}


# ------------------------------------------------------------------------------------------------ frameworks


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def _date(value: Any) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value))


@transaction.atomic
def framework_import(
    *,
    document: Mapping[str, Any],
    actor: User | None = None,
    unit_kind: str = "",
    is_sample: bool | None = None,
) -> Framework:
    """A new framework version from the contract's framework document (validated by the pure core)."""
    raw = document.get("framework", document) if isinstance(document, Mapping) else document
    errors = framework_errors(raw)
    if isinstance(raw, Mapping):
        for node in _raw_nodes(raw.get("criteria")):
            method = str(node.get("method") or Method.MANUAL)
            if method not in Method.values:
                errors.append(
                    DomainError(
                        "invalid_framework",
                        gettext_lazy("Tiêu chí %(c)s: cách chấm '%(m)s' không hợp lệ (%(allowed)s)"),
                        c=node.get("code"),
                        m=method,
                        allowed=", ".join(Method.values),
                    )
                )
        if raw.get("year") in (None, ""):
            errors.append(DomainError("invalid_framework", gettext_lazy("Bộ tiêu chí thiếu năm (year)")))
        if not raw.get("bands"):
            errors.append(
                DomainError("invalid_framework", gettext_lazy("Bộ tiêu chí chưa có bảng xếp loại (bands)"))
            )
    if errors:
        raise FrameworkInvalid(errors)
    core = parse_framework(raw)  # raises DomainError with the place of the mistake
    if core.year is None:  # not reached: checked above
        raise DomainError("invalid_framework", gettext_lazy("Bộ tiêu chí thiếu năm (year)"))
    unit_kind = unit_kind or str(raw.get("unit_kind") or "")
    window = raw.get("evidence_window") or {}
    fields = {
        "name": core.name or f"Bộ tiêu chí Chỉ số CCHC năm {core.year}",
        "year": core.year,
        "unit_kind": unit_kind,
        "is_sample": bool(raw.get("sample")) if is_sample is None else is_sample,
        "description": core.description,
        "bonus_cap": core.bonus_cap,
        "penalty_points": _decimal(raw.get("penalty_points") or 2),
        "bands": [{"name": b.name, "min": str(b.min)} for b in core.bands],
        "evidence_from": _date(window.get("from")),
        "evidence_to": _date(window.get("to")),
        "created_by": actor,
    }
    fw = _new_framework_version(fields)
    position = 0

    def create(node: CoreCriterion, parent: Criterion | None, level: int) -> None:
        nonlocal position
        position += 1
        meta = node.meta
        thresholds = meta.get("thresholds")
        row = Criterion.objects.create(
            framework=fw,
            parent=parent,
            code=node.code,
            title=node.title,
            max_points=node.max,
            position=position,
            level=level,
            is_leaf=node.is_leaf,
            guidance=str(meta.get("guidance") or ""),
            evidence_required=bool(meta.get("evidence_required", True)),
            method=str(meta.get("method") or Method.MANUAL),
            thresholds=json.loads(json.dumps(thresholds, default=str)) if thresholds else None,
            rule_params=meta.get("rule_params") if isinstance(meta.get("rule_params"), dict) else None,
            survey_measured=bool(meta.get("survey_measured", False)),
        )
        for child in node.children:
            create(child, row, level + 1)

    for top in core.criteria:
        create(top, None, 0)
    return fw


def _new_framework_version(fields: dict[str, Any]) -> Framework:
    """The framework row numbered one past the highest version of its year and kind. Two imports at once (a double
    click on the sample) would take the same number: the later insert waits for the earlier one, fails on the unique
    version in its savepoint and takes the next number — no IntegrityError."""
    attempts = 3
    for attempt in range(attempts):
        latest = (
            Framework.objects.filter(year=fields["year"], unit_kind=fields["unit_kind"]).aggregate(
                v=Max("version")
            )["v"]
            or 0
        )
        try:
            with transaction.atomic():
                return Framework.objects.create(version=latest + 1, **fields)
        except IntegrityError as exc:
            if attempt == attempts - 1 or "parindex_framework_version" not in str(exc):
                raise
    raise AssertionError("not reached")


def _raw_nodes(criteria: Any) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for node in criteria if isinstance(criteria, list) else []:
        if isinstance(node, Mapping):
            out.append(node)
            out.extend(_raw_nodes(node.get("children")))
    return out


def framework_import_file(*, path: Path, actor: User | None = None, unit_kind: str = "") -> Framework:
    """Import a framework from a ``.json`` or ``.xlsx`` file (the Excel layout of :mod:`loaders`)."""
    return framework_import(document=read_document(Path(path)), actor=actor, unit_kind=unit_kind)


def sample_framework(*, year: int = 2024, actor: User | None = None) -> Framework:
    """The shipped sample for provincial police units (idempotent per year)."""
    existing = Framework.objects.filter(year=year, unit_kind="", is_sample=True).first()
    if existing:
        return existing
    doc = json.loads(SAMPLE_PATH.read_text(encoding="utf-8"), parse_float=Decimal)["framework"]
    if year != doc["year"]:
        shift = year - doc["year"]
        doc["year"] = year
        doc["name"] = doc["name"].replace(str(year - shift), str(year))
        window = doc.get("evidence_window") or {}
        for key in ("from", "to"):
            if key in window:
                d = date.fromisoformat(window[key])
                window[key] = d.replace(year=d.year + shift).isoformat()
    return framework_import(document=doc, actor=actor, unit_kind="", is_sample=True)


# ------------------------------------------------------------------------------------------------ rounds


@transaction.atomic
def round_create(
    *,
    actor: User | None,
    framework: Framework,
    owner_unit: OrgUnit,
    name: str,
    units: Iterable[OrgUnit],
    evidence_from: date,
    evidence_to: date,
    deadlines: Mapping[str, date | None] | None = None,
    council: Iterable[User] = (),
    chair: User | None = None,
    secretary: User | None = None,
    legal_basis: str = "",
) -> Round:
    if evidence_to < evidence_from:
        raise DomainError(
            "evidence_window_order",
            gettext_lazy("Ngày kết thúc thu thập tài liệu kiểm chứng phải sau ngày bắt đầu."),
        )
    units = list(units)
    if not units:
        raise DomainError("no_units", gettext_lazy("Chọn ít nhất một đơn vị được đánh giá."))
    outside = [u.code for u in units if not u.path.startswith(owner_unit.path)]
    if outside:
        raise DomainError(
            "units_outside_owner",
            gettext_lazy("Các đơn vị không thuộc đơn vị tổ chức đánh giá: %(c)s"),
            c=", ".join(outside),
        )
    rnd = Round.objects.create(
        name=name,
        framework=framework,
        owner_unit=owner_unit,
        evidence_from=evidence_from,
        evidence_to=evidence_to,
        created_by=actor,
        chair=chair,
        secretary=secretary,
        legal_basis=legal_basis.strip(),
        **{k: v for k, v in (deadlines or {}).items() if k in _DEADLINES},
    )
    rnd.council.set(list(council))
    _check_officers(rnd)
    round_set_units(round=rnd, units=units, actor=actor)
    return rnd


_DEADLINES = ("self_due", "round1_due", "explanation_due", "round2_due", "publish_due")
_ROUND_FIELDS = (
    "name",
    "evidence_from",
    "evidence_to",
    "note",
    "chair",
    "secretary",
    "legal_basis",
    *_DEADLINES,
)


@transaction.atomic
def round_update(
    *,
    rnd: Round,
    actor: User,
    data: Mapping[str, Any],
    council: Iterable[User] | None = None,
    expected_version: int | None = None,
) -> Round:
    _lock_round(rnd)  # checked and saved as it is now: a stale phase never overwrites a publication
    mine = {k: v for k, v in data.items() if k in _ROUND_FIELDS}
    if council is not None:
        mine["council"] = list(council)
    versioning.claim(rnd, expected_version, mine=mine)
    if rnd.is_frozen:
        raise DomainError("round_published", gettext_lazy("Kết quả đã công bố: không sửa được đợt đánh giá."))
    if rnd.phase == P.APPROVAL:
        raise DomainError(
            "round_awaiting_approval",
            gettext_lazy("Kết quả đang chờ lãnh đạo phê duyệt: không sửa được đợt đánh giá."),
        )
    for key in _ROUND_FIELDS:
        if key in data:
            value = data[key]
            setattr(rnd, key, (value or "").strip() if key == "legal_basis" else value)
    if rnd.evidence_to < rnd.evidence_from:
        raise DomainError(
            "evidence_window_order",
            gettext_lazy("Ngày kết thúc thu thập tài liệu kiểm chứng phải sau ngày bắt đầu."),
        )
    rnd.save()
    if council is not None:
        rnd.council.set(list(council))
    _check_officers(rnd)
    return rnd


def _check_officers(rnd: Round) -> None:
    if rnd.chair_id and not rnd.council.filter(pk=rnd.chair_id).exists():
        raise DomainError("chair_not_member", gettext_lazy("Chủ tịch phải là thành viên hội đồng."))


@transaction.atomic
def round_set_units(*, round: Round, units: Iterable[OrgUnit], actor: User | None = None) -> None:
    """Add assessments (and one score row per leaf) for units not yet in the round; only before appraisal."""
    _lock_round(round)  # two additions at once: the second sees the first's units (no IntegrityError)
    if round.phase not in (P.DRAFT, P.SELF):
        raise DomainError(
            "units_locked", gettext_lazy("Chỉ thêm đơn vị khi đợt đánh giá chưa sang thẩm định.")
        )
    leaves = list(round.framework.criteria.filter(is_leaf=True).order_by("position"))
    have = set(round.assessments.values_list("unit_id", flat=True))
    for unit in units:
        if unit.pk in have:
            continue
        assessment = Assessment.objects.create(round=round, unit=unit)
        Score.objects.bulk_create([Score(assessment=assessment, criterion=c) for c in leaves])
        refresh_computed(assessment=assessment)


def round_phase_now(assessment: Assessment) -> str:
    """The phase of the assessment's round, read with the round's row share-locked until the transaction ends (and
    put on the cached round): a change of phase (``_lock_round``, which locks it for update) waits for the writes
    made in the phase before it, and a write made while the phase changes waits for the change and then sees the
    new phase — no score, evidence or bonus lands in a phase that does not allow it. Several writes share the lock
    and run side by side. Taken before the assessment's own lock: the round first, the order its changes lock in."""
    with connection.cursor() as cur:
        cur.execute("SELECT phase FROM parindex_round WHERE id = %s FOR SHARE", [assessment.round_id])
        row = cur.fetchone()
    phase = str(row[0]) if row else ""
    if Assessment.round.is_cached(assessment):
        assessment.round.phase = phase
    return phase


def _lock_assessment(assessment: Assessment) -> None:
    """Lock the assessment's row until the transaction ends and read it again in place: two writes of one unit's
    assessment at once (a double click, a save while the head approves, two bonuses) run one after the other, the
    second checking the status, the scores and the bonus points the first left. The round's row is share-locked
    first (``round_phase_now``)."""
    round_phase_now(assessment)
    lock_fresh(assessment, keep_relations=True)


def _lock_round(rnd: Round) -> None:
    """Lock the round's row until the transaction ends and read ``rnd`` again under the lock: two changes of one
    round at once (a double click on "Phê duyệt", two leaders) run one after the other, the second seeing the phase
    the first left — a second approval is refused with a clear message, not a second version."""
    lock_fresh(rnd)


@transaction.atomic
def round_advance(*, rnd: Round, actor: User, confirm: bool = False) -> Round:
    """Move the round to its next phase (self → round 1 → explanation → round 2); publication is separate. Units
    left behind (self-assessment never submitted, appraisal not finished) are named and the change waits for the
    coordinator's confirmation (``confirm``)."""
    _lock_round(rnd)
    nxt = NEXT_PHASE.get(rnd.phase)
    if nxt is None:
        raise DomainError(
            "no_next_phase", gettext_lazy("Đợt đánh giá không thể chuyển tiếp từ giai đoạn này.")
        )
    behind = phase_change_warnings(rnd)
    if behind and not confirm:
        raise DomainError(
            "confirm_phase_change",
            gettext_lazy(
                "Chuyển sang “%(p)s” khi còn %(n)s đơn vị chưa xong: %(units)s. Xác nhận để chuyển."
            ),
            p=nxt.label,
            n=len(behind),
            units=", ".join(behind[:10]) + ("…" if len(behind) > 10 else ""),
        )
    if nxt == P.ROUND1:
        # Fresh figures for the computed criteria; survey-measured ones start round 1 at the survey's points.
        for assessment in rnd.assessments.select_related("unit", "round"):
            refresh_computed(assessment=assessment)
        Score.objects.filter(
            assessment__round=rnd,
            criterion__survey_measured=True,
            round1__isnull=True,
            computed_points__isnull=False,
        ).update(round1=F("computed_points"))
    rnd.phase = nxt
    rnd.save(update_fields=["phase", "updated_at"])
    return rnd


def phase_change_warnings(rnd: Round) -> list[str]:
    """Codes of the units not done with the current phase: no self-assessment sent (self phase), or criteria the
    council has not agreed yet (round 1)."""
    if rnd.phase == P.SELF:
        return never_submitted(rnd)
    if rnd.phase == P.ROUND1:
        return sorted(
            set(
                Score.objects.filter(assessment__round=rnd, round1__isnull=True)
                .exclude(na_requested=True, na_decision=Score.Decision.APPROVED)
                .values_list("assessment__unit__code", flat=True)
            )
        )
    return []


def never_submitted(rnd: Round) -> list[str]:
    """Codes of the units whose self-assessment never reached the council (still a draft, or awaiting the head)."""
    return list(
        rnd.assessments.filter(status__in=(Assessment.Status.DRAFT, Assessment.Status.AWAITING_HEAD))
        .order_by("unit__code")
        .values_list("unit__code", flat=True)
    )


def _publication_checks(rnd: Round, reason: str, confirm_unsubmitted: bool) -> None:
    if rnd.phase not in (P.ROUND2, P.CORRECTING):
        raise DomainError("not_appraised", gettext_lazy("Chỉ công bố sau khi thẩm định lần 2."))
    if rnd.phase == P.CORRECTING and not reason.strip():
        raise DomainError("reason_required", gettext_lazy("Nêu lý do đính chính kết quả đã công bố."))
    missing = results.unfinished_appraisals(rnd)
    if missing:
        parts = [
            f"{unit}: {', '.join(codes[:5])}{'…' if len(codes) > 5 else ''}" for unit, codes in missing[:5]
        ]
        raise DomainError(
            "appraisal_unfinished", gettext_lazy("Còn tiêu chí chưa thẩm định — %(p)s"), p="; ".join(parts)
        )
    pending = Score.objects.filter(
        assessment__round=rnd, na_requested=True, na_decision=Score.Decision.PENDING
    ).count()
    if pending:
        raise DomainError(
            "na_requests_pending", gettext_lazy("Còn %(n)s đề nghị hạ chuẩn chưa được quyết định."), n=pending
        )
    unsubmitted = never_submitted(rnd)
    if unsubmitted and not confirm_unsubmitted:
        shown = ", ".join(unsubmitted[:10]) + ("…" if len(unsubmitted) > 10 else "")
        raise DomainError(
            "confirm_unsubmitted",
            gettext_lazy(
                "%(n)s đơn vị chưa gửi tự đánh giá (%(units)s): đánh dấu xác nhận để công bố cả kết quả của các"
                " đơn vị này."
            ),
            n=len(unsubmitted),
            units=shown,
        )


def may_approve_publication(user: User, rnd: Round) -> bool:
    """The leader who signs the decision (Giám đốc): a leader over the organising unit or its head."""
    scope = scope_for(user)
    return scope.is_head_of(rnd.owner_unit) or scope.units_with(Role.LEADER, over="subtree").contains(
        rnd.owner_unit
    )


@transaction.atomic
def round_request_publication(
    *, rnd: Round, actor: User, reason: str = "", confirm_unsubmitted: bool = False
) -> Round:
    """The coordinator submits the appraised results to the leader (trình Giám đốc); scores are frozen meanwhile.
    Units that never submitted their self-assessment are included only when the coordinator confirms it."""
    _lock_round(rnd)
    scope = scope_for(actor)
    if not (scope.is_admin or scope.manage.contains(rnd.owner_unit)):
        raise PermissionDenied(_("Bạn không có quyền quản lý đợt đánh giá này."))
    _publication_checks(rnd, reason, confirm_unsubmitted)
    rnd.publish_reason = reason.strip()
    rnd.publish_requested_by = actor
    rnd.publish_requested_at = timezone.now()
    rnd.publish_return_note = ""
    rnd.phase = P.APPROVAL
    rnd.save(
        update_fields=["phase", "publish_reason", "publish_requested_by", "publish_requested_at",
                       "publish_return_note", "updated_at"]
    )  # fmt: skip
    return rnd


def _check_leader(rnd: Round, actor: User) -> None:
    if rnd.phase != P.APPROVAL:
        raise DomainError("not_requested", gettext_lazy("Kết quả chưa được trình lãnh đạo phê duyệt."))
    if not may_approve_publication(actor, rnd):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị tổ chức đánh giá phê duyệt công bố kết quả."))
    if rnd.publish_requested_by_id == actor.pk:
        raise PermissionDenied(_("Người trình không tự phê duyệt kết quả mình trình."))


@transaction.atomic
def round_publish(*, rnd: Round, actor: User) -> ResultVersion:
    """The leader approves the submitted results, which publishes them as a new frozen version."""
    _lock_round(rnd)
    _check_leader(rnd, actor)
    return _freeze_results(rnd, actor)


def _freeze_results(rnd: Round, actor: User | None) -> ResultVersion:
    """The results as a new frozen version (no workflow check: callers check the leader's approval; the demo uses it
    for past years' rounds, which were published outside the platform)."""
    was_correction = rnd.versions.exists()
    document = results.round_input_document(rnd, "appraised")
    evaluation = results.evaluate_document(document)
    number = (rnd.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ResultVersion.objects.create(
        round=rnd,
        number=number,
        published_at=timezone.now(),
        published_by=actor,
        requested_by=rnd.publish_requested_by,
        reason=rnd.publish_reason if was_correction else "",
        document=results.result_document(evaluation),
        input_document=document,
    )
    rnd.phase = P.PUBLISHED
    rnd.save(update_fields=["phase", "updated_at"])
    return version


@transaction.atomic
def round_return(*, rnd: Round, actor: User, note: str) -> Round:
    """The leader sends the results back to the council with a note; round 2 (or the correction) reopens."""
    _lock_round(rnd)
    _check_leader(rnd, actor)
    if not note.strip():
        raise DomainError("note_required", gettext_lazy("Nêu ý kiến khi trả lại."))
    rnd.phase = P.CORRECTING if rnd.versions.exists() else P.ROUND2
    rnd.publish_return_note = note.strip()
    rnd.save(update_fields=["phase", "publish_return_note", "updated_at"])
    return rnd


@transaction.atomic
def round_reopen(*, rnd: Round, actor: User, reason: str) -> Round:
    """Open a published round for a correction (round-2 scores, bonus, penalties); republishing adds a version."""
    _lock_round(rnd)
    if rnd.phase != P.PUBLISHED:
        raise DomainError("not_published", gettext_lazy("Chỉ đính chính đợt đã công bố."))
    if not reason.strip():
        raise DomainError("reason_required", gettext_lazy("Nêu lý do đính chính."))
    rnd.phase = P.CORRECTING
    rnd.note = (rnd.note + "\n" if rnd.note else "") + _("Đính chính: %(r)s") % {"r": reason.strip()}
    rnd.save(update_fields=["phase", "note", "updated_at"])
    return rnd


# ------------------------------------------------------------------------------------------------ unit side


def _vn_points(value: Decimal) -> str:
    """1.00 → "1"; 2.50 → "2,5" (as the UI writes points)."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def parse_points(value: Any, criterion: Criterion, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            _("Tiêu chí %(c)s: %(l)s '%(v)s' không phải là số.")
            % {"c": criterion.code, "l": label, "v": value}
        ) from None
    if not points.is_finite() or points < 0 or points > criterion.max_points:
        raise ValidationError(
            _("Tiêu chí %(c)s: %(l)s phải trong khoảng 0–%(m)s.")
            % {"c": criterion.code, "l": label, "m": _vn_points(criterion.max_points)}
        )
    if points != points.quantize(Decimal("0.01")):
        raise ValidationError(
            _("Tiêu chí %(c)s: điểm lấy tối đa 2 chữ số thập phân.") % {"c": criterion.code}
        )
    return points


def _scores_by_code(assessment: Assessment) -> dict[str, Score]:
    return {s.criterion.code: s for s in assessment.scores.select_related("criterion")}


# The grid's entry keys by Score column, for naming what someone else changed beside what this user typed.
SELF_KEYS = {"self_score": "self", "self_note": "note", "no_evidence_note": "no_evidence_note",
             "na_requested": "na", "na_reason": "na_reason"}  # fmt: skip


def _claim_grid(
    assessment: Assessment,
    expected_version: int | None,
    entries: Mapping[str, Any],
    keys: Mapping[str, str],
    summary: str | None = None,
) -> None:
    """One version for the whole score grid of an assessment (and its summary): a save on a stale copy raises
    ``StaleEdit`` naming the cells changed since, each with its value now and the one typed."""
    scores: dict[str, Score] = {}

    def describe(pk: str, column: str) -> tuple[str, str, str | None] | None:
        score = scores.get(pk)
        if score is None or column.endswith("_by_id") or column.startswith("computed_"):
            return None
        f = Score._meta.get_field(column)
        entry = entries.get(score.criterion.code)
        typed = None
        if isinstance(entry, Mapping) and keys.get(column) in entry:
            typed = entry[keys[column]]
        elif isinstance(entry, str) and keys.get(column) == "":
            typed = entry
        label = f"{score.criterion.code} — {getattr(f, 'verbose_name', column)}"
        theirs = versioning.show(f, getattr(score, f.name))
        return label, theirs, None if typed is None else versioning.show(f, typed)

    def children(
        since: datetime | None,
    ) -> list[versioning.Change]:  # only on a refusal: the cells as they are now
        scores.update({str(s.pk): s for s in assessment.scores.select_related("criterion")})
        return versioning.child_changes("parindex_score", scores, since, describe)

    mine = {"summary": summary} if summary is not None else {}
    versioning.claim(assessment, expected_version, mine=mine, children=children, save=summary is None)
    if summary is not None:
        assessment.summary = summary
        assessment.save(update_fields=["summary", "updated_at", versioning.FIELD])


@transaction.atomic
def self_assessment_save(
    *,
    assessment: Assessment,
    actor: User,
    entries: Mapping[str, Mapping[str, Any]],
    summary: str | None = None,
    expected_version: int | None = None,
) -> int:
    """Save the unit's own scores: ``{code: {"self", "note", "no_evidence_note", "na", "na_reason"}}`` (and the
    summary, when given). ``expected_version``: the grid's version the page was loaded with."""
    _lock_assessment(assessment)
    _require_phase(assessment, (P.SELF,))
    if assessment.status != Assessment.Status.DRAFT:
        raise DomainError("assessment_submitted", gettext_lazy("Bản tự đánh giá đã trình; không sửa được."))
    check_self_deadline(assessment)
    _claim_grid(assessment, expected_version, entries, SELF_KEYS, summary)
    scores = _scores_by_code(assessment)
    changed = 0
    errors: list[str] = []  # every bad cell is reported at once; then nothing is saved
    for code, entry in entries.items():
        try:
            changed += _self_entry_save(scores, code, entry)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return changed


def _self_entry_save(scores: Mapping[str, Score], code: str, entry: Mapping[str, Any]) -> int:
    """One criterion of the unit's grid; raises ValidationError for a bad cell."""
    score = scores.get(code)
    if score is None:
        raise ValidationError(_("Không có tiêu chí %(c)s.") % {"c": code})
    crit = score.criterion
    if "self" in entry:
        value = parse_points(entry["self"], crit, _("điểm tự chấm"))
        if value is not None and crit.survey_measured:
            raise ValidationError(
                _("Tiêu chí %(c)s đo bằng khảo sát, đơn vị không tự chấm.") % {"c": crit.code}
            )
        score.self_score = value
    for key, attr in (
        ("note", "self_note"),
        ("no_evidence_note", "no_evidence_note"),
        ("na_reason", "na_reason"),
    ):
        if key in entry:
            setattr(score, attr, str(entry[key] or "").strip())
    if "na" in entry:
        score.na_requested = bool(entry["na"])
    if score.na_requested and not score.na_reason:
        raise ValidationError(_("Tiêu chí %(c)s: nêu lý do đề nghị hạ chuẩn.") % {"c": crit.code})
    score.save()
    return 1


def self_assessment_problems(assessment: Assessment) -> list[str]:
    """What stops the submission: missing self scores, evidence neither attached nor explained, criteria handed to
    departments that have not sent them yet."""
    from .assignments import unsent

    problems = [
        _("Tiêu chí %(c)s giao %(u)s chưa được gửi.") % {"c": a.criterion.code, "u": a.unit.code}
        for a in unsent(assessment)
    ]
    with_evidence = set(
        assessment.evidence.filter(stage=Evidence.Stage.SELF).values_list("criterion_id", flat=True)
    )
    for s in assessment.scores.select_related("criterion").order_by("criterion__position"):
        c = s.criterion
        if s.na_requested:
            continue
        if c.survey_measured:
            continue
        if s.self_score is None:
            problems.append(_("Tiêu chí %(c)s chưa có điểm tự chấm.") % {"c": c.code})
        if c.evidence_required and c.pk not in with_evidence and not s.no_evidence_note:
            problems.append(
                _("Tiêu chí %(c)s chưa có tài liệu kiểm chứng hoặc giải trình vì sao không có.")
                % {"c": c.code}
            )
    return problems


@transaction.atomic
def self_assessment_submit(*, assessment: Assessment, actor: User) -> Assessment:
    """Staff send the self-assessment to the head; a head's own submission is also the approval. Only a head of
    the unit itself: anyone else (an administrator, a coordinator entering the subtree's data) sends it for the
    head's sign-off, which they may not give to what they submitted (as in reports and plans)."""
    _lock_assessment(assessment)
    _require_phase(assessment, (P.SELF,))
    if assessment.status != Assessment.Status.DRAFT:
        raise DomainError("assessment_submitted", gettext_lazy("Bản tự đánh giá đã được trình."))
    check_self_deadline(assessment)
    problems = self_assessment_problems(assessment)
    if problems:
        raise DomainError(
            "assessment_incomplete",
            gettext_lazy("Bản tự đánh giá chưa trình được: %(problems)s"),
            problems=" ".join(problems),
        )
    assessment.submitted_by = actor
    assessment.submitted_at = timezone.now()
    due = assessment.round.self_due
    assessment.late = bool(due and timezone.localdate() > due)
    if scope_for(actor).is_head_of(assessment.unit):
        assessment.status = Assessment.Status.SUBMITTED
        assessment.approved_by = actor
        assessment.approved_at = timezone.now()
    else:
        assessment.status = Assessment.Status.AWAITING_HEAD
    assessment.save()
    return assessment


def self_deadline_passed(assessment: Assessment) -> bool:
    """Past the round's self-assessment deadline, and not reopened for the unit until today or later."""
    due = assessment.round.self_due
    today = timezone.localdate()
    if due is None or today <= due:
        return False
    return not (assessment.reopened_until and today <= assessment.reopened_until)


def check_self_deadline(assessment: Assessment) -> None:
    if self_deadline_passed(assessment):
        raise DomainError(
            "self_deadline_passed",
            gettext_lazy(
                "Đã quá hạn tự đánh giá (%(due)s). Đề nghị cán bộ đầu mối mở lại để tiếp tục; bản trình sau hạn"
                " được ghi nhận là trình muộn."
            ),
            due=f"{assessment.round.self_due:%d/%m/%Y}",
        )


@transaction.atomic
def self_assessment_reopen(*, assessment: Assessment, actor: User, until: date) -> Assessment:
    """The coordinator managing the round lets a unit finish its self-assessment after the deadline, until ``until``
    (inclusive); a submission then is marked late."""
    scope = scope_for(actor)
    if not (scope.is_admin or scope.manage.contains(assessment.round.owner_unit)):
        raise PermissionDenied(_("Chỉ cán bộ đầu mối quản lý đợt đánh giá mở lại tự đánh giá."))
    _require_phase(assessment, (P.SELF,))
    if until < timezone.localdate():
        raise DomainError(
            "date_in_past", gettext_lazy("Ngày mở lại %(d)s đã qua."), field="until", d=f"{until:%d/%m/%Y}"
        )
    assessment.reopened_until = until
    assessment.save(update_fields=["reopened_until", "updated_at"])
    return assessment


@transaction.atomic
def self_assessment_approve(*, assessment: Assessment, actor: User, approve: bool = True) -> Assessment:
    """The unit head approves (sends to the council) or returns the self-assessment; while the unit has no head
    account, a coordinator managing it does. Whoever submitted it never approves it."""
    _lock_assessment(assessment)
    _require_phase(assessment, (P.SELF,))
    if not may_approve_for_unit(actor, assessment.unit):
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị duyệt bản tự đánh giá."))
    check_no_conflict_of_interest(actor, assessment.unit, author_id=assessment.submitted_by_id, outgoing=True)
    if assessment.status != Assessment.Status.AWAITING_HEAD:
        raise DomainError(
            "assessment_not_pending", gettext_lazy("Bản tự đánh giá không ở trạng thái chờ duyệt.")
        )
    if approve:
        assessment.status = Assessment.Status.SUBMITTED
        assessment.approved_by = actor
        assessment.approved_at = timezone.now()
    else:
        assessment.status = Assessment.Status.DRAFT
    assessment.save()
    return assessment


@transaction.atomic
def evidence_add(
    *,
    assessment: Assessment,
    criterion: Criterion,
    actor: User,
    title: str = "",
    upload: UploadedFile[bytes] | None = None,
    url: str = "",
    record_kind: str = "",
    record_id: str = "",
    stage: str = Evidence.Stage.SELF,
    doc_number: str = "",
    doc_date: date | None = None,
) -> Evidence:
    """Attach a file (pdf, doc(x), xls(x), images; ≤ 20 MB), a link, or a platform record to a criterion; the
    document's number and date, when given, are kept, and the date must fall inside the round's evidence window
    (e.g. 15/9/2023–14/9/2024). A linked plan or report must exist and be visible to the person linking it."""
    by_stage: dict[str, tuple[str, ...]] = {
        Evidence.Stage.SELF: (P.SELF,),
        Evidence.Stage.EXPLANATION: (P.EXPLANATION,),
    }
    phases = by_stage[stage]
    _lock_assessment(assessment)
    _require_phase(assessment, phases)
    if stage == Evidence.Stage.SELF and assessment.status != Assessment.Status.DRAFT:
        raise DomainError(
            "assessment_submitted", gettext_lazy("Bản tự đánh giá đã trình; không thêm tài liệu được.")
        )
    if criterion.framework_id != assessment.round.framework_id or not criterion.is_leaf:
        raise DomainError(
            "criterion_outside_framework", gettext_lazy("Tiêu chí không thuộc bộ tiêu chí của đợt đánh giá.")
        )
    url = url.strip()
    record_kind = record_kind.strip()
    if sum(bool(x) for x in (upload, url, record_kind)) != 1:
        raise DomainError("evidence_kind", gettext_lazy("Chọn một: tệp, đường dẫn hoặc hồ sơ trên hệ thống."))
    rnd = assessment.round
    if doc_date is not None and not (rnd.evidence_from <= doc_date <= rnd.evidence_to):
        raise DomainError(
            "evidence_outside_window",
            gettext_lazy(
                "Văn bản ngày %(d)s nằm ngoài thời gian thu thập tài liệu kiểm chứng (%(start)s – %(end)s)."
            ),
            field="doc_date",
            d=f"{doc_date:%d/%m/%Y}",
            start=f"{rnd.evidence_from:%d/%m/%Y}",
            end=f"{rnd.evidence_to:%d/%m/%Y}",
        )
    evidence = Evidence(
        assessment=assessment, criterion=criterion, stage=stage, added_by=actor, title=title.strip()[:500],
        doc_number=" ".join(doc_number.split())[:100], doc_date=doc_date,
    )  # fmt: skip
    if upload is not None:
        name = Path(upload.name or "").name  # an uploaded file always has a name and a size
        check_evidence_file(upload, max_bytes=EVIDENCE_MAX_BYTES)
        evidence.title = evidence.title or name
        evidence.size = upload.size or 0
        evidence.file.save(name, upload, save=False)
    elif url:
        if not (url.startswith(("https://", "http://", "/"))):
            raise DomainError(
                "evidence_url",
                gettext_lazy("Đường dẫn phải bắt đầu bằng http(s):// hoặc / (trang trên hệ thống)."),
            )
        evidence.url = url
        evidence.title = evidence.title or url
    else:
        if record_kind not in RECORD_KINDS or not record_id.strip():
            raise DomainError(
                "evidence_record", gettext_lazy("Chọn loại hồ sơ và nhập mã hồ sơ trên hệ thống.")
            )
        _check_record(actor, record_kind, record_id.strip())
        evidence.record_kind = record_kind
        evidence.record_id = record_id.strip()[:64]
        evidence.title = evidence.title or f"{RECORD_KINDS[record_kind]} {evidence.record_id}"
    evidence.save()
    return evidence


def _check_record(actor: User, kind: str, record_id: str) -> None:
    """A linked plan or report exists and the person linking it may see it (else it is refused as not found)."""
    from django.http import Http404

    if kind not in ("plan", "report"):
        return
    found = False
    if record_id.isdigit():
        try:
            if kind == "plan":
                from cchc.plans.access import get_plan_for_user

                get_plan_for_user(actor, int(record_id))
            else:
                from cchc.reports.selectors import get_submission_for_user

                get_submission_for_user(actor, int(record_id))
            found = True
        except (Http404, PermissionDenied):
            found = False
    if not found:
        raise DomainError(
            "record_not_found",
            gettext_lazy("Không tìm thấy %(kind)s số %(id)s trên hệ thống."),
            field="record_id",
            kind=str(RECORD_KINDS[kind]).lower(),
            id=record_id,
        )


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: User) -> None:
    assessment = evidence.assessment
    _lock_assessment(assessment)
    phase = P.SELF if evidence.stage == Evidence.Stage.SELF else P.EXPLANATION
    _require_phase(assessment, (phase,))
    if evidence.stage == Evidence.Stage.SELF and assessment.status != Assessment.Status.DRAFT:
        raise DomainError(
            "assessment_submitted", gettext_lazy("Bản tự đánh giá đã trình; không xóa tài liệu được.")
        )
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()


@transaction.atomic
def explanation_save(
    *,
    assessment: Assessment,
    actor: User,
    entries: Mapping[str, str],
    submit: bool = False,
    expected_version: int | None = None,
) -> None:
    """The unit answers the round-1 comments (giải trình), criterion by criterion."""
    _lock_assessment(assessment)
    _require_phase(assessment, (P.EXPLANATION,))
    if assessment.status == Assessment.Status.EXPLAINED:
        raise DomainError("already_explained", gettext_lazy("Đơn vị đã gửi giải trình."))
    _claim_grid(assessment, expected_version, entries, {"response": ""})
    scores = _scores_by_code(assessment)
    for code, text in entries.items():
        score = scores.get(code)
        if score is None:
            raise ValidationError(_("Không có tiêu chí %(c)s.") % {"c": code})
        score.response = str(text or "").strip()
        score.save(update_fields=["response", "updated_at"])
    if submit:
        assessment.status = Assessment.Status.EXPLAINED
        assessment.explained_at = timezone.now()
        assessment.save(update_fields=["status", "explained_at", "updated_at", versioning.FIELD])


# ------------------------------------------------------------------------------------------------ appraisal


@transaction.atomic
def appraisal_save(
    *,
    assessment: Assessment,
    actor: User,
    round_no: int,
    entries: Mapping[str, Mapping[str, Any]],
    expected_version: int | None = None,
) -> int:
    """Council scores: ``{code: {"score", "comment", "na_decision"}}`` for round 1 or round 2. Nobody scores a
    unit they belong to, nor the self-assessment they submitted. These are the council's agreed scores: set by the
    chair or the secretary seeing every member's own score (a council of one: its member)."""
    council.check_agree(assessment, actor)
    if round_no == 1:
        _require_phase(assessment, (P.ROUND1,))
    elif round_no == 2:
        _require_phase(assessment, (P.ROUND2, P.CORRECTING))
    else:
        raise DomainError("bad_round_no", gettext_lazy("Lần thẩm định không hợp lệ."))
    keys = {f"round{round_no}": "score", f"round{round_no}_comment": "comment", "na_decision": "na_decision"}
    _claim_grid(assessment, expected_version, entries, keys)
    scores = _scores_by_code(assessment)
    label = _("điểm thẩm định lần %(n)s") % {"n": round_no}
    changed = 0
    errors: list[str] = []  # every bad cell is reported at once; then nothing is saved
    for code, entry in entries.items():
        score = scores.get(code)
        if score is None:
            raise ValidationError(_("Không có tiêu chí %(c)s.") % {"c": code})
        try:
            value = parse_points(entry.get("score"), score.criterion, label)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        comment = str(entry.get("comment") or "").strip()
        before = (
            getattr(score, f"round{round_no}"),
            getattr(score, f"round{round_no}_comment"),
            score.na_decision,
        )
        setattr(score, f"round{round_no}", value)
        setattr(score, f"round{round_no}_comment", comment)
        if "na_decision" in entry and score.na_requested:
            decision = entry["na_decision"] or ""
            if decision not in Score.Decision.values:
                raise ValidationError(_("Quyết định hạ chuẩn không hợp lệ."))
            score.na_decision = decision
        if before != (value, comment, score.na_decision):
            setattr(score, f"round{round_no}_by", actor)
            score.save()
            changed += 1
        if council.agrees_alone(assessment.round):  # the sole member's own score is the agreed one
            MemberScore.objects.update_or_create(
                score=score, member=actor, round_no=round_no, defaults={"points": value, "comment": comment}
            )
    if errors:
        raise ValidationError(errors)
    return changed


@transaction.atomic
def adjustment_add(
    *, assessment: Assessment, actor: User, kind: str, reason: str, points: Any = None, faults: Any = None
) -> Adjustment:
    """Bonus (điểm thưởng) or penalty (điểm phạt), bounded by the framework: the unit's bonus entries together stay
    within ``bonus_cap``; a penalty counts faults (lỗi), each worth the framework's ``penalty_points`` — typed
    points must be a whole number of faults. Given by the council's chair or secretary, never to their own unit."""
    _lock_assessment(assessment)  # two bonuses at once stay within the cap together
    council.check_agree(assessment, actor)
    _require_phase(assessment, (P.ROUND1, P.ROUND2, P.CORRECTING))
    if kind not in Adjustment.Kind.values:
        raise DomainError("bad_adjustment_kind", gettext_lazy("Loại điểm không hợp lệ."))
    if not reason.strip():
        raise DomainError("reason_required", gettext_lazy("Nêu lý do cộng/trừ điểm."), field="reason")
    fw = assessment.round.framework
    if kind == Adjustment.Kind.PENALTY:
        value = _penalty_points(points, faults, fw.penalty_points)
    else:
        value = _positive_points(points)
        given = sum((a.points for a in assessment.adjustments.filter(kind=Adjustment.Kind.BONUS)), Decimal(0))
        if given + value > fw.bonus_cap:
            raise DomainError(
                "bonus_over_cap",
                gettext_lazy(
                    "Điểm thưởng cộng tối đa %(cap)s điểm; đơn vị đã được %(given)s điểm, chỉ cộng thêm được"
                    " %(left)s điểm."
                ),
                field="points",
                cap=_vn_points(fw.bonus_cap),
                given=_vn_points(given),
                left=_vn_points(max(fw.bonus_cap - given, Decimal(0))),
            )
    return Adjustment.objects.create(
        assessment=assessment, kind=kind, points=value, reason=reason.strip(), added_by=actor
    )


def _positive_points(points: Any) -> Decimal:
    try:
        value = Decimal(str(points).strip().replace(",", "."))
    except InvalidOperation:
        raise DomainError(
            "not_a_number", gettext_lazy("Điểm '%(v)s' không phải là số."), field="points", v=points
        ) from None
    if not value.is_finite() or value <= 0 or value > 100 or value != value.quantize(Decimal("0.01")):
        raise DomainError(
            "bad_points",
            gettext_lazy("Điểm thưởng/phạt phải lớn hơn 0, tối đa 2 chữ số thập phân."),
            field="points",
        )
    return value


def _penalty_points(points: Any, faults: Any, per_fault: Decimal) -> Decimal:
    """``faults`` × the framework's points per fault; typed ``points`` must be such a multiple."""
    if faults not in (None, ""):
        try:
            n = int(str(faults).strip())
        except ValueError:
            n = 0
        if n < 1 or n > 50:
            raise DomainError(
                "bad_faults", gettext_lazy("Số lỗi phải là số nguyên từ 1 đến 50."), field="faults"
            )
        return per_fault * n
    value = _positive_points(points)
    if per_fault <= 0 or value % per_fault != 0:
        raise DomainError(
            "penalty_not_per_fault",
            gettext_lazy("Điểm phạt tính theo lỗi: mỗi lỗi trừ %(per)s điểm (nhập %(v)s)."),
            field="points",
            per=_vn_points(per_fault),
            v=_vn_points(value),
        )
    return value


@transaction.atomic
def adjustment_remove(*, adjustment: Adjustment, actor: User) -> None:
    council.check_agree(adjustment.assessment, actor)
    _require_phase(adjustment.assessment, (P.ROUND1, P.ROUND2, P.CORRECTING))
    adjustment.delete()


# ------------------------------------------------------------------------------------------------ computed


@transaction.atomic
def refresh_computed(*, assessment: Assessment) -> int:
    """Run the rules of computed criteria; pre-fill an empty self score with the suggestion (not for surveys)."""
    rnd = assessment.round
    updated = 0
    for score in assessment.scores.select_related("criterion").exclude(criterion__method=Method.MANUAL):
        c = score.criterion
        result = rules.evaluate_rule(
            c.method,
            assessment.unit,
            rnd.evidence_from,
            rnd.evidence_to,
            c.thresholds,
            c.max_points,
            c.rule_params,
        )
        score.computed_points = result.points
        score.computed_detail = result.detail
        score.computed_url = result.records_url
        if (
            result.has_data
            and score.self_score is None
            and not c.survey_measured
            and rnd.phase in (P.DRAFT, P.SELF)
        ):
            score.self_score = result.points
        score.save()
        updated += 1
    return updated


def _require_phase(assessment: Assessment, phases: tuple[str, ...]) -> None:
    phase = round_phase_now(assessment)
    if phase not in phases:
        raise DomainError(
            "wrong_phase",
            gettext_lazy("Đợt đánh giá đang ở giai đoạn “%(p)s”; thao tác này không thực hiện được."),
            p=Round.Phase(phase).label,
        )
