"""Writes of the reports module: cycles and periods, unit submissions and their workflow, the synthesis."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core import versioning
from cchc.core.errors import DomainError
from cchc.orgs.models import OrgUnit, Role, UnitGroup
from cchc.orgs.scope import (
    approves_as_coordinator,
    can_enter_data,
    can_manage_unit,
    check_no_conflict_of_interest,
    has_conflict_of_interest,
    may_approve_for_unit,
    members_with,
    scope_for,
    valid_on_q,
)
from cchc.orgs.selectors import group_members
from cchc.workdays.notices import default_calendar

from . import clock
from .models import (
    COUNTED,
    EDITABLE,
    ReportDocument,
    ReportingCycle,
    ReportPeriod,
    ReportTemplate,
    Status,
    Submission,
    SubmissionEvent,
    Synthesis,
)
from .outline import Outline, bundled_outlines, parse_number
from .periods import Preset, get_preset, last_safe_day, periods_for_year, presets_from_dict

CUSTOM_PRESET = "custom"


# ---------------------------------------------------------------- templates


def template_current(code: str) -> ReportTemplate:
    """The stored version of a bundled outline (created on first use; a new version in the data file adds a row)."""
    outlines = bundled_outlines()
    if code not in outlines:
        raise ValidationError(_("Không có mẫu báo cáo %(c)s.") % {"c": code})
    outline = outlines[code]
    template, _created = ReportTemplate.objects.get_or_create(
        code=code, version=outline.version, defaults={"name": outline.name, "definition": outline.as_dict()}
    )
    return template


# ---------------------------------------------------------------- cycles and periods


def custom_rules_doc(kinds_due: dict[str, int]) -> dict[str, Any]:
    """A coordinator's own rule set in the preset format: the chosen kinds, each due on day D of its last month."""
    import json

    from .periods import PRESETS_PATH

    kinds = json.loads(PRESETS_PATH.read_text(encoding="utf-8"))["kinds"]
    return {
        "kinds": kinds,
        "presets": {
            CUSTOM_PRESET: {
                "name": _("Quy tắc riêng của đơn vị"),
                "periods": [{"kind": k, "due": {"day": int(d)}} for k, d in kinds_due.items()],
            }
        },
    }


def cycle_preset(cycle: ReportingCycle) -> Preset:
    if cycle.preset == CUSTOM_PRESET:
        return presets_from_dict(cycle.custom_rules or {}, where=_("quy tắc riêng"))[CUSTOM_PRESET]
    return get_preset(cycle.preset)


def expected_units(cycle: ReportingCycle, on: date | None = None) -> list[OrgUnit]:
    """The units that must report on a day (a period's due date): the group's members, every unit of the chosen
    subtree (to the chosen depth) and the explicit list — all valid that day, inside the collecting office's
    subtree, the office itself excluded. A unit created, moved in or added to the group later is expected in the
    periods due after that (see :func:`cycle_sync_units`)."""
    on = on or timezone.localdate()
    office = cycle.office
    units: dict[int, OrgUnit] = {}
    if cycle.group is not None:
        for u in group_members(cycle.group, on=on):
            units[u.pk] = u
    if cycle.subtree_root is not None:
        root = cycle.subtree_root
        qs = OrgUnit.objects.filter(path__startswith=root.path).exclude(pk=root.pk).filter(valid_on_q(on))
        if cycle.subtree_depth:
            qs = qs.filter(depth__lte=root.depth + cycle.subtree_depth)
        for u in qs:
            units[u.pk] = u
    for u in cycle.units.filter(valid_on_q(on)):
        units[u.pk] = u
    units.pop(cycle.office_id, None)
    return sorted((u for u in units.values() if u.path.startswith(office.path)), key=lambda u: u.path)


