"""Demo data of the plans module (``manage.py load_demo``; idempotent).

- Seed 000 (Kế hoạch 447/KH-CAHP-PV01) imported and issued by the Hải Phòng city police, with some tasks done,
  some in progress (reports waiting for the head or the coordinator), some overdue; PC06 has issued its own
  implementing plan, the Hồng Bàng ward police is drafting one.
- Seed 004 (Kế hoạch 89/KH-UBND) of the Ngọc Hà ward, issued, with a little progress.
"""

from __future__ import annotations

import json
import logging
import zlib
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cchc.core.text import fold

logger = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
SEED_000 = "447/KH-CAHP-PV01"
SEED_004 = "89/KH-UBND"


def _user(username):
    from cchc.accounts.models import User

    return User.objects.filter(username=username).first()


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _mappings_for(data: dict, issuer, rules: list[tuple[str, str]]) -> dict[str, str]:
    """Demo-only mappings of the long descriptive references (not remembered as aliases, so a newcomer who imports
    the seed again still sees how unresolved names are mapped)."""
    from cchc.orgs.models import UnitGroup

    from .resolve import Resolver

    resolver = Resolver(issuer)
    out = {}
    for t in data["tasks"]:
        for text in (t.get("lead") or []) + (t.get("coordinate") or []):
            res = resolver.resolve(text)
            if res.resolved or not res.text:
                continue
            for prefix, code in rules:
                if fold(res.text).startswith(prefix):
                    group = UnitGroup.objects.filter(code=code).first()
                    if group:
                        out[res.text] = f"group:{group.pk}"
                    break
    return out


def _issue(plan, user, on: date):
    from .services import plan_issue

    plan_issue(plan=plan, user=user, on=on)
    plan.refresh_from_db()
    plan.issued_at = _at(on)
    plan.save(update_fields=["issued_at"])


def _progress(plan, *, today: date, seed: int) -> None:
    """Deterministic mix: ~30% done, ~35% in progress, the rest untouched (overdue when past their deadline)."""
    from .models import Assignment, ProgressUpdate, Status

    coordinator = plan.issued_by
    rows = list(Assignment.objects.filter(task__plan=plan).select_related("task"))
    updates = []
    changed = []
    for a in rows:
        h = zlib.crc32(f"{seed}:{a.task.code}:{a.unit_id}".encode()) % 100
        end = a.task.deadline_end
        if h < 30:
            a.status = Status.DONE if not end or end >= today - timedelta(days=40) else Status.DONE_LATE
            a.percent = 100
            a.completed_on = min(today, end) if end else today
            text = "Đã hoàn thành nhiệm vụ; sản phẩm đính kèm hồ sơ lưu tại đơn vị."
        elif h < 65:
            a.status = Status.IN_PROGRESS
            a.percent = 20 + (h % 6) * 10
            text = "Đang triển khai thực hiện theo kế hoạch."
        elif h < 68:
            a.status = Status.NOT_DONE
            a.percent = 0
            a.reason = "Nhiệm vụ không phát sinh tại đơn vị trong kỳ."
            text = "Không thực hiện."
        else:
            continue
        if a.task.is_recurring:
            if a.status in (Status.DONE, Status.DONE_LATE):
                a.status, a.percent = Status.IN_PROGRESS, 75
            a.last_period = f"{today.year}-Q{(today.month - 1) // 3}" if today.month > 3 else ""
        changed.append(a)
        updates.append(
            ProgressUpdate(
                assignment=a,
                author=coordinator,
                text=text,
                status=a.status,
                percent=a.percent,
                reason=a.reason,
                state=ProgressUpdate.State.ACCEPTED,
                confirmed_by=coordinator,
                confirmed_at=timezone.now(),
                reviewed_by=coordinator,
                reviewed_at=timezone.now(),
                review_comment="Dữ liệu minh họa",
            )
        )
    Assignment.objects.bulk_update(
        changed, ["status", "percent", "completed_on", "reason", "last_period"], batch_size=1000
    )
    ProgressUpdate.objects.bulk_create(updates, batch_size=1000)


