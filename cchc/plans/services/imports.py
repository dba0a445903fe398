"""Storing an extracted plan: validation, drafts of an import, remembered unit mappings."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts.models import User
from cchc.core.errors import DomainError
from cchc.core.locks import lock_fresh
from cchc.core.text import fold, nfc
from cchc.orgs.models import OrgUnit, UnitGroup

from .. import access
from ..deadlines import parse_deadline
from ..models import DeadlineKind, Plan, PlanImportDraft, Role, Section, Task, TaskUnit
from ..resolve import Resolver, parse_allowed_target
from ..timing import relative_days

logger = logging.getLogger(__name__)


def _date(value: object) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _body(value: object) -> list[dict[str, Any]]:
    """The document text as stored: paragraphs {"text", "heading"}, texts only."""
    out: list[dict[str, Any]] = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict) and nfc(str(item.get("text") or "")):
            out.append({"text": nfc(str(item["text"]))[:20000], "heading": bool(item.get("heading"))})
    return out[:2000]


def _section_code(code: str) -> str:
    return code.rsplit(".", 1)[0] if code and "." in code else ""


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
    user: User | None = None,
    mappings: dict[str, str] | None = None,
    filename: str = "",
    source: bytes | None = None,
) -> Plan:
    """Store an extracted (and possibly corrected) plan as a draft owned by ``issuer``, with its own text (the
    paragraphs outside the task tables, ``body``) and, when given, the original file (``source``)."""
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
        document_text=_body(data.get("body")),
        created_by=user,
    )
    if source:
        from django.core.files.base import ContentFile

        name = filename.rsplit("/", 1)[-1][:120] or "ke-hoach"
        plan.source_file.save(f"{plan.pk}-{name}", ContentFile(source), save=True)
    sections: dict[tuple[int, str], Section] = {}
    by_code: dict[tuple[int, str], Task] = {}
    refs: list[TaskUnit] = []
    for order, t in enumerate(data["tasks"]):
        table = int(t.get("table") or 1)
        section = None
        if nfc(t.get("section")):
            key = (table, fold(t["section"]))
            section = sections.get(key)
            if section is None:
                code = _section_code(nfc(t.get("parent_code") or t.get("code")))
                parent_section = next(
                    (
                        s
                        for (tb, _k), s in sections.items()
                        if tb == table and code and s.code == code.rsplit(".", 1)[0] and "." in code
                    ),
                    None,
                )
                section = Section.objects.create(
                    plan=plan, parent=parent_section, code=code, title=nfc(t["section"]), order=len(sections)
                )
                sections[key] = section
        deadline: dict[str, Any] = t.get("deadline") or {}
        raw = nfc(t.get("deadline_raw"))
        if not deadline.get("kind"):
            deadline = parse_deadline(raw, year).as_dict()
        kind = deadline.get("kind")
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
            deadline_kind=kind if kind in DeadlineKind.values else "unknown",
            deadline_start=_date(deadline.get("start")),
            deadline_end=_date(deadline.get("end")),
        )
        if code:
            by_code[(table, code)] = task
        for role, field in ((Role.LEAD, "lead"), (Role.COORDINATE, "coordinate")):
            for i, text in enumerate(t.get(field) or []):
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
    plan.subplan_due, days = _subplan_deadline(plan.document_text, year)
    plan.subplan_days = plan.subplan_days or days
    if plan.subplan_days or plan.subplan_due:
        plan.save(update_fields=["subplan_days", "subplan_due"])
    return plan


def _subplan_deadline(body: list[dict[str, Any]], year: int) -> tuple[date | None, int | None]:
    """The deadline §III gives units for their own implementing plan: "… xây dựng Kế hoạch … trước ngày
    24/01/2025" (a fixed date, seed 001) or "… trong vòng 7 ngày kể từ ngày nhận được Kế hoạch" (N days)."""
    for p in body:
        folded = fold(str(p.get("text") or ""))
        if "ke hoach" not in folded or not ("xay dung" in folded or "ban hanh" in folded):
            continue
        deadline = parse_deadline(str(p["text"]), year)
        if deadline.kind == "date" and deadline.end is not None:
            return deadline.end, None
        days = relative_days(str(p["text"]))
        if days:
            return None, days
    return None, None