@transaction.atomic
def cycle_create(
    *,
    office: OrgUnit,
    name: str,
    year: int,
    preset: str,
    template_code: str,
    actor: User | None = None,
    group: UnitGroup | None = None,
    units: list[OrgUnit] | tuple[OrgUnit, ...] = (),
    custom_rules: dict[str, Any] | None = None,
    subtree_root: OrgUnit | None = None,
    subtree_depth: int | None = None,
) -> ReportingCycle:
    if actor is not None and not can_manage_unit(actor, office):
        raise PermissionDenied(_("Bạn không quản lý đơn vị này."))
    if group is None and not units and subtree_root is None:
        raise ValidationError(_("Chọn nhóm đơn vị, một cây đơn vị hoặc các đơn vị phải báo cáo."))
    if subtree_root is not None and not subtree_root.path.startswith(office.path):
        raise ValidationError(
            _("Đơn vị %(u)s không thuộc %(o)s.") % {"u": subtree_root.name, "o": office.name}
        )
    for u in units:
        if not u.path.startswith(office.path) or u.pk == office.pk:
            raise ValidationError(_("Đơn vị %(u)s không thuộc %(o)s.") % {"u": u.name, "o": office.name})
    cycle = ReportingCycle(
        office=office,
        name=name.strip() or f"{office.name} — {year}",
        year=year,
        preset=preset,
        custom_rules=custom_rules if preset == CUSTOM_PRESET else None,
        template=template_current(template_code),
        group=group,
        subtree_root=subtree_root,
        subtree_depth=subtree_depth or None,
        created_by=actor,
    )
    try:
        periods_for_year(cycle_preset(cycle), year)
    except DomainError as exc:
        raise ValidationError(str(exc)) from None
    cycle.save()
    if units:
        cycle.units.set(units)
    periods_generate(cycle=cycle)
    return cycle


def _add_submissions(period: ReportPeriod, units: list[OrgUnit]) -> None:
    Submission.objects.bulk_create(
        [Submission(period=period, unit=u, template_id=period.cycle.template_id) for u in units],
        ignore_conflicts=True,
    )


@transaction.atomic
def periods_generate(*, cycle: ReportingCycle) -> list[ReportPeriod]:
    """The cycle's periods from its preset (existing ones kept), each with one submission per expected unit."""
    calendar = default_calendar()
    out = []
    for p in periods_for_year(cycle_preset(cycle), cycle.year):
        period, _created = ReportPeriod.objects.get_or_create(
            cycle=cycle,
            kind=p.kind,
            defaults=dict(
                title=p.title,
                data_from=p.data_from,
                data_to=p.data_to,
                due=p.due,
                last_safe_day=last_safe_day(p.due, calendar),
            ),
        )
        _add_submissions(period, expected_units(cycle, on=p.due))
        out.append(period)
    return out


@transaction.atomic
def cycle_sync_units(*, cycle: ReportingCycle, today: date | None = None) -> dict[str, int]:
    """Bring the periods not yet due up to the cycle's rule: a unit now expected gets its report to write; an
    untouched report (not started, no event) of a unit no longer expected goes. Periods already due stay as they
    were: a unit cannot be late for a period that closed before it had to report."""
    today = today or timezone.localdate()
    added = removed = 0
    for period in cycle.periods.filter(due__gte=today):
        expected = {u.pk: u for u in expected_units(cycle, on=period.due)}
        have = set(period.submissions.values_list("unit_id", flat=True))
        missing = [u for pk, u in expected.items() if pk not in have]
        _add_submissions(period, missing)
        added += len(missing)
        gone = period.submissions.filter(status=Status.NOT_STARTED, events__isnull=True).exclude(
            unit_id__in=list(expected)
        )
        # Locked, and read again under the lock: a report the unit starts writing at this moment (its first save
        # holds the row) is seen as a draft once that save is in, and kept — never deleted with what it typed.
        ids = list(gone.select_for_update(of=("self",)).values_list("pk", flat=True))
        removed += len(ids)
        Submission.objects.filter(pk__in=ids).delete()
    return {"added": added, "removed": removed}