def _workflow_examples(plan) -> None:
    """A few reports through the real workflow: one accepted, one waiting for the coordinator, one for the head."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .models import Assignment, Status
    from .services import progress_accept, progress_confirm, progress_submit

    staff, head, coordinator = _user("canbo.hongbang"), _user("truongca.hongbang"), _user("daumoi.hp")
    if not (staff and head and coordinator):
        return
    mine = list(
        Assignment.objects.filter(task__plan=plan, unit__code="HP.CAP.HONGBANG", status=Status.NOT_STARTED)
        .select_related("task", "task__plan", "unit")
        .order_by("task__order")[:3]
    )
    pdf = b"%PDF-1.4\n% minh chung demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for i, a in enumerate(mine):
        update = progress_submit(
            assignment=a,
            user=staff,
            text=[
                "Đã tổ chức quán triệt tới toàn thể cán bộ, chiến sĩ.",
                "Đã triển khai 60% nội dung.",
                "Đã xây dựng dự thảo, đang xin ý kiến.",
            ][i],
            status=Status.DONE if i == 0 else Status.IN_PROGRESS,
            percent=100 if i == 0 else 60,
            files=[SimpleUploadedFile(f"minh-chung-{i + 1}.pdf", pdf, content_type="application/pdf")],
        )
        if i <= 1:
            progress_confirm(update=update, user=head)
        if i == 0:
            progress_accept(update=update, user=coordinator, comment="Đạt yêu cầu.")


def _load_000(today: date) -> None:
    from cchc.orgs.models import OrgUnit

    from .importing import extract_plan
    from .models import Plan
    from .services import plan_cascade, plan_create_from_extracted, plan_issue

    hp = OrgUnit.objects.filter(code="HP").first()
    coordinator = _user("daumoi.hp")
    if hp is None or coordinator is None or Plan.objects.filter(issuer=hp, doc_number=SEED_000).exists():
        return
    data = extract_plan(DATA / "seeds" / "seed000.txt", 2026)
    mappings = _mappings_for(
        data,
        hp,
        [
            ("cac phong chuc nang", "HP.PCN"),
            ("cong an cac don vi", "HP.CADVDP"),
            ("cong an cac dia phuong", "HP.CAXP"),
        ],
    )
    plan = plan_create_from_extracted(
        data=data, issuer=hp, user=coordinator, mappings=mappings, filename="seed000.txt"
    )
    issued_on = plan.issue_date or date(2026, 1, 19)
    _issue(plan, coordinator, issued_on)
    _progress(plan, today=today, seed=0)
    _workflow_examples(plan)
    # Cascade: PC06 issued its implementing plan on time; Hồng Bàng is drafting one.
    pc06_head = _user("truongphong.pc06")
    pc06 = OrgUnit.objects.filter(code="HP.PC06").first()
    if pc06_head and pc06:
        child = plan_cascade(parent=plan, unit=pc06, user=pc06_head)
        child.doc_number = "12/KH-PC06"
        child.issue_date = issued_on + timedelta(days=4)
        child.save(update_fields=["doc_number", "issue_date"])
        plan_issue(plan=child, user=pc06_head, on=child.issue_date)
        child.refresh_from_db()
        child.issued_at = _at(child.issue_date)
        child.save(update_fields=["issued_at"])
    hb_head = _user("truongca.hongbang")
    hb = OrgUnit.objects.filter(code="HP.CAP.HONGBANG").first()
    if hb_head and hb:
        plan_cascade(parent=plan, unit=hb, user=hb_head)


def _load_004(today: date) -> None:
    from cchc.orgs.models import OrgUnit

    from .importing import extract_plan
    from .models import Plan
    from .services import plan_create_from_extracted

    ward = OrgUnit.objects.filter(code="HN.NGOCHA").first()
    coordinator = _user("daumoi.ngocha")
    if ward is None or coordinator is None or Plan.objects.filter(issuer=ward, doc_number=SEED_004).exists():
        return
    curated = json.loads((DATA / "seed004_demo.json").read_text(encoding="utf-8"))
    try:
        data = extract_plan(DATA / "seeds" / "seed004.txt", 2026)
    except Exception:  # the OCR reader is best effort; the demo must load anyway
        logger.exception("demo: reading the seed plan seed004.txt failed; using the hand-read copy")
        data = {"tasks": []}
    # The importer reads the OCR appendix (43 tasks, units, leader, deadlines); the hand-read copy of its
    # first rows is kept as a fallback for when it reads fewer complete tasks (number, lead unit, deadline).
    complete = [
        t
        for t in data.get("tasks") or []
        if t.get("code") and t.get("lead") and (t.get("deadline") or {}).get("kind") not in (None, "unknown")
    ]
    if len(complete) < len(curated["tasks"]):
        data = curated
    data.setdefault("basis", curated["basis"])
    for key in ("doc_number", "issue_date", "issuer", "title"):
        data[key] = curated[key]
    # A coordinating cell the OCR garbled beyond repair ("Cac S?..rel.. blfari; don") reads, in this
    # table, as the ward's "Các phòng, ban, đơn vị" group.
    mappings = _mappings_for(data, ward, [("cac ", "HN.NGOCHA.PB")])
    plan = plan_create_from_extracted(
        data=data, issuer=ward, user=coordinator, mappings=mappings, filename="seed004.txt"
    )
    from .services import unresolved_references

    if unresolved_references(plan):
        return  # left as a draft for the coordinator to map
    _issue(plan, coordinator, date(2026, 2, 13))
    _progress(plan, today=today, seed=4)


def load_demo() -> None:
    from cchc.audit.context import audit_context

    from .services import send_reminders

    today = timezone.localdate()
    with audit_context(None, "demo"), transaction.atomic():
        _load_000(today)
        _load_004(today)
    with audit_context(None, "demo"):
        send_reminders(today=today, email=False)
