"""Writes of the plans module. Keyword-only (except the contract's ``save_extracted_plan``), atomic, validating
before saving. Workflow steps check the actor's rights themselves (see :mod:`cchc.plans.access`)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core import versioning
from cchc.core.text import fold, nfc
from cchc.core.uploads import check_evidence_file
from cchc.orgs.models import OrgUnit, UnitGroup
from cchc.orgs.scope import check_no_conflict_of_interest, members_with, scope_for
from cchc.orgs.selectors import group_members

from .. import access
from ..deadlines import parse_deadline
from ..models import (
    CLOSED_STATUSES,
    Assignment,
    DeadlineKind,
    Evidence,
    Notification,
    Plan,
    PlanImportDraft,
    ProgressUpdate,
    Role,
    Section,
    Status,
    Task,
    TaskUnit,
)
from ..resolve import Resolver, parse_allowed_target, target_allowed
from ..timing import period_key, relative_days

EVIDENCE_MAX_BYTES = settings.PLANS_EVIDENCE_MAX_BYTES
EVIDENCE_MAX_FILES = 10


def _cascade_title(parent_title: str) -> str:
    """The implementing plan's title: "Thực hiện …" once, even when the parent's title already starts with it."""
    from cchc.core.text import fold

    title = (parent_title or "").strip()
    if fold(title).startswith("thuc hien "):
        return title
    return _("Thực hiện %(title)s") % {"title": title[:1].lower() + title[1:]}


def split_units(text: str) -> list[str]:
    """ "PV01; Công an các đơn vị, địa phương" (one per line or separated by ";") → entries."""
    parts = []
    for line in (text or "").replace("\r", "").split("\n"):
        parts.extend(p for p in line.split(";"))
    return [nfc(p) for p in parts if nfc(p)]


def _date(value) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _section_code(code: str) -> str:
    return code.rsplit(".", 1)[0] if code and "." in code else ""


# --- import -------------------------------------------------------------------------------------------------------


def validate_extracted(data: dict[str, Any]) -> dict[str, str]:
    """Problems that stop a draft from being saved, by field (``title``, ``year``, ``task:<i>``)."""
    errors: dict[str, str] = {}
    if not nfc(data.get("title")):
        errors["title"] = _("Cần nhập trích yếu của kế hoạch.")
    year = data.get("year")
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        errors["year"] = _("Cần nhập năm của kế hoạch (1990–2100).")
    tasks = data.get("tasks") or []
    if not tasks:
        errors["tasks"] = _("Kế hoạch chưa có nhiệm vụ nào.")
    for i, t in enumerate(tasks):
        if not nfc(t.get("content")):
            errors[f"task:{i}"] = _("Nhiệm vụ %(code)s chưa có nội dung.") % {"code": t.get("code") or i + 1}
    if data.get("issue_date") and _date(data["issue_date"]) is None:
        errors["issue_date"] = _("Ngày ban hành không hợp lệ.")
    return errors


@transaction.atomic
def plan_create_from_extracted(
    *,
    data: dict[str, Any],
    issuer: OrgUnit,
    user=None,
    mappings: dict[str, str] | None = None,
    filename: str = "",
) -> Plan:
    """Store an extracted (and possibly corrected) plan as a draft owned by ``issuer``."""
    errors = validate_extracted(data)
    if errors:
        raise ValidationError(errors)
    resolver = Resolver(issuer, mappings)
    year = data["year"]
    plan = Plan.objects.create(
        issuer=issuer,
        issuer_name=nfc(data.get("issuer"))[:255],
        doc_number=nfc(data.get("doc_number"))[:100],
        issue_date=_date(data.get("issue_date")),
        title=nfc(data.get("title")),
        year=year,
        basis=nfc(data.get("basis")),
        source_filename=filename[:255],
        import_warnings=list(data.get("warnings") or []),
        created_by=user,
    )
    sections: dict[tuple, Section] = {}
    by_code: dict[tuple, Task] = {}
    refs: list[TaskUnit] = []
    for order, t in enumerate(data["tasks"]):
        table = int(t.get("table") or 1)
        section = None
        if nfc(t.get("section")):
            key = (table, fold(t["section"]))
            section = sections.get(key)
            if section is None:
                code = _section_code(nfc(t.get("parent_code") or t.get("code")))
                parent = next(
                    (
                        s
                        for (tb, _k), s in sections.items()
                        if tb == table and code and s.code == code.rsplit(".", 1)[0] and "." in code
                    ),
                    None,
                )
                section = Section.objects.create(
                    plan=plan, parent=parent, code=code, title=nfc(t["section"]), order=len(sections)
                )
                sections[key] = section
        deadline = t.get("deadline") or {}
        raw = nfc(t.get("deadline_raw"))
        if not deadline.get("kind"):
            deadline = parse_deadline(raw, year).as_dict()
        code = nfc(t.get("code"))
        parent = by_code.get((table, nfc(t.get("parent_code")))) if t.get("parent_code") else None
        task = Task.objects.create(
            plan=plan,
            section=section,
            parent=parent,
            table_no=table,
            code=code[:32],
            order=order,
            content=nfc(t.get("content")),
            product=nfc(t.get("product")),
            target=nfc(t.get("target"))[:500],
            leader=nfc(t.get("leader"))[:255],
            notes=nfc(t.get("notes")),
            deadline_text=raw[:500],
            deadline_kind=deadline.get("kind") if deadline.get("kind") in DeadlineKind.values else "unknown",
            deadline_start=_date(deadline.get("start")),
            deadline_end=_date(deadline.get("end")),
        )
        if code:
            by_code[(table, code)] = task
        for role, key in ((Role.LEAD, "lead"), (Role.COORDINATE, "coordinate")):
            for i, text in enumerate(t.get(key) or []):
                res = resolver.resolve(text)
                if not res.text:
                    continue
                refs.append(
                    TaskUnit(
                        task=task, role=role, text=res.text[:500], unit=res.unit, group=res.group, order=i
                    )
                )
        days = relative_days(raw) if deadline.get("kind") == "relative" else None
        if days and plan.subplan_days is None and "ke hoach" in fold(raw):
            plan.subplan_days = days
    TaskUnit.objects.bulk_create(refs)
    if plan.subplan_days:
        plan.save(update_fields=["subplan_days"])
    return plan


def save_extracted_plan(extracted: dict, issuer_code: str) -> int:
    """The ``import_plan --save --issuer UNIT_CODE`` contract: store as a draft of the issuer, return its id."""
    from cchc.core.errors import DomainError
    from cchc.orgs.selectors import find_one_unit

    issuer = find_one_unit(issuer_code)
    data = dict(extracted)
    if not data.get("year"):
        data["year"] = _date(data.get("issue_date")).year if _date(data.get("issue_date")) else None
    try:
        plan = plan_create_from_extracted(data=data, issuer=issuer, filename=str(data.get("filename") or ""))
    except ValidationError as exc:
        messages = "; ".join(exc.messages)
        raise DomainError(
            "plan_not_saved", f"Không lưu được kế hoạch: {messages}", en=f"plan not saved: {messages}"
        ) from exc
    return plan.pk


@transaction.atomic
def import_draft_create(*, user, issuer: OrgUnit, filename: str, data: dict) -> PlanImportDraft:
    if not access.can_issue_plans_for(user, issuer):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch cho đơn vị này."))
    return PlanImportDraft.objects.create(user=user, issuer=issuer, filename=filename[:255], data=data)


@transaction.atomic
def import_draft_update(*, draft: PlanImportDraft, data: dict, mappings: dict[str, str]) -> PlanImportDraft:
    draft.data = data
    draft.mappings = {k: v for k, v in mappings.items() if v}
    draft.save(update_fields=["data", "mappings", "updated_at"])
    return draft


@transaction.atomic
def remember_mapping(*, text: str, target: str, issuer: OrgUnit) -> None:
    """Remember a user's mapping as an alias of the unit, or of the group, for the next import — only for what
    the plan's issuer may name (its own subtree)."""
    from cchc.orgs.services import group_save, unit_alias_add

    obj = parse_allowed_target(target, issuer)
    text = nfc(text)
    if obj is None or not text:
        return
    if isinstance(obj, OrgUnit):
        unit_alias_add(unit=obj, name=text[:255])
    elif isinstance(obj, UnitGroup) and fold(text) not in {fold(a) for a in obj.aliases} | {fold(obj.name)}:
        group_save(
            group=obj,
            code=obj.code,
            name=obj.name,
            root=obj.root,
            kinds=list(obj.kinds),
            members=None,
            aliases=[*obj.aliases, text[:255]],
            description=obj.description,
        )