@transaction.atomic
def adhoc_create(
    *,
    cycle: ReportingCycle,
    title: str,
    content: str,
    data_from: date,
    data_to: date,
    due: date,
    actor: User | None = None,
) -> ReportPeriod:
    """A báo cáo đột xuất: its own title, requested content, data window and due date."""
    if actor is not None and not can_manage_unit(actor, cycle.office):
        raise PermissionDenied(_("Bạn không quản lý đơn vị này."))
    if not title.strip():
        raise ValidationError(_("Nhập tên báo cáo."))
    if data_to < data_from:
        raise ValidationError(_("Ngày cuối của số liệu phải sau ngày đầu."))
    period = ReportPeriod.objects.create(
        cycle=cycle,
        kind=ReportPeriod.ADHOC,
        title=title.strip(),
        content=content.strip(),
        data_from=data_from,
        data_to=data_to,
        due=due,
        last_safe_day=last_safe_day(due, default_calendar()),
    )
    _add_submissions(period, expected_units(cycle, on=due))
    return period


# ---------------------------------------------------------------- submissions


def is_head_of(user: User, unit: OrgUnit) -> bool:
    """A head of ``unit`` itself, or an administrator."""
    scope = scope_for(user)
    return scope.is_admin or scope.is_head_of(unit)


def can_approve(user: User, submission: Submission) -> bool:
    """The unit's sign-off: its head (or, while it has no head account, a coordinator managing it), never the
    person who sent the report."""
    return may_approve_for_unit(user, submission.unit) and not has_conflict_of_interest(
        user, submission.unit, author_id=submission.submitted_by_id, outgoing=True
    )


def can_review(user: User, submission: Submission) -> bool:
    """Accept or return: the collecting office's coordinator, unless they sent the report or belong to its unit."""
    return can_manage_unit(user, submission.period.cycle.office) and not has_conflict_of_interest(
        user, submission.unit, author_id=submission.submitted_by_id
    )


def _event(submission: Submission, action: str, actor: User, comment: str = "") -> None:
    SubmissionEvent.objects.create(
        submission=submission, action=action, actor=actor, at=clock.now(), comment=comment
    )


@transaction.atomic
def submission_save(
    *,
    submission: Submission,
    actor: User | None,
    narratives: dict[str, str] | None = None,
    numbers: dict[str, str] | None = None,
    overrides: dict[str, dict[str, str]] | None = None,
    expected_version: int | None = None,
) -> Submission:
    """Save what was typed, as typed (a draft keeps even an unreadable number; submitting checks it).

    Only the keys given change; an empty override value removes the override. ``expected_version``: the version
    the page was loaded with; a save on a stale copy raises ``StaleEdit`` (nothing is written).
    """
    submission = Submission.objects.select_for_update().select_related("template").get(pk=submission.pk)
    if actor is not None and not can_enter_data(actor, submission.unit):
        raise PermissionDenied(_("Bạn không có quyền nhập liệu cho đơn vị này."))
    versioning.claim(
        submission,
        expected_version,
        mine={"narratives": narratives or {}, "numbers": numbers or {}, "overrides": overrides or {}},
        key_labels=_key_labels(submission.template.outline),
    )
    if submission.status not in EDITABLE:
        raise ValidationError(_("Báo cáo đã gửi hoặc đã được tiếp nhận; không sửa được."))
    outline = submission.template.outline
    narrative_keys = {f.key for f in outline.narrative_fields}
    number_fields = {f.key: f for f in outline.number_fields}
    for key, text in (narratives or {}).items():
        if key in narrative_keys:
            submission.narratives[key] = str(text)
    for key, text in (numbers or {}).items():
        if key in number_fields and not number_fields[key].source:
            submission.numbers[key] = str(text).strip()
    for key, ov in (overrides or {}).items():
        if key not in number_fields or not number_fields[key].source:
            continue
        value, note = str(ov.get("value", "")).strip(), str(ov.get("note", "")).strip()
        if value or note:
            submission.overrides[key] = {"value": value, "note": note}
        else:
            submission.overrides.pop(key, None)
    if submission.status == Status.NOT_STARTED:
        submission.status = Status.DRAFT
    submission.saved_at = clock.now()
    submission.save()
    return submission


def _key_labels(outline: Outline) -> dict[str, dict[str, str]]:
    """How a refused stale save names the keys of the JSON fields: by the outline's labels."""
    numbers = {f.key: f.label for f in outline.number_fields}
    return {
        "narratives": {f.key: f.label for f in outline.narrative_fields},
        "numbers": numbers,
        "overrides": numbers,
    }


