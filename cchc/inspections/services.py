"""Writes of the inspections module: keyword-only, atomic, validating before saving; each checks the actor's right
itself (:mod:`cchc.inspections.access`).

The plan and its tasks live in the plans module: a visit is a task of the inspection plan led by the inspecting
office; a finding, once the visit is concluded, is a task assigned to the inspected unit, so its progress reports,
evidence and reminders are those of any task. Closing a finding is the inspecting office's act: it accepts the
unit's confirmed report of remedy (through :func:`cchc.plans.services.progress_accept`) or the remedy seen on a
re-inspection.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.accounts.models import User
from cchc.core import versioning
from cchc.core.errors import DomainError
from cchc.core.text import nfc
from cchc.documents.services import document_number_reserve
from cchc.orgs.models import OrgUnit
from cchc.plans import services as plan_services
from cchc.plans.models import (
    DONE_STATUSES,
    Assignment,
    DeadlineKind,
    Plan,
    ProgressUpdate,
    Section,
    Task,
    TaskUnit,
)
from cchc.plans.models import Role as TaskRole
from cchc.plans.models import Status as TaskStatus

from . import access
from .models import Checklist, Finding, InspectionDocument, ItemResult, TeamMember, Visit
from .rules import finding_due
from .selectors import GROUPING_KINDS, calendar, concluded_at

CHECKLISTS = Path(__file__).with_name("data") / "checklists.json"
FINDINGS_SECTION = "Khắc phục tồn tại, hạn chế qua kiểm tra"
VISITS_SECTION = "Các cuộc kiểm tra"


def _fail(code: str, message: Any, **params: Any) -> DomainError:
    return DomainError(code, message, **params)


# --- checklists -----------------------------------------------------------------------------------------------


def checklists_load() -> int:
    """Load the checklists shipped as data (idempotent: a (code, version) already present is left alone)."""
    raw = json.loads(CHECKLISTS.read_text(encoding="utf-8"))
    n = 0
    for c in raw["checklists"]:
        _obj, created = Checklist.objects.get_or_create(
            code=c["code"],
            version=c["version"],
            defaults={
                "name": c["name"],
                "source": c["source"],
                "items": c["items"],
                "basis": c.get("basis", ""),
            },
        )
        n += int(created)
    return n


def default_checklist() -> Checklist:
    checklists_load()
    found = Checklist.objects.filter(source=Checklist.Source.ND63).order_by("-version").first()
    assert found is not None  # loaded just above
    return found


@transaction.atomic
def checklist_create(*, owner: OrgUnit, actor: User, name: str, lines: str, version: str = "") -> Checklist:
    """The organisation's own list: one item per line ("Nhóm | nội dung" or just the content). A new version of
    an existing code never changes the visits that used the earlier one."""
    from cchc.orgs.scope import scope_for

    if not (scope_for(actor).manage.contains(owner) or scope_for(actor).is_head_of(owner)):
        raise PermissionDenied(_("Bạn không có quyền xây dựng danh mục kiểm tra cho đơn vị này."))
    items = []
    for i, line in enumerate(x for x in (nfc(s) for s in lines.splitlines()) if x):
        area, _sep, text = line.rpartition("|")
        items.append({"code": str(i + 1), "area": nfc(area), "text": nfc(text)})
    if not nfc(name) or not items:
        raise _fail("checklist_empty", _("Cần nhập tên danh mục và ít nhất một nội dung kiểm tra."))
    code = f"OWN-{owner.code}"[:64]
    version = nfc(version) or timezone.localdate().isoformat()
    if Checklist.objects.filter(code=code, version=version).exists():
        raise _fail("checklist_version_exists", _("Phiên bản %(v)s của danh mục đã có."), v=version)
    return Checklist.objects.create(
        code=code,
        version=version[:32],
        name=nfc(name)[:255],
        source=Checklist.Source.OWN,
        owner=owner,
        items=items,
    )


def parindex_checklist(*, actor: User) -> Checklist:
    """A checklist built from the criteria of the newest PAR-index framework (each leaf criterion an item)."""
    from cchc.parindex.models import Framework

    fw = Framework.objects.order_by("-pk").first()
    if fw is None:
        raise _fail("no_framework", _("Chưa có bộ tiêu chí Chỉ số CCHC nào trên hệ thống."))
    code, version = f"PAR-{fw.pk}", f"{fw.year}-v{fw.version}"
    existing = Checklist.objects.filter(code=code, version=version).first()
    if existing:
        return existing
    items = [
        {"code": str(c.code or c.pk)[:32], "area": "", "text": c.title}
        for c in fw.criteria.filter(children__isnull=True).order_by("pk")
    ]
    return Checklist.objects.create(
        code=code, version=version, name=f"Tiêu chí {fw}"[:255], source=Checklist.Source.PARINDEX, items=items
    )


# --- the plan -------------------------------------------------------------------------------------------------


@transaction.atomic
def inspection_plan_create(
    *, issuer: OrgUnit, actor: User, year: int, title: str, self_inspection: bool = False, basis: str = ""
) -> Plan:
    if not access.can_create_plan_for(actor, issuer):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch kiểm tra cho đơn vị này."))
    if not 2000 <= year <= 2100:
        raise _fail("bad_year", _("Năm không hợp lệ: %(y)s"), y=year, field="year")
    if not nfc(title):
        raise _fail("title_required", _("Cần nhập trích yếu của kế hoạch."), field="title")
    plan = Plan.objects.create(
        issuer=issuer,
        issuer_name=issuer.name,
        title=nfc(title),
        year=year,
        basis=nfc(basis),
        kind=Plan.Kind.SELF_INSPECTION if self_inspection else Plan.Kind.INSPECTION,
        created_by=actor,
    )
    Section.objects.create(plan=plan, code="I", title=VISITS_SECTION, order=1)
    Section.objects.create(plan=plan, code="II", title=FINDINGS_SECTION, order=2)
    return plan


def _section(plan: Plan, title: str, order: int) -> Section:
    section, _created = Section.objects.get_or_create(
        plan=plan, title=title, defaults={"code": "I" if order == 1 else "II", "order": order}
    )
    return section


def _next_order(plan: Plan) -> int:
    return (plan.tasks.aggregate(m=Max("order"))["m"] or 0) + 1


@dataclass(frozen=True)
class VisitInput:
    unit: OrgUnit
    office: OrgUnit
    kind: str
    mode: str
    announced: bool
    planned_from: date
    planned_to: date
    checklist: Checklist
    re_inspection_of: Visit | None = None


def _validate_visit(plan: Plan, v: VisitInput) -> None:
    issuer = plan.issuer
    if not v.unit.path.startswith(issuer.path) or v.unit.pk == issuer.pk:
        raise _fail(
            "unit_outside_plan",
            _("Đơn vị %(u)s không thuộc phạm vi của %(i)s."),
            u=v.unit.name,
            i=issuer.name,
            field="unit",
        )
    if v.unit.kind in GROUPING_KINDS:
        raise _fail(
            "unit_is_grouping",
            _("%(u)s là nhóm, không phải cơ quan được kiểm tra."),
            u=v.unit.name,
            field="unit",
        )
    if not v.office.path.startswith(issuer.path):
        raise _fail(
            "office_outside_plan", _("Cơ quan kiểm tra phải thuộc %(i)s."), i=issuer.name, field="office"
        )
    if v.office.pk == v.unit.pk:
        raise _fail("office_is_unit", _("Cơ quan kiểm tra không tự kiểm tra chính mình."), field="office")
    if plan.kind == Plan.Kind.SELF_INSPECTION:
        if v.kind != Visit.Kind.SELF and v.kind != Visit.Kind.RE_INSPECTION:
            raise _fail(
                "self_plan_kind", _("Kế hoạch tự kiểm tra chỉ gồm các cuộc tự kiểm tra."), field="kind"
            )
        if v.unit.parent_id != issuer.pk:
            raise _fail(
                "self_plan_sub_unit",
                _("Tự kiểm tra là kiểm tra đơn vị trực thuộc %(i)s."),
                i=issuer.name,
                field="unit",
            )
    elif v.kind == Visit.Kind.SELF:
        raise _fail(
            "self_kind_in_plan", _("Cuộc tự kiểm tra thuộc kế hoạch tự kiểm tra của đơn vị."), field="kind"
        )
    if v.kind not in Visit.Kind.values or v.mode not in Visit.Mode.values:
        raise _fail("bad_kind", _("Hình thức hoặc phương thức kiểm tra không hợp lệ."), field="kind")
    if v.planned_to < v.planned_from:
        raise _fail("dates_order", _("Ngày kết thúc dự kiến trước ngày bắt đầu."), field="planned_to")
    if v.planned_from.year != plan.year:
        raise _fail(
            "date_outside_year",
            _("Cuộc kiểm tra phải diễn ra trong năm %(y)s của kế hoạch."),
            y=plan.year,
            field="planned_from",
        )
    if v.kind == Visit.Kind.RE_INSPECTION:
        prior = v.re_inspection_of
        if prior is None or prior.unit_id != v.unit.pk or prior.state != Visit.State.CONCLUDED:
            raise _fail(
                "re_inspection_needs_prior",
                _("Tái kiểm tra phải chọn một cuộc kiểm tra đã kết luận của chính đơn vị đó."),
                field="re_inspection_of",
            )


@transaction.atomic
def visit_add(*, plan: Plan, actor: User, data: VisitInput) -> Visit:
    """Plan a visit: a task of the plan led by the inspecting office (assigned at once when the plan is issued
    already — an ad hoc visit), and one result row per checklist item."""
    if not access.can_edit_plan(actor, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch kiểm tra này."))
    plan.refresh_from_db(fields=["status"])
    if plan.status == Plan.Status.CLOSED:
        raise _fail("plan_closed", _("Kế hoạch đã kết thúc."))
    _validate_visit(plan, data)
    kind_label = Visit.Kind(data.kind).label
    mode_label = Visit.Mode(data.mode).label
    announced = "" if data.announced else ", không báo trước"
    task = Task.objects.create(
        plan=plan,
        section=_section(plan, VISITS_SECTION, 1),
        order=_next_order(plan),
        code=str(plan.inspection_visits.count() + 1),
        content=f"Kiểm tra công tác CCHC tại {data.unit.name} ({kind_label.lower()}, {mode_label.lower()}{announced})",
        deadline_text=f"{data.planned_from:%d/%m/%Y} - {data.planned_to:%d/%m/%Y}",
        deadline_kind=DeadlineKind.DATE,
        deadline_start=data.planned_from,
        deadline_end=data.planned_to,
        product="Biên bản, thông báo kết luận kiểm tra",
    )
    TaskUnit.objects.create(task=task, role=TaskRole.LEAD, text=data.office.name[:500], unit=data.office)
    if plan.status == Plan.Status.ISSUED:
        Assignment.objects.create(
            task=task, unit=data.office, role=TaskRole.LEAD, received_on=timezone.localdate()
        )
    visit = Visit.objects.create(
        plan=plan,
        task=task,
        office=data.office,
        unit=data.unit,
        kind=data.kind,
        mode=data.mode,
        announced=data.announced,
        planned_from=data.planned_from,
        planned_to=data.planned_to,
        checklist=data.checklist,
        re_inspection_of=data.re_inspection_of,
    )
    ItemResult.objects.bulk_create(
        [
            ItemResult(
                visit=visit, item_code=str(it["code"])[:32], area=it.get("area", ""), text=it["text"], order=i
            )
            for i, it in enumerate(data.checklist.items)
        ]
    )
    return visit


def plan_issue(*, plan: Plan, actor: User) -> dict[str, int]:
    """Issue the inspection plan through the plans module (its visits' tasks become assignments)."""
    if not plan.inspection_visits.exists():
        raise _fail("plan_without_visits", _("Kế hoạch kiểm tra chưa có cuộc kiểm tra nào."))
    return plan_services.plan_issue(plan=plan, user=actor)


# --- the visit ------------------------------------------------------------------------------------------------


def _check_open(visit: Visit) -> None:
    if visit.state in (Visit.State.CONCLUDED, Visit.State.CANCELLED):
        raise _fail("visit_closed", _("Cuộc kiểm tra đã kết luận hoặc đã hủy, không sửa được."))


@transaction.atomic
def visit_team_set(*, visit: Visit, actor: User, members: list[tuple[str, str, str]]) -> Visit:
    """The team: (name, position, role) rows; exactly one leader."""
    access.check_inspects(actor, visit)
    _check_open(visit)
    rows = [(nfc(n), nfc(p), r) for n, p, r in members if nfc(n)]
    if not rows:
        raise _fail("team_empty", _("Đoàn kiểm tra cần ít nhất một thành viên."), field="team")
    if sum(1 for _n, _p, r in rows if r == TeamMember.Role.LEADER) != 1:
        raise _fail("team_leader", _("Đoàn kiểm tra cần đúng một trưởng đoàn."), field="team")
    if any(r not in TeamMember.Role.values for _n, _p, r in rows):
        raise _fail("team_role", _("Nhiệm vụ trong đoàn không hợp lệ."), field="team")
    visit.team.all().delete()
    TeamMember.objects.bulk_create(
        [
            TeamMember(visit=visit, name=n[:255], position=p[:255], role=r, order=i)
            for i, (n, p, r) in enumerate(rows)
        ]
    )
    if visit.state == Visit.State.PLANNED:
        visit.state = Visit.State.TEAM_FORMED
        visit.save(update_fields=["state", "updated_at"])
    return visit


@transaction.atomic
def visit_results_save(
    *,
    visit: Visit,
    actor: User,
    results: dict[str, tuple[str, str, str]],
    expected_version: int | None = None,
) -> int:
    """Results per checklist item: item code -> (result, evidence seen, notes). Returns rows changed.

    The results grid carries the visit's ``edit_version``: when another inspector saved results after this one
    loaded the page, :class:`~cchc.core.versioning.StaleEdit` is raised (nothing written) naming the items they
    changed, their value now and the one typed here."""
    access.check_inspects(actor, visit)
    _check_open(visit)
    _claim_results(visit, expected_version, results)
    n = 0
    for row in visit.results.all():
        if row.item_code not in results:
            continue
        result, evidence, notes = results[row.item_code]
        if result not in ItemResult.Result.values:
            raise _fail("bad_result", _("Kết quả không hợp lệ ở nội dung %(c)s."), c=row.item_code)
        if result == ItemResult.Result.FAIL and not nfc(notes) and not nfc(evidence):
            raise _fail(
                "fail_needs_note",
                _("Nội dung %(c)s chưa đạt: cần ghi rõ tồn tại hoặc minh chứng."),
                c=row.item_code,
            )
        new = (result, nfc(evidence), nfc(notes))
        if (row.result, row.evidence, row.notes) != new:
            row.result, row.evidence, row.notes = new
            row.save(update_fields=["result", "evidence", "notes"])
            n += 1
    return n


def _claim_results(
    visit: Visit, expected_version: int | None, typed: dict[str, tuple[str, str, str]]
) -> None:
    """One version for the visit's whole results grid; a save on a stale copy raises ``StaleEdit``."""
    rows: dict[str, ItemResult] = {}
    columns = {"result": 0, "evidence": 1, "notes": 2}

    def describe(pk: str, column: str) -> tuple[str, str, str | None] | None:
        row = rows.get(pk)
        if row is None or column not in columns:
            return None
        f = ItemResult._meta.get_field(column)
        entry = typed.get(row.item_code)
        yours = None if entry is None else versioning.show(f, entry[columns[column]])
        label = getattr(f, "verbose_name", column)
        return f"{row.item_code} — {label}", versioning.show(f, getattr(row, column)), yours

    def children(since: Any) -> list[versioning.Change]:  # only on a refusal: the rows as they are now
        rows.update({str(r.pk): r for r in visit.results.all()})
        return versioning.child_changes("inspections_itemresult", rows, since, describe)

    versioning.claim(visit, expected_version, children=children, save=True)


@transaction.atomic
def visit_self_report(*, visit: Visit, actor: User, text: str) -> Visit:
    """The inspected unit's own report before the visit."""
    if not access.speaks_for_unit(actor, visit):
        raise PermissionDenied(_("Chỉ đơn vị được kiểm tra mới gửi được báo cáo tự kiểm tra."))
    _check_open(visit)
    if not nfc(text):
        raise _fail("text_required", _("Cần nhập nội dung báo cáo."), field="text")
    visit.self_report = nfc(text)
    visit.self_report_at = timezone.now()
    visit.save(update_fields=["self_report", "self_report_at", "updated_at"])
    return visit


@transaction.atomic
def visit_unit_opinion(*, visit: Visit, actor: User, text: str) -> Visit:
    if not access.speaks_for_unit(actor, visit):
        raise PermissionDenied(_("Chỉ đơn vị được kiểm tra mới ghi được ý kiến."))
    _check_open(visit)
    visit.unit_opinion = nfc(text)
    visit.save(update_fields=["unit_opinion", "updated_at"])
    return visit


@transaction.atomic
def visit_record(
    *,
    visit: Visit,
    actor: User,
    visit_date: date,
    place: str,
    unit_people: str,
    summary: str,
    unit_opinion: str = "",
) -> Visit:
    """The record (biên bản): needs the team and a result on every checklist item."""
    access.check_inspects(actor, visit)
    _check_open(visit)
    if not visit.team.exists():
        raise _fail("team_missing", _("Chưa thành lập đoàn kiểm tra."))
    missing = visit.results.filter(result="").count()
    if missing:
        raise _fail("results_missing", _("Còn %(n)s nội dung kiểm tra chưa đánh giá."), n=missing)
    if visit_date > timezone.localdate():
        raise _fail(
            "date_in_future",
            _("Ngày kiểm tra %(d)s ở tương lai."),
            d=f"{visit_date:%d/%m/%Y}",
            field="visit_date",
        )
    if visit_date.year != visit.plan.year:
        raise _fail(
            "date_outside_year",
            _("Ngày kiểm tra phải trong năm %(y)s."),
            y=visit.plan.year,
            field="visit_date",
        )
    visit.visit_date = visit_date
    visit.place = nfc(place)[:255]
    visit.unit_people = nfc(unit_people)
    visit.summary = nfc(summary)
    if nfc(unit_opinion):
        visit.unit_opinion = nfc(unit_opinion)
    visit.recorded_on = visit_date
    visit.state = Visit.State.RECORDED
    visit.save()
    return visit


@transaction.atomic
def visit_cancel(*, visit: Visit, actor: User) -> Visit:
    if not access.can_edit_plan(actor, visit.plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch kiểm tra này."))
    _check_open(visit)
    visit.state = Visit.State.CANCELLED
    visit.save(update_fields=["state", "updated_at"])
    if visit.task_id:
        Assignment.objects.filter(task_id=visit.task_id).update(
            status=TaskStatus.NOT_DONE, reason="Hủy cuộc kiểm tra"
        )
    return visit


# --- findings -------------------------------------------------------------------------------------------------


@transaction.atomic
def finding_save(
    *,
    visit: Visit,
    actor: User,
    text: str,
    request: str,
    deadline: date | None = None,
    deadline_days: int | None = None,
    item_code: str = "",
    finding: Finding | None = None,
) -> Finding:
    """Add or edit a finding before the conclusion: a deadline as a date or as working days from the conclusion."""
    access.check_inspects(actor, visit)
    visit = _lock_open_visit(visit)
    if not nfc(text) or not nfc(request):
        raise _fail("finding_text", _("Cần nhập tồn tại, hạn chế và kiến nghị khắc phục."), field="text")
    if (deadline is None) == (deadline_days is None):
        raise _fail(
            "finding_deadline",
            _("Cần nhập hạn khắc phục: một ngày cụ thể hoặc số ngày làm việc."),
            field="deadline",
        )
    if deadline_days is not None and not 1 <= deadline_days <= 365:
        raise _fail("finding_days", _("Số ngày làm việc phải từ 1 đến 365."), field="deadline_days")
    if deadline is not None and deadline < (visit.visit_date or visit.planned_from):
        raise _fail("finding_deadline_past", _("Hạn khắc phục trước ngày kiểm tra."), field="deadline")
    if item_code and not visit.results.filter(item_code=item_code).exists():
        raise _fail("unknown_item", _("Không có nội dung kiểm tra %(c)s."), c=item_code, field="item_code")
    if finding is None:
        number = (visit.findings.aggregate(m=Max("number"))["m"] or 0) + 1
        finding = Finding(visit=visit, number=number)
    elif finding.visit_id != visit.pk:
        raise PermissionDenied
    finding.text, finding.request = nfc(text), nfc(request)
    finding.deadline, finding.deadline_days, finding.item_code = deadline, deadline_days, item_code
    finding.save()
    return finding


@transaction.atomic
def finding_delete(*, finding: Finding, actor: User) -> None:
    access.check_inspects(actor, finding.visit)
    _lock_open_visit(finding.visit)
    finding.delete()


def _lock_open_visit(visit: Visit) -> Visit:
    """The visit read again with its row locked until the transaction ends — the lock its conclusion takes — and
    checked open: findings are numbered one at a time, and none is added or removed while the visit is concluded
    (every finding of a concluded visit has its task)."""
    locked = Visit.objects.select_for_update(of=("self",)).get(pk=visit.pk)
    _check_open(locked)
    return locked


def _finding_task(visit: Visit, finding: Finding, due: date | None, on: date) -> Assignment:
    plan = visit.plan
    task = Task.objects.create(
        plan=plan,
        section=_section(plan, FINDINGS_SECTION, 2),
        order=_next_order(plan),
        code=f"KT{visit.pk}.{finding.number}",
        content=f"Khắc phục tồn tại số {finding.number} qua kiểm tra tại {visit.unit.name}: {finding.text}\n"
        f"Kiến nghị: {finding.request}",
        product="Báo cáo kết quả khắc phục kèm minh chứng",
        deadline_text=f"{due:%d/%m/%Y}" if due else "",
        deadline_kind=DeadlineKind.DATE if due else DeadlineKind.UNKNOWN,
        deadline_end=due,
    )
    TaskUnit.objects.create(task=task, role=TaskRole.LEAD, text=visit.unit.name[:500], unit=visit.unit)
    return Assignment.objects.create(task=task, unit=visit.unit, role=TaskRole.LEAD, received_on=on)


@transaction.atomic
def visit_conclude(
    *, visit: Visit, actor: User, strengths: str, report_back_date: date | None, on: date | None = None
) -> Visit:
    """Conclude a recorded visit: every finding becomes a task of the inspected unit with its deadline."""
    access.check_inspects(actor, visit)
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("plan", "unit", "office")
        .get(pk=visit.pk)
    )
    if visit.state != Visit.State.RECORDED:
        raise _fail("visit_not_recorded", _("Chỉ kết luận được cuộc kiểm tra đã lập biên bản."))
    if visit.plan.status != Plan.Status.ISSUED:
        raise _fail("plan_not_issued", _("Kế hoạch kiểm tra chưa ban hành (hoặc đã kết thúc)."))
    on = on or timezone.localdate()
    if visit.visit_date and on < visit.visit_date:
        raise _fail("conclusion_before_visit", _("Ngày kết luận trước ngày kiểm tra."), field="on")
    if not nfc(strengths):
        raise _fail("strengths_required", _("Cần nêu ưu điểm, kết quả đạt được."), field="strengths")
    findings = list(visit.findings.all())
    if findings and report_back_date is None:
        raise _fail(
            "report_back_required", _("Cần nhập hạn báo cáo kết quả khắc phục."), field="report_back_date"
        )
    if report_back_date is not None and report_back_date < on:
        raise _fail(
            "report_back_past",
            _("Hạn báo cáo kết quả khắc phục trước ngày kết luận."),
            field="report_back_date",
        )
    visit.strengths = nfc(strengths)
    visit.report_back_date = report_back_date
    visit.conclusion_date = on
    visit.concluded_by = actor
    visit.state = Visit.State.CONCLUDED
    visit.save()
    cal = calendar()
    for f in findings:
        due = finding_due(
            deadline=f.deadline, deadline_days=f.deadline_days, concluded_at=concluded_at(visit), calendar=cal
        )
        f.assignment = _finding_task(visit, f, due.date() if due else None, on)
        f.save(update_fields=["assignment", "updated_at"])
    if visit.task_id:  # the visit's own task is done
        Assignment.objects.filter(task_id=visit.task_id).update(
            status=TaskStatus.DONE, percent=100, completed_on=on
        )
    return visit


def pending_remedy(finding: Finding) -> ProgressUpdate | None:
    """The unit's confirmed report proposing the finding remedied, waiting for the inspecting office."""
    if finding.assignment_id is None:
        return None
    return (
        ProgressUpdate.objects.filter(
            assignment_id=finding.assignment_id,
            state=ProgressUpdate.State.CONFIRMED,
            status__in=DONE_STATUSES,
        )
        .order_by("-created_at")
        .first()
    )


def remedy_proposed(finding: Finding) -> bool:
    """Closing the task proposes closing the finding: done on the plans side, or a confirmed report of it."""
    a = finding.assignment
    return finding.state == Finding.State.OPEN and (
        (a is not None and a.status in DONE_STATUSES) or pending_remedy(finding) is not None
    )


@transaction.atomic
def finding_close(*, finding: Finding, actor: User, note: str = "") -> Finding:
    """The inspecting office accepts the remedy: the unit's confirmed report is accepted (its task done) and the
    finding closed."""
    visit = finding.visit
    access.check_inspects(actor, visit)
    finding = Finding.objects.select_for_update(of=("self",)).select_related("assignment").get(pk=finding.pk)
    if visit.state != Visit.State.CONCLUDED or finding.state != Finding.State.OPEN:
        raise _fail("finding_not_open", _("Kiến nghị không ở trạng thái đang khắc phục."))
    update = pending_remedy(finding)
    if update is not None:
        plan_services.progress_accept(update=update, user=actor, comment=nfc(note))
        if finding.assignment is not None:
            finding.assignment.refresh_from_db()
    elif finding.assignment is None or finding.assignment.status not in DONE_STATUSES:
        raise _fail(
            "remedy_not_reported",
            _("Đơn vị chưa báo cáo hoàn thành khắc phục (được thủ trưởng xác nhận); chưa thể chấp nhận."),
        )
    finding.state = Finding.State.CLOSED
    finding.closed_at = timezone.now()
    finding.closed_by = actor
    finding.close_note = nfc(note)
    finding.save()
    return finding


@transaction.atomic
def finding_refuse_remedy(*, finding: Finding, actor: User, note: str) -> Finding:
    """The inspecting office does not accept the remedy: the report goes back to the unit (or the task reopens)."""
    visit = finding.visit
    access.check_inspects(actor, visit)
    if finding.state != Finding.State.OPEN or visit.state != Visit.State.CONCLUDED:
        raise _fail("finding_not_open", _("Kiến nghị không ở trạng thái đang khắc phục."))
    if not nfc(note):
        raise _fail("note_required", _("Cần ghi lý do chưa chấp nhận kết quả khắc phục."), field="note")
    update = pending_remedy(finding)
    if update is not None:
        plan_services.progress_return(update=update, user=actor, comment=nfc(note))
    elif finding.assignment is not None and finding.assignment.status in DONE_STATUSES:
        a = finding.assignment
        a.status, a.percent, a.completed_on = TaskStatus.IN_PROGRESS, 50, None
        a.save(update_fields=["status", "percent", "completed_on", "updated_at"])
    else:
        raise _fail("remedy_not_reported", _("Đơn vị chưa báo cáo hoàn thành khắc phục."))
    finding.close_note = nfc(note)
    finding.save(update_fields=["close_note", "updated_at"])
    return finding


@transaction.atomic
def finding_recheck(*, finding: Finding, visit: Visit, actor: User, remedied: bool, note: str) -> Finding:
    """A re-inspection checks an open finding of an earlier visit to the same unit: remedied closes it (and its
    task), not remedied records what was seen."""
    access.check_inspects(actor, visit)
    if visit.kind != Visit.Kind.RE_INSPECTION or visit.unit_id != finding.visit.unit_id:
        raise _fail(
            "not_re_inspection", _("Chỉ cuộc tái kiểm tra đơn vị này mới kiểm tra lại được kiến nghị.")
        )
    _check_open(visit)
    if finding.state != Finding.State.OPEN or finding.visit.state != Visit.State.CONCLUDED:
        raise _fail("finding_not_open", _("Kiến nghị không ở trạng thái đang khắc phục."))
    if not nfc(note):
        raise _fail("note_required", _("Cần ghi kết quả kiểm tra lại."), field="note")
    finding.rechecked_in = visit
    finding.recheck_note = nfc(note)
    if remedied:
        finding.state = Finding.State.CLOSED
        finding.closed_at = timezone.now()
        finding.closed_by = actor
        finding.close_note = nfc(note)
        if finding.assignment is not None and finding.assignment.status not in DONE_STATUSES:
            a = finding.assignment
            a.status, a.percent, a.completed_on = TaskStatus.DONE, 100, timezone.localdate()
            a.save(update_fields=["status", "percent", "completed_on", "updated_at"])
    finding.save()
    return finding


# --- documents ------------------------------------------------------------------------------------------------

_DOC_TYPE = {"KH": "KH", "QD": "QD", "BB": "BB", "BC": "BC", "TB": "TB"}


@transaction.atomic
def document_issue(
    *, kind: str, actor: User, plan: Plan | None = None, visit: Visit | None = None, on: date | None = None
) -> InspectionDocument:
    """Take the number of a document from the issuer's register (the plan's issuer); once per document."""
    on = on or timezone.localdate()
    if kind == InspectionDocument.Kind.PLAN:
        if plan is None or not access.can_edit_plan(actor, plan):
            raise PermissionDenied(_("Bạn không có quyền cấp số cho văn bản này."))
        existing = InspectionDocument.objects.filter(plan=plan, kind=kind).first()
        issuer, summary = plan.issuer, plan.title
    else:
        if visit is None or kind not in InspectionDocument.Kind.values:
            raise _fail("bad_document", _("Loại văn bản không hợp lệ."))
        access.check_inspects(actor, visit)
        needed = {
            "QD": (Visit.State.TEAM_FORMED, Visit.State.RECORDED, Visit.State.CONCLUDED),
            "BB": (Visit.State.RECORDED, Visit.State.CONCLUDED),
            "BC": (Visit.State.RECORDED, Visit.State.CONCLUDED),
            "TB": (Visit.State.CONCLUDED,),
        }[kind]
        if visit.state not in needed:
            raise _fail("document_too_early", _("Chưa đến bước lập văn bản này của cuộc kiểm tra."))
        existing = InspectionDocument.objects.filter(visit=visit, kind=kind).first()
        plan_ = visit.plan
        issuer = plan_.issuer
        summary = f"{InspectionDocument.Kind(kind).label} công tác CCHC tại {visit.unit.name}"
    if existing is not None:
        return existing
    issued = document_number_reserve(
        issuer=issuer,
        doc_type_code=_DOC_TYPE[kind],
        symbol=issuer.short_code or issuer.code,
        summary=summary,
        on_date=on,
        user=actor,
    )
    return InspectionDocument.objects.create(
        plan=plan if kind == "KH" else None, visit=visit if kind != "KH" else None, kind=kind, issued=issued
    )
