"""Shared steps of the inspections tests: a plan of the city police inspecting the ward, concluded with a finding."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from cchc.inspections import services
from cchc.inspections.models import Finding, Visit
from cchc.plans.models import Plan


def plan_with_visit(org: Any, actor: Any, *, unit: Any = None, issue: bool = True) -> tuple[Plan, Visit]:
    plan = services.inspection_plan_create(
        issuer=org.city, actor=actor, year=2026, title="Kế hoạch kiểm tra 2026"
    )
    visit = services.visit_add(
        plan=plan,
        actor=actor,
        data=services.VisitInput(
            unit=unit or org.ward,
            office=org.pv01,
            kind="periodic",
            mode="on_site",
            announced=True,
            planned_from=date(2026, 3, 10),
            planned_to=date(2026, 3, 12),
            checklist=services.default_checklist(),
        ),
    )
    if issue:
        services.plan_issue(plan=plan, actor=actor)
    return plan, visit


def record(
    visit: Visit, actor: Any, *, findings: list[dict[str, Any]] | None = None, text: str = "Tốt"
) -> list[Finding]:
    services.visit_team_set(
        visit=visit, actor=actor, members=[("Nguyễn Văn A", "Phó Trưởng phòng PV01", "leader")]
    )
    services.visit_results_save(
        visit=visit,
        actor=actor,
        results={r.item_code: ("pass", "Sổ theo dõi", "") for r in visit.results.all()},
    )
    made = [
        services.finding_save(visit=visit, actor=actor, text=f.get("text", text), request=f.get("request", "Khắc phục"),
                              deadline=f.get("deadline"), deadline_days=f.get("days"))
        for f in (findings or [])
    ]  # fmt: skip
    services.visit_record(
        visit=visit, actor=actor, visit_date=date(2026, 3, 11), place="Trụ sở", unit_people="Trưởng Công an phường",
        summary=f"Kết quả {text}",
    )  # fmt: skip
    return made


def concluded(
    org: Any,
    actor: Any,
    *,
    deadline: date | None = date(2026, 6, 30),
    days: int | None = None,
    on: date = date(2026, 3, 20),
) -> tuple[Plan, Visit, Finding]:
    plan, visit = plan_with_visit(org, actor)
    (finding,) = record(
        visit, actor, findings=[{"deadline": deadline, "days": days, "text": "Chưa cập nhật sổ theo dõi"}]
    )
    visit = services.visit_conclude(
        visit=visit, actor=actor, strengths="Chỉ đạo sát sao", report_back_date=date(2026, 5, 1), on=on
    )
    finding.refresh_from_db()
    return plan, visit, finding


def evidence() -> list[UploadedFile[bytes]]:
    """A remedy's evidence file (tasks that name a product need one to be finished)."""
    return [SimpleUploadedFile("khac-phuc.pdf", b"%PDF-1.4 khac phuc", content_type="application/pdf")]