def submission_problems(submission: Submission) -> dict[str, str]:
    """What stops a submission from being sent, by field key."""
    problems: dict[str, str] = {}
    for f in submission.template.outline.number_fields:
        raw = submission.overrides.get(f.key, {}).get("value") if f.source else submission.numbers.get(f.key)
        try:
            value = parse_number(raw)
        except ValueError:
            problems[f.key] = _("“%(v)s” không phải là số.") % {"v": raw}
            continue
        if value is not None and value < 0:
            problems[f.key] = _("Số liệu không được âm.")
        if f.source and f.key in submission.overrides:
            ov = submission.overrides[f.key]
            if ov.get("value") and not ov.get("note", "").strip():
                problems[f.key] = _("Ghi rõ lý do điều chỉnh số liệu của nền tảng.")
            elif ov.get("note") and not ov.get("value"):
                problems[f.key] = _("Nhập số liệu điều chỉnh (hoặc xóa ghi chú).")
    return problems


@transaction.atomic
def submission_submit(*, submission: Submission, actor: User) -> Submission:
    """The unit sends its report. The draft is saved already; a failed submit leaves it as it was."""
    from .selectors import platform_figures

    submission = (
        Submission.objects.select_for_update()
        .select_related("template", "period", "unit")
        .get(pk=submission.pk)
    )
    if not can_enter_data(actor, submission.unit):
        raise PermissionDenied(_("Bạn không có quyền gửi báo cáo của đơn vị này."))
    if submission.status not in EDITABLE:
        raise ValidationError(_("Báo cáo đã được gửi."))
    problems = submission_problems(submission)
    if problems:
        raise ValidationError(problems)
    now = clock.now()
    auto = platform_figures(submission.period, [submission.unit]).get(submission.unit_id, {})
    submission.figures = {k: str(v) for k, v in auto.items()}
    submission.status = Status.SUBMITTED
    submission.submitted_at = now
    submission.first_submitted_at = submission.first_submitted_at or now
    submission.submitted_by = actor
    # A head sends the report under their own authority: the sending is the approval (never a second step).
    own_head = scope_for(actor).is_head_of(submission.unit)
    if own_head:
        submission.status = Status.APPROVED
        submission.approved_at = now
        submission.approved_by = actor
        submission.first_approved_at = submission.first_approved_at or now
    submission.save()
    _event(submission, SubmissionEvent.Action.SUBMIT, actor)
    if own_head:
        _event(submission, SubmissionEvent.Action.APPROVE, actor)
    return submission


@transaction.atomic
def submission_approve(*, submission: Submission, actor: User, comment: str = "") -> Submission:
    """The head approves what a staff member sent; while the unit has no head account, a coordinator managing it
    approves in the head's place (the event says so). Whoever sent the report never approves it."""
    submission = Submission.objects.select_for_update().select_related("unit").get(pk=submission.pk)
    if not may_approve_for_unit(actor, submission.unit):
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị được duyệt báo cáo của đơn vị."))
    check_no_conflict_of_interest(actor, submission.unit, author_id=submission.submitted_by_id, outgoing=True)
    if submission.status != Status.SUBMITTED:
        raise ValidationError(_("Báo cáo không ở trạng thái chờ duyệt."))
    submission.status = Status.APPROVED
    submission.approved_at = clock.now()
    submission.approved_by = actor
    submission.first_approved_at = submission.first_approved_at or submission.approved_at
    submission.save()
    note = comment.strip()
    if not is_head_of(actor, submission.unit) and approves_as_coordinator(actor, submission.unit):
        stand_in = _("Đầu mối duyệt thay: đơn vị chưa có tài khoản thủ trưởng.")
        note = f"{stand_in} {note}".strip()
    _event(submission, SubmissionEvent.Action.APPROVE, actor, note)
    return submission


def _coordinator(submission: Submission, actor: User) -> None:
    if not can_manage_unit(actor, submission.period.cycle.office):
        raise PermissionDenied(_("Chỉ đầu mối của cơ quan tổng hợp được tiếp nhận báo cáo."))