@transaction.atomic
def import_draft_confirm(*, draft: PlanImportDraft, user) -> Plan:
    if draft.user_id != user.pk:
        raise PermissionDenied(_("Bản xem trước này không phải của bạn."))
    if draft.plan_id:
        return draft.plan
    if not access.can_issue_plans_for(user, draft.issuer):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch cho đơn vị này."))
    for text, target in (draft.mappings or {}).items():
        remember_mapping(text=text, target=target, issuer=draft.issuer)
    plan = plan_create_from_extracted(
        data=draft.data, issuer=draft.issuer, user=user, mappings=draft.mappings, filename=draft.filename
    )
    draft.plan = plan
    draft.save(update_fields=["plan", "updated_at"])
    return plan


# --- editing a plan -----------------------------------------------------------------------------------------------

PLAN_FIELDS = (
    "doc_number",
    "issue_date",
    "issuer_name",
    "title",
    "year",
    "basis",
    "report_period",
    "subplan_days",
)


@transaction.atomic
def plan_update(
    *, plan: Plan, user, implements: list[Plan] | None = None, expected_version: int | None = None, **fields
) -> Plan:
    if not access.can_edit_plan(user, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    mine = {**fields, "implements": implements} if implements is not None else fields
    versioning.claim(plan, expected_version, mine=mine)
    if plan.status == Plan.Status.CLOSED:
        raise ValidationError(_("Kế hoạch đã kết thúc, không sửa được."))
    for key, value in fields.items():
        if key not in PLAN_FIELDS:
            raise ValueError(key)
        setattr(plan, key, value)
    if not nfc(plan.title):
        raise ValidationError({"title": _("Cần nhập trích yếu của kế hoạch.")})
    plan.save()
    if implements is not None:
        plan.implements.set([p for p in implements if p.pk != plan.pk])
    return plan


def _ref_changes(task: Task, lead: list[str] | None, coordinate: list[str] | None):
    """For a refused stale save: the task's units someone else changed since, beside those the editor typed."""

    def changes(since):
        from django.db.models import Q

        from cchc.audit.models import AuditEvent

        if since is None:
            return []
        events = AuditEvent.objects.filter(
            Q(new__task_id=task.pk) | Q(old__task_id=task.pk), table_name="plans_taskunit", at__gte=since
        )
        roles = {(e.new or e.old or {}).get("role") for e in events}
        out = []
        for role, typed in ((Role.LEAD, lead), (Role.COORDINATE, coordinate)):
            if role in roles:
                now = list(task.unit_refs.filter(role=role).order_by("order").values_list("text", flat=True))
                label = _("Đơn vị chủ trì") if role == Role.LEAD else _("Đơn vị phối hợp")
                yours = "; ".join(typed) or "—" if typed is not None else None
                out.append(versioning.Change(label, "; ".join(now) or "—", yours))
        return out

    return changes


def _set_refs(task: Task, role: str, texts: list[str], resolver: Resolver) -> None:
    TaskUnit.objects.filter(task=task, role=role).delete()
    rows = []
    for i, text in enumerate(texts):
        res = resolver.resolve(text)
        if res.text:
            rows.append(
                TaskUnit(task=task, role=role, text=res.text[:500], unit=res.unit, group=res.group, order=i)
            )
    TaskUnit.objects.bulk_create(rows)


@transaction.atomic
def task_save(
    *,
    plan: Plan,
    user,
    task: Task | None = None,
    content: str,
    code: str = "",
    section: Section | None = None,
    product: str = "",
    target: str = "",
    leader: str = "",
    notes: str = "",
    deadline_text: str = "",
    lead: list[str] | None = None,
    coordinate: list[str] | None = None,
    expected_version: int | None = None,
) -> Task:
    """Add or edit a task of a draft plan (on an issued plan only the descriptive fields change).

    ``expected_version``: the task's version the editor loaded; a save on a stale copy raises ``StaleEdit``."""
    if not access.can_edit_plan(user, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    if task is not None:
        mine = {"code": code, "section": section, "content": content, "product": product, "target": target,
                "leader": leader, "notes": notes, "deadline_text": deadline_text}  # fmt: skip
        versioning.claim(task, expected_version, mine=mine, children=_ref_changes(task, lead, coordinate))
    if plan.status == Plan.Status.CLOSED:
        raise ValidationError(_("Kế hoạch đã kết thúc, không sửa được."))
    if not nfc(content):
        raise ValidationError({"content": _("Cần nhập nội dung nhiệm vụ.")})
    if task is None:
        last = plan.tasks.order_by("-order").values_list("order", flat=True).first()
        task = Task(plan=plan, order=(last or 0) + 1)
    deadline = parse_deadline(deadline_text, plan.year)
    task.code = nfc(code)[:32]
    task.section = section
    task.content = nfc(content)
    task.product = nfc(product)
    task.target = nfc(target)[:500]
    task.leader = nfc(leader)[:255]
    task.notes = nfc(notes)
    task.deadline_text = nfc(deadline_text)[:500]
    task.deadline_kind = deadline.kind
    task.deadline_start = deadline.start
    task.deadline_end = deadline.end
    task.save()
    if plan.status == Plan.Status.DRAFT:
        resolver = Resolver(plan.issuer)
        if lead is not None:
            _set_refs(task, Role.LEAD, lead, resolver)
        if coordinate is not None:
            _set_refs(task, Role.COORDINATE, coordinate, resolver)
    return task


@transaction.atomic
def plan_map_reference(*, plan: Plan, user, text: str, target: str, remember: bool = True) -> int:
    """Resolve every still-unresolved reference ``text`` of a draft plan to ``target``; returns how many."""
    if not access.can_edit_plan(user, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    obj = parse_allowed_target(target, plan.issuer)
    if obj is None:
        raise ValidationError(_("Hãy chọn đơn vị hoặc nhóm đơn vị thuộc phạm vi đơn vị ban hành kế hoạch."))
    refs = TaskUnit.objects.filter(task__plan=plan, text=text)
    n = refs.update(
        unit=obj if isinstance(obj, OrgUnit) else None, group=obj if isinstance(obj, UnitGroup) else None
    )
    if remember:
        remember_mapping(text=text, target=target, issuer=plan.issuer)
    return n


def unresolved_references(plan: Plan) -> list[dict]:
    from django.db.models import Count

    return list(
        TaskUnit.objects.filter(task__plan=plan, unit__isnull=True, group__isnull=True)
        .values("text")
        .annotate(n=Count("pk"))
        .order_by("text")
    )


# --- issuing --------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_issue(*, plan: Plan, user, on: date | None = None) -> dict[str, int]:
    """Issue a draft: every unit reference becomes assignments (a group: one per member unit, lead kept over
    coordinate when a unit is named twice). Returns counts."""
    if not access.can_review(user, plan):
        raise PermissionDenied(_("Bạn không có quyền ban hành kế hoạch này."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(_("Chỉ ban hành được kế hoạch ở trạng thái dự thảo."))
    on = on or timezone.localdate()
    unresolved = unresolved_references(plan)
    if unresolved:
        raise ValidationError(
            _("Còn %(n)s tên đơn vị chưa xác định: %(names)s")
            % {"n": len(unresolved), "names": "; ".join(r["text"] for r in unresolved[:5])}
        )
    if not plan.tasks.exists():
        raise ValidationError(_("Kế hoạch chưa có nhiệm vụ nào."))
    members_of: dict[int, list[int]] = {}
    wanted: dict[tuple[int, int], tuple[str, int | None]] = {}
    for ref in (
        TaskUnit.objects.filter(task__plan=plan)
        .select_related("unit", "group", "group__root")
        .order_by("role")
    ):
        if ref.unit_id:
            # A body outside the issuer's subtree (e.g. a ministry department the plan mentions) gets no
            # assignment: a plan only assigns work inside its own organisation.
            units, via = ([ref.unit_id] if target_allowed(ref.unit, plan.issuer) else []), None
        else:
            if ref.group_id not in members_of:
                members_of[ref.group_id] = list(
                    group_members(ref.group, on=on)
                    .filter(path__startswith=plan.issuer.path)
                    .values_list("pk", flat=True)
                )
            units, via = members_of[ref.group_id], ref.group_id
        for unit_id in units:
            key = (ref.task_id, unit_id)
            current = wanted.get(key)
            if current is None or (current[0] == Role.COORDINATE and ref.role == Role.LEAD):
                wanted[key] = (ref.role, via)
    Assignment.objects.bulk_create(
        [
            Assignment(task_id=t, unit_id=u, role=role, via_group_id=via, received_on=on)
            for (t, u), (role, via) in wanted.items()
        ],
        batch_size=2000,
    )
    plan.status = Plan.Status.ISSUED
    now = timezone.now()
    if on != timezone.localdate():  # issued with an earlier (or later) date: record that day
        from datetime import datetime, time

        now = timezone.make_aware(datetime.combine(on, time(8, 0)))
    plan.issued_at = now
    plan.issued_by = user
    if plan.issue_date is None:
        plan.issue_date = on
    plan.save(update_fields=["status", "issued_at", "issued_by", "issue_date", "updated_at"])
    return {"assignments": len(wanted), "units": len({u for (_t, u) in wanted})}


@transaction.atomic
def plan_close(*, plan: Plan, user) -> Plan:
    if not access.can_review(user, plan):
        raise PermissionDenied(_("Bạn không có quyền kết thúc kế hoạch này."))
    if plan.status != Plan.Status.ISSUED:
        raise ValidationError(_("Chỉ kết thúc được kế hoạch đã ban hành."))
    plan.status = Plan.Status.CLOSED
    plan.save(update_fields=["status", "updated_at"])
    return plan


# --- cascade ------------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_cascade(*, parent: Plan, unit: OrgUnit, user) -> Plan:
    """The receiving unit's implementing plan: a draft holding a copy of every task assigned to ``unit``, each
    linked to the task it implements, led by the unit itself. Returns the existing one if there is one."""
    if not access.can_issue_plans_for(user, unit):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch cho đơn vị này."))
    if parent.status == Plan.Status.DRAFT:
        raise ValidationError(_("Kế hoạch cấp trên chưa ban hành."))
    existing = Plan.objects.filter(parent_plan=parent, issuer=unit).first()
    if existing is not None:
        return existing
    assignments = list(
        Assignment.objects.filter(task__plan=parent, unit=unit)
        .select_related("task", "task__section")
        .order_by("task__order")
    )
    if not assignments:
        raise ValidationError(_("Đơn vị không được giao nhiệm vụ nào trong kế hoạch này."))
    plan = Plan.objects.create(
        issuer=unit,
        issuer_name=unit.name,
        title=_cascade_title(parent.title),
        year=parent.year,
        basis=_("Thực hiện Kế hoạch số %(no)s ngày %(d)s của %(who)s")
        % {
            "no": parent.doc_number or "…",
            "d": parent.issue_date.strftime("%d/%m/%Y") if parent.issue_date else "…",
            "who": parent.issuer_name or parent.issuer.name,
        },
        parent_plan=parent,
        report_period=parent.report_period,
        created_by=user,
    )
    plan.implements.add(parent)
    sections: dict[int | None, Section | None] = {None: None}
    for order, a in enumerate(assignments):
        src = a.task
        if src.section_id not in sections:
            sections[src.section_id] = Section.objects.create(
                plan=plan, code=src.section.code, title=src.section.title, order=len(sections)
            )
        task = Task.objects.create(
            plan=plan,
            section=sections[src.section_id],
            parent_task=src,
            code=src.code,
            order=order,
            content=src.content,
            product=src.product,
            target=src.target,
            notes=(_("Đơn vị phối hợp") if a.role == Role.COORDINATE else ""),
            deadline_text=src.deadline_text,
            deadline_kind=src.deadline_kind,
            deadline_start=src.deadline_start,
            deadline_end=src.deadline_end,
        )
        TaskUnit.objects.create(task=task, role=Role.LEAD, text=unit.short_name or unit.name, unit=unit)
    return plan


CASCADE_STATES = {
    "issued": gettext_lazy("Đã ban hành"),
    "late": gettext_lazy("Ban hành muộn"),
    "overdue": gettext_lazy("Quá hạn, chưa ban hành"),
    "draft": gettext_lazy("Đang dự thảo"),
    "missing": gettext_lazy("Chưa lập"),
}


def cascade_status(plan: Plan, *, today: date | None = None) -> list[dict]:
    """For each unit that received tasks: its implementing plan, when it was issued, when it was due, late or not."""
    from datetime import timedelta

    today = today or timezone.localdate()
    unit_ids = Assignment.objects.filter(task__plan=plan).values("unit_id").distinct()
    units = OrgUnit.objects.filter(pk__in=unit_ids).order_by("path")
    children = {p.issuer_id: p for p in Plan.objects.filter(parent_plan=plan)}
    received = plan.issued_at.date() if plan.issued_at else plan.issue_date
    due = received + timedelta(days=plan.subplan_days) if plan.subplan_days and received else None
    rows = []
    for unit in units:
        child = children.get(unit.pk)
        issued_on = timezone.localtime(child.issued_at).date() if child and child.issued_at else None
        if issued_on:
            state = "late" if due and issued_on > due else "issued"
        elif due and today > due:
            state = "overdue"
        else:
            state = "draft" if child else "missing"
        rows.append({"unit": unit, "plan": child, "issued_on": issued_on, "due": due, "state": state})
    return rows


def cascade_filter(rows: list[dict], *, text: str = "", state: str = "") -> list[dict]:
    """The rows of :func:`cascade_status` whose unit (code or name, accents ignored) contains every word of
    ``text``, in ``state`` when it is one of ``CASCADE_STATES``."""
    words = fold(text).split()
    if words:
        rows = [r for r in rows if all(w in fold(f"{r['unit'].code} {r['unit'].name}") for w in words)]
    if state in CASCADE_STATES:
        rows = [r for r in rows if r["state"] == state]
    return rows


def cascade_summary(rows: list[dict]) -> list[tuple[str, str, int]]:
    """(state, label, number of units) for each state some unit is in, in the order of ``CASCADE_STATES``."""
    counts = Counter(r["state"] for r in rows)
    return [(k, label, counts[k]) for k, label in CASCADE_STATES.items() if counts[k]]


# --- progress -----------------------------------------------------------------------------------------------------


def _check_file(f) -> None:
    check_evidence_file(f, max_bytes=EVIDENCE_MAX_BYTES)


@transaction.atomic
def progress_submit(
    *,
    assignment: Assignment,
    user,
    text: str,
    status: str,
    percent: int | None = None,
    reason: str = "",
    files: list | None = None,
    today: date | None = None,
) -> ProgressUpdate:
    """A unit reports on its assignment. A head's own report counts as confirmed."""
    if not access.can_report(user, assignment):
        raise PermissionDenied(_("Bạn không có quyền báo cáo cho đơn vị này."))
    plan = assignment.task.plan
    if plan.status != Plan.Status.ISSUED:
        raise ValidationError(_("Kế hoạch không ở trạng thái đang thực hiện."))
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if status not in Status.values:
        errors["status"] = _("Trạng thái không hợp lệ.")
    if status in (Status.DONE, Status.DONE_LATE):
        percent = 100
    if percent is None or not 0 <= int(percent) <= 100:
        errors["percent"] = _("Tiến độ phải từ 0 đến 100%.")
    if status == Status.NOT_DONE and not nfc(reason):
        errors["reason"] = _("Cần nêu lý do không thực hiện.")
    if not nfc(text):
        errors["text"] = _("Cần nhập nội dung báo cáo.")
    files = list(files or [])
    if len(files) > EVIDENCE_MAX_FILES:
        errors["files"] = _("Tối đa %(n)s tệp minh chứng mỗi lần.") % {"n": EVIDENCE_MAX_FILES}
    for f in files:
        try:
            _check_file(f)
        except ValidationError as exc:
            errors["files"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate.objects.create(
        assignment=assignment,
        author=user,
        text=nfc(text),
        status=status,
        percent=int(percent),
        reason=nfc(reason),
        period=period_key(today, plan.report_period) if assignment.task.is_recurring else "",
    )
    if scope_for(user).is_head_of(assignment.unit):
        update.state = ProgressUpdate.State.CONFIRMED
        update.confirmed_by = user
        update.confirmed_at = timezone.now()
        update.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    for f in files:
        Evidence.objects.create(
            update=update,
            file=f,
            name=Path(f.name).name[:255],
            size=f.size,
            content_type=(getattr(f, "content_type", "") or "")[:100],
        )
    if assignment.status == Status.NOT_STARTED:
        assignment.status = Status.IN_PROGRESS
        assignment.save(update_fields=["status", "updated_at"])
    return update


@transaction.atomic
def progress_confirm(*, update: ProgressUpdate, user) -> ProgressUpdate:
    if not access.can_confirm(user, update.assignment):
        raise PermissionDenied(_("Chỉ thủ trưởng đơn vị xác nhận được báo cáo."))
    check_no_conflict_of_interest(user, update.assignment.unit, author_id=update.author_id, outgoing=True)
    if update.state != ProgressUpdate.State.SUBMITTED:
        raise ValidationError(_("Báo cáo không ở trạng thái chờ xác nhận."))
    update.state = ProgressUpdate.State.CONFIRMED
    update.confirmed_by = user
    update.confirmed_at = timezone.now()
    update.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    return update


def _check_review(update: ProgressUpdate, user) -> None:
    if not access.can_review(user, update.assignment.task.plan):
        raise PermissionDenied(_("Chỉ đầu mối của kế hoạch tiếp nhận hoặc trả lại được báo cáo."))
    check_no_conflict_of_interest(user, update.assignment.unit, author_id=update.author_id)
    if update.state != ProgressUpdate.State.CONFIRMED:
        raise ValidationError(_("Báo cáo chưa được thủ trưởng đơn vị xác nhận."))


@transaction.atomic
def progress_accept(
    *, update: ProgressUpdate, user, comment: str = "", today: date | None = None
) -> ProgressUpdate:
    """Accept a confirmed report: the assignment takes its status and percentage."""
    _check_review(update, user)
    today = today or timezone.localdate()
    update.state = ProgressUpdate.State.ACCEPTED
    update.reviewed_by = user
    update.reviewed_at = timezone.now()
    update.review_comment = nfc(comment)
    update.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
    a = update.assignment
    task = a.task
    status = update.status
    if (
        task.is_recurring
        and status in (Status.DONE, Status.DONE_LATE)
        and (task.deadline_end is None or today < task.deadline_end)
    ):
        # A recurring task is reported on each period; "done" closes the period, not the task.
        status = Status.IN_PROGRESS
    if status == Status.DONE:
        due = task.deadline_end
        if task.deadline_kind == DeadlineKind.RELATIVE and a.received_on:
            from datetime import timedelta

            days = relative_days(task.deadline_text)
            due = a.received_on + timedelta(days=days) if days else None
        done_on = timezone.localtime(update.created_at).date()
        if due and done_on > due:
            status = Status.DONE_LATE
    a.status = status
    a.percent = update.percent
    a.reason = update.reason
    a.completed_on = (
        timezone.localtime(update.created_at).date() if status in (Status.DONE, Status.DONE_LATE) else None
    )
    if update.period and update.period > (a.last_period or ""):
        a.last_period = update.period
    a.save()
    return update


@transaction.atomic
def progress_return(*, update: ProgressUpdate, user, comment: str) -> ProgressUpdate:
    _check_review(update, user)
    if not nfc(comment):
        raise ValidationError({"comment": _("Cần ghi ý kiến khi trả lại báo cáo.")})
    update.state = ProgressUpdate.State.RETURNED
    update.reviewed_by = user
    update.reviewed_at = timezone.now()
    update.review_comment = nfc(comment)
    update.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
    for m in _unit_people(update.assignment.unit_id):
        notify(
            user=m,
            unit=update.assignment.unit,
            text=_("Báo cáo nhiệm vụ %(code)s bị trả lại: %(c)s")
            % {"code": update.assignment.task.code, "c": update.review_comment},
            url=f"/ke-hoach/phan-cong/{update.assignment_id}/",
        )
    return update


@transaction.atomic
def task_set_progress(
    *, task: Task, user, percent: int | None, note: str, expected_version: int | None = None
) -> Task:
    if not access.can_review(user, task.plan):
        raise PermissionDenied(_("Bạn không có quyền đặt tiến độ nhiệm vụ này."))
    versioning.claim(task, expected_version, mine={"manual_percent": percent, "manual_note": note})
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"percent": _("Tiến độ phải từ 0 đến 100%.")})
    if percent is not None and not nfc(note):
        raise ValidationError({"note": _("Cần ghi chú khi đặt tiến độ bằng tay.")})
    task.manual_percent = percent
    task.manual_note = nfc(note) if percent is not None else ""
    task.save(update_fields=["manual_percent", "manual_note", "updated_at", versioning.FIELD])
    return task


# --- notifications and reminders ---------------------------------------------------------------------------------


def _unit_people(unit_id: int):
    from cchc.accounts.models import User
    from cchc.orgs.models import Role as OrgRole

    ids = members_with(OrgRole.STAFF, OrgRole.HEAD, units=[unit_id]).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True)


def notify(*, user, text: str, url: str = "", unit=None, key: str = "") -> Notification | None:
    try:
        with transaction.atomic():
            return Notification.objects.create(user=user, unit=unit, text=text, url=url, key=key[:200])
    except IntegrityError:
        return None  # already sent (same key)


def notification_read(*, notification: Notification, user) -> None:
    if notification.user_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def send_reminders(
    *, today: date | None = None, days: int | None = None, email: bool = True
) -> dict[str, int]:
    """Notify each unit's staff and head of its assignments due within ``days`` working days or overdue: one in-app
    notification and one e-mail per person per day."""
    from ..selectors import assignment_timings

    today = today or timezone.localdate()
    days = days if days is not None else settings.PLANS_REMIND_DAYS
    rows = (
        Assignment.objects.filter(task__plan__status=Plan.Status.ISSUED)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("task", "task__plan", "unit")
    )
    per_unit: dict[int, dict[str, list]] = {}
    for a, t in assignment_timings(list(rows), today=today, days=days):
        if t.state in ("overdue", "due_soon"):
            per_unit.setdefault(a.unit_id, {"unit": a.unit, "overdue": [], "due_soon": []})[t.state].append(
                (a, t)
            )
    sent = mails = 0
    for unit_id, info in per_unit.items():
        n_over, n_soon = len(info["overdue"]), len(info["due_soon"])
        text = _(
            "%(unit)s: %(o)s nhiệm vụ quá hạn, %(s)s nhiệm vụ sắp đến hạn trong %(d)s ngày làm việc."
        ) % {
            "unit": info["unit"].name,
            "o": n_over,
            "s": n_soon,
            "d": days,
        }
        lines = [text, ""]
        for state, label in (("overdue", _("Quá hạn")), ("due_soon", _("Sắp đến hạn"))):
            for a, t in info[state]:
                due = t.due.strftime("%d/%m/%Y") if t.due else ""
                lines.append(f"- [{label}] {a.task.code} {a.task.content[:120]} — {_('hạn')} {due}")
        url = "/ke-hoach/nhiem-vu-cua-toi/?han=attention"
        lines += ["", settings.SITE_URL + url]
        for person in _unit_people(unit_id):
            if notify(
                user=person,
                unit=info["unit"],
                text=text,
                url=url,
                key=f"remind:{today.isoformat()}:{unit_id}",
            ):
                sent += 1
                if email and person.email:
                    send_mail(
                        _("[CCHC] Nhắc việc kế hoạch: %(o)s quá hạn, %(s)s sắp đến hạn")
                        % {"o": n_over, "s": n_soon},
                        "\n".join(lines),
                        None,
                        [person.email],
                        fail_silently=True,
                    )
                    mails += 1
    return {"units": len(per_unit), "notifications": sent, "emails": mails}