def save_extracted_plan(extracted: dict[str, Any], issuer_code: str) -> int:
    """The ``import_plan --save --issuer UNIT_CODE`` contract: store as a draft of the issuer, return its id."""
    from cchc.orgs.selectors import find_one_unit

    issuer = find_one_unit(issuer_code)
    data = dict(extracted)
    if not data.get("year"):
        issued = _date(data.get("issue_date"))
        data["year"] = issued.year if issued else None
    try:
        plan = plan_create_from_extracted(data=data, issuer=issuer, filename=str(data.get("filename") or ""))
    except ValidationError as exc:
        messages = "; ".join(exc.messages)
        raise DomainError(
            "plan_not_saved", gettext_lazy("Không lưu được kế hoạch: %(messages)s"), messages=messages
        ) from exc
    return plan.pk


@transaction.atomic
def import_draft_create(
    *, user: User, issuer: OrgUnit, filename: str, data: dict[str, Any]
) -> PlanImportDraft:
    if not access.can_issue_plans_for(user, issuer):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch cho đơn vị này."))
    return PlanImportDraft.objects.create(user=user, issuer=issuer, filename=filename[:255], data=data)


@transaction.atomic
def import_draft_update(
    *, draft: PlanImportDraft, data: dict[str, Any], mappings: dict[str, str]
) -> PlanImportDraft:
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


def duplicate_plans(*, issuer: OrgUnit, year: object, doc_number: object) -> list[Plan]:
    """Plans of ``issuer`` and ``year`` already stored with the same số/ký hiệu (spaces and case aside)."""
    number = "".join(nfc(str(doc_number or "")).split())
    if not number or not isinstance(year, int):
        return []
    return list(Plan.objects.filter(issuer=issuer, year=year, doc_number__iexact=number).order_by("pk"))


@transaction.atomic
def import_draft_confirm(*, draft: PlanImportDraft, user: User, allow_duplicate: bool = False) -> Plan:
    """Save the previewed plan as a draft. A plan with the same số/ký hiệu, issuer and year already stored is
    refused unless the user confirmed (``allow_duplicate``) after the preview's warning."""
    lock_fresh(draft)  # a double click on "Xác nhận" saves one plan: the second returns the first's
    if draft.user_id != user.pk:
        raise PermissionDenied(_("Bản xem trước này không phải của bạn."))
    if draft.plan is not None:
        return draft.plan
    if not access.can_issue_plans_for(user, draft.issuer):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch cho đơn vị này."))
    twins = duplicate_plans(
        issuer=draft.issuer, year=draft.data.get("year"), doc_number=draft.data.get("doc_number")
    )
    if twins and not allow_duplicate:
        raise DomainError(
            "duplicate_plan",
            gettext_lazy(
                "Kế hoạch số %(number)s năm %(year)s của %(issuer)s đã có trên hệ thống (%(n)s bản). "
                "Hãy kiểm tra lại, hoặc xác nhận vẫn nhập."
            ),
            number=draft.data.get("doc_number"),
            year=draft.data.get("year"),
            issuer=draft.issuer.name,
            n=len(twins),
        )
    source = None
    token = draft.data.get("source_token")
    if token:
        from cchc.core import staging

        try:
            source = staging.load(str(token), user, kind="plans")
        except staging.StagedUploadError:
            logger.warning("plan import: the original file of draft %s is gone", draft.pk, exc_info=True)
    for text, target in (draft.mappings or {}).items():
        remember_mapping(text=text, target=target, issuer=draft.issuer)
    plan = plan_create_from_extracted(
        data=draft.data,
        issuer=draft.issuer,
        user=user,
        mappings=draft.mappings,
        filename=draft.filename,
        source=source,
    )
    draft.plan = plan
    draft.save(update_fields=["plan", "updated_at"])
    if token and source is not None:
        from cchc.core import staging

        transaction.on_commit(lambda: staging.discard(str(token)))
    return plan