def _reviewer(submission: Submission, actor: User) -> None:
    """Accepting or returning is judging the unit: not by its members, nor by whoever sent the report."""
    _coordinator(submission, actor)
    check_no_conflict_of_interest(actor, submission.unit, author_id=submission.submitted_by_id)


@transaction.atomic
def submission_accept(*, submission: Submission, actor: User, comment: str = "") -> Submission:
    submission = (
        Submission.objects.select_for_update()
        .select_related("period__cycle__office", "unit")
        .get(pk=submission.pk)
    )
    _reviewer(submission, actor)
    if submission.status != Status.APPROVED:
        raise ValidationError(_("Chỉ tiếp nhận báo cáo đã được thủ trưởng đơn vị duyệt."))
    submission.status = Status.ACCEPTED
    submission.reviewed_at = clock.now()
    submission.reviewed_by = actor
    submission.comment = comment.strip()
    submission.save()
    _event(submission, SubmissionEvent.Action.ACCEPT, actor, comment.strip())
    return submission


@transaction.atomic
def submission_return(*, submission: Submission, actor: User, comment: str) -> Submission:
    submission = (
        Submission.objects.select_for_update()
        .select_related("period__cycle__office", "unit")
        .get(pk=submission.pk)
    )
    _reviewer(submission, actor)
    if submission.status not in (Status.SUBMITTED, Status.APPROVED):
        raise ValidationError(_("Chỉ trả lại báo cáo đã gửi và chưa được tiếp nhận."))
    if not comment.strip():
        raise ValidationError({"comment": _("Ghi ý kiến khi trả lại báo cáo.")})
    submission.status = Status.RETURNED
    submission.reviewed_at = clock.now()
    submission.reviewed_by = actor
    submission.comment = comment.strip()
    submission.save()
    _event(submission, SubmissionEvent.Action.RETURN, actor, comment.strip())
    notify_returned(submission, actor, comment.strip())
    return submission


@transaction.atomic
def submission_head_return(*, submission: Submission, actor: User, comment: str) -> Submission:
    """The unit head sends a staff member's report back with a reason instead of approving it (while the unit has
    no head account, the coordinator standing in for the head may). The report is editable again."""
    submission = Submission.objects.select_for_update().select_related("unit", "period").get(pk=submission.pk)
    if not may_approve_for_unit(actor, submission.unit):
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị được trả lại báo cáo chờ duyệt của đơn vị."))
    check_no_conflict_of_interest(actor, submission.unit, author_id=submission.submitted_by_id, outgoing=True)
    if submission.status != Status.SUBMITTED:
        raise ValidationError(_("Báo cáo không ở trạng thái chờ thủ trưởng duyệt."))
    if not comment.strip():
        raise ValidationError({"comment": _("Ghi lý do trả lại báo cáo.")})
    submission.status = Status.RETURNED
    submission.comment = comment.strip()
    submission.save()
    _event(submission, SubmissionEvent.Action.HEAD_RETURN, actor, comment.strip())
    notify_returned(submission, actor, comment.strip())
    return submission


def notify_returned(submission: Submission, actor: User, reason: str) -> None:
    """E-mail whoever sent the report (and the unit's staff) that it came back, with the reason; sent once the
    return is committed. The home page shows the returned report too (``attention.reports_to_write``)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    to = {
        m.user.email
        for m in members_with(Role.STAFF, units=[submission.unit]).select_related("user")
        if m.user.email and m.user.is_active
    }
    author = submission.submitted_by
    if author is not None and author.email and author.is_active:
        to.add(author.email)
    if not to:
        return
    url = settings.SITE_URL.rstrip("/") + reverse("reports:submission_detail", args=[submission.pk])
    subject = _("[CCHC] Báo cáo bị trả lại: %(t)s") % {"t": submission.period.title}
    body = _("%(u)s — %(t)s đã bị trả lại bởi %(who)s.\nLý do: %(r)s\nSửa và gửi lại tại: %(url)s\n") % {
        "u": submission.unit.name,
        "t": submission.period.title,
        "who": actor.display_name,
        "r": reason,
        "url": url,
    }
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(to), fail_silently=True)
    )


@transaction.atomic
def submission_reopen(*, submission: Submission, actor: User, reason: str) -> Submission:
    """Only the coordinator reopens an accepted (locked) report, with a reason the unit sees."""
    submission = (
        Submission.objects.select_for_update()
        .select_related("period__cycle__office", "unit")
        .get(pk=submission.pk)
    )
    _coordinator(submission, actor)
    if submission.status != Status.ACCEPTED:
        raise ValidationError(_("Chỉ mở lại báo cáo đã được tiếp nhận."))
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi lý do mở lại báo cáo.")})
    submission.status = Status.RETURNED
    submission.comment = reason.strip()
    submission.save()
    _event(submission, SubmissionEvent.Action.REOPEN, actor, reason.strip())
    return submission


# ---------------------------------------------------------------- synthesis


def gathered_narratives(period: ReportPeriod) -> dict[str, str]:
    """Units' narratives section by section ("Đơn vị: …" paragraphs), from the reports they sent."""
    from .selectors import sent_submissions

    out: dict[str, list[str]] = {}
    for sub in sent_submissions(period):
        name = sub.unit.short_name or sub.unit.name
        for key, text in sub.narratives.items():
            if text and text.strip():
                out.setdefault(key, []).append(f"{name}: {text.strip()}")
    return {k: "\n\n".join(v) for k, v in out.items()}


def official_defaults(unit: OrgUnit, send_to: OrgUnit | None) -> dict[str, str]:
    """Ký hiệu, place, recipients and signer a unit's report starts with (NĐ 30/2020): "BC-CAHP" from the unit's
    letterhead, its place name, "Nơi nhận" = the body it reports to and "Lưu: VT, …", the usual signer block."""
    from cchc.documents.letterhead import letterhead
    from cchc.documents.signers import default_signer

    head = letterhead(unit)
    recipients = []
    if send_to is not None:
        recipients.append(_("%(o)s (để báo cáo);") % {"o": send_to.name})
    recipients.append(head.storage_line())
    signer = default_signer(unit)
    return {
        "symbol": f"BC-{head.symbol}",
        "place": head.place,
        "recipients": "\n".join(recipients),
        "signer_authority": signer.authority,
        "signer_title": signer.title,
        "signer_name": "",
    }


@transaction.atomic
def synthesis_get_or_create(*, period: ReportPeriod, actor: User | None = None) -> Synthesis:
    """The period's synthesis, made on the first visit. Two first visits at once (two coordinators, a reload) make
    one: the period's row is locked while looking, so the second finds the first's instead of failing on the
    one-per-period constraint."""
    synthesis = Synthesis.objects.filter(period=period).first()
    if synthesis is not None:
        return synthesis
    ReportPeriod.objects.select_for_update().filter(pk=period.pk).values_list("pk", flat=True).get()
    synthesis = Synthesis.objects.filter(period=period).first()
    if synthesis is not None:
        return synthesis
    office = period.cycle.office
    return Synthesis.objects.create(
        period=period,
        narratives=gathered_narratives(period),
        **official_defaults(office, office.parent),
        updated_by=actor,
    )


@transaction.atomic
def synthesis_save(
    *,
    synthesis: Synthesis,
    actor: User | None,
    regather: bool = False,
    expected_version: int | None = None,
    **fields: Any,
) -> Synthesis:
    if actor is not None and not can_manage_unit(actor, synthesis.period.cycle.office):
        raise PermissionDenied(_("Bạn không quản lý đơn vị này."))
    outline = synthesis.period.cycle.template.outline
    versioning.claim(synthesis, expected_version, mine=fields, key_labels=_key_labels(outline))
    narrative_keys = {f.key for f in outline.narrative_fields}
    number_keys = {f.key for f in outline.number_fields}
    for key, text in (fields.pop("narratives", None) or {}).items():
        if key in narrative_keys:
            synthesis.narratives[key] = str(text)
    for key, ov in (fields.pop("overrides", None) or {}).items():
        if key not in number_keys:
            continue
        value, note = str(ov.get("value", "")).strip(), str(ov.get("note", "")).strip()
        if value:
            try:
                parse_number(value)
            except ValueError:
                raise ValidationError({key: _("“%(v)s” không phải là số.") % {"v": value}}) from None
            synthesis.overrides[key] = {"value": value, "note": note}
        else:
            synthesis.overrides.pop(key, None)
    if regather:
        synthesis.narratives = gathered_narratives(synthesis.period)
    for name, value in fields.items():
        if name in {
            "number",
            "symbol",
            "place",
            "doc_date",
            "recipients",
            "signer_authority",
            "signer_title",
            "signer_name",
        }:
            setattr(synthesis, name, value)
    synthesis.updated_by = actor
    synthesis.save()
    return synthesis


# ---------------------------------------------------------------- the unit's report as an official document


def report_document_draft(submission: Submission) -> ReportDocument:
    """The unit's official document, or an unsaved one with the usual defaults (nothing written)."""
    existing = ReportDocument.objects.filter(submission=submission).select_related("issued").first()
    if existing is not None:
        return existing
    defaults = official_defaults(submission.unit, submission.period.cycle.office)
    defaults.pop("symbol")
    return ReportDocument(submission=submission, **defaults)


def _document_writer(submission: Submission, actor: User) -> None:
    """Only who enters the unit's data (its staff and head, the coordinators managing it) prepares its document."""
    if not can_enter_data(actor, submission.unit):
        raise PermissionDenied(_("Bạn không có quyền lập văn bản báo cáo của đơn vị này."))


def _locked_document(submission: Submission) -> tuple[Submission, ReportDocument]:
    submission = (
        Submission.objects.select_for_update()
        .select_related("unit", "period__cycle__office")
        .get(pk=submission.pk)
    )
    document = report_document_draft(submission)
    if document.pk is not None:
        document = ReportDocument.objects.select_for_update().get(pk=document.pk)
    return submission, document


@transaction.atomic
def report_document_save(
    *,
    submission: Submission,
    actor: User,
    place: str,
    recipients: str,
    signer_authority: str,
    signer_title: str,
    signer_name: str,
    doc_date: date | None = None,
) -> ReportDocument:
    """Place, date, recipients and signer of the unit's report; not once the coordinator accepted it."""
    submission, document = _locked_document(submission)
    _document_writer(submission, actor)
    if submission.status == Status.ACCEPTED:
        raise DomainError(
            "report_locked", gettext_lazy("Báo cáo đã được tiếp nhận; không sửa thể thức văn bản được.")
        )
    document.place = place.strip()
    document.recipients = recipients.strip()
    document.signer_authority = signer_authority.strip()
    document.signer_title = signer_title.strip()
    document.signer_name = signer_name.strip()
    if document.issued_id is None:
        document.doc_date = doc_date
    document.save()
    return document


@transaction.atomic
def report_document_number(*, submission: Submission, actor: User, on_date: date) -> ReportDocument:
    """Take the unit's next number from the register (one số/ký hiệu per issuer and year: "Số: 05/BC-CAHP-PC06")
    once its head approved the report; the document's date is the day of the number. Only once."""
    from cchc.documents.letterhead import letterhead
    from cchc.documents.services import document_number_reserve

    submission, document = _locked_document(submission)
    _document_writer(submission, actor)
    if document.issued_id is not None:
        raise DomainError(
            "already_numbered",
            gettext_lazy("Báo cáo đã có số %(number)s."),
            number=document.issued.number_text if document.issued else "",
        )
    if submission.status not in COUNTED:
        raise DomainError(
            "not_approved", gettext_lazy("Chỉ lấy số cho báo cáo đã được thủ trưởng đơn vị duyệt.")
        )
    if on_date is None:
        raise DomainError("date_required", gettext_lazy("Nhập ngày văn bản."), field="doc_date")
    issued = document_number_reserve(
        issuer=submission.unit,
        doc_type_code="BC",
        symbol=letterhead(submission.unit).symbol,
        summary=report_summary(submission.period),
        on_date=on_date,
        user=actor,
        note=f"reports:submission:{submission.pk}",
    )
    document.issued = issued
    document.doc_date = on_date
    document.save()
    return document


@transaction.atomic
def report_document_attach_scan(*, submission: Submission, actor: User, upload: Any) -> ReportDocument:
    """Keep the scan of the signed, stamped paper (PDF or image) of a numbered report; a new scan replaces it."""
    from django.conf import settings

    from cchc.core.uploads import check_evidence_file

    submission, document = _locked_document(submission)
    _document_writer(submission, actor)
    if document.issued_id is None:
        raise DomainError(
            "not_numbered", gettext_lazy("Lấy số văn bản trước khi tải lên bản đã ký."), field="scan"
        )
    check_evidence_file(upload, max_bytes=settings.PLANS_EVIDENCE_MAX_BYTES)
    old = document.file.name if document.file else ""
    document.file.save(upload.name, upload, save=False)
    document.size = upload.size
    document.scan_uploaded_at = clock.now()
    document.scan_uploaded_by = actor
    document.save()
    if old and old != document.file.name:
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    return document


def report_summary(period: ReportPeriod) -> str:
    """Trích yếu: "Kết quả thực hiện công tác cải cách hành chính quý III năm 2026"."""
    rest = period.title.removeprefix("Báo cáo ").strip()
    rest = rest[:1].lower() + rest[1:]
    return f"Kết quả thực hiện công tác cải cách hành chính {rest}" if rest else period.title


@transaction.atomic
def synthesis_number(*, synthesis: Synthesis, actor: User, on_date: date) -> Synthesis:
    """Take the collecting office's next number from the register for the synthesis ("Số: 12/BC-CAHP"), once."""
    from cchc.documents.letterhead import letterhead
    from cchc.documents.services import document_number_reserve

    synthesis = (
        Synthesis.objects.select_for_update().select_related("period__cycle__office").get(pk=synthesis.pk)
    )
    office = synthesis.period.cycle.office
    if not can_manage_unit(actor, office):
        raise PermissionDenied(_("Bạn không quản lý đơn vị này."))
    if synthesis.number.strip():
        raise DomainError(
            "already_numbered",
            gettext_lazy("Báo cáo đã có số %(number)s."),
            number=f"{synthesis.number}/{synthesis.symbol}",
        )
    if on_date is None:
        raise DomainError("date_required", gettext_lazy("Nhập ngày văn bản."), field="doc_date")
    issued = document_number_reserve(
        issuer=office,
        doc_type_code="BC",
        symbol=letterhead(office).symbol,
        summary=report_summary(synthesis.period),
        on_date=on_date,
        user=actor,
        note=f"reports:synthesis:{synthesis.pk}",
    )
    synthesis.number = f"{issued.number:02d}"
    synthesis.symbol = issued.symbol
    synthesis.doc_date = on_date
    synthesis.updated_by = actor
    synthesis.save()
    return synthesis


@transaction.atomic
def cycle_update_coverage(
    *,
    cycle: ReportingCycle,
    actor: User,
    group: UnitGroup | None,
    subtree_root: OrgUnit | None,
    subtree_depth: int | None,
    units: list[OrgUnit] | tuple[OrgUnit, ...],
    today: date | None = None,
) -> dict[str, int]:
    """Change which units must report; the periods not yet due follow at once (:func:`cycle_sync_units`)."""
    cycle = ReportingCycle.objects.select_for_update().select_related("office").get(pk=cycle.pk)
    office = cycle.office
    if not can_manage_unit(actor, office):
        raise PermissionDenied(_("Bạn không quản lý đơn vị này."))
    if group is None and not units and subtree_root is None:
        raise ValidationError(_("Chọn nhóm đơn vị, một cây đơn vị hoặc các đơn vị phải báo cáo."))
    for u in [*units, *([subtree_root] if subtree_root is not None else [])]:
        if not u.path.startswith(office.path):
            raise ValidationError(_("Đơn vị %(u)s không thuộc %(o)s.") % {"u": u.name, "o": office.name})
    cycle.group = group
    cycle.subtree_root = subtree_root
    cycle.subtree_depth = subtree_depth or None
    cycle.save()
    cycle.units.set(units)
    return cycle_sync_units(cycle=cycle, today=today)
