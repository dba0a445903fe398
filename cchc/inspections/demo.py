"""Demo data of the inspections module (``manage.py load_demo``; idempotent).

- The 2026 inspection plan of the Hải Phòng city police (seed 000 item 8.12), carried out by PV01: visits in every
  state (planned, team formed, recorded, concluded, a re-inspection), on site and electronic, announced and not;
  findings in every state (closed, remedy reported and waiting for acceptance, open in time, overdue).
- The Ngọc Hà ward's self-inspection plan for its own offices (seed 004 §V.1).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

PLAN_TITLE = "Kế hoạch kiểm tra công tác cải cách hành chính năm 2026"
SELF_TITLE = (
    "Kế hoạch tự kiểm tra công tác cải cách hành chính năm 2026 đối với các phòng, đơn vị thuộc phường"
)


def _user(username: str) -> Any:
    from cchc.accounts.models import User

    return User.objects.filter(username=username).first()


def _unit(code: str) -> Any:
    from cchc.orgs.models import OrgUnit

    return OrgUnit.objects.filter(code=code).first()


def _team(visit: Any, actor: Any, leader: str) -> None:
    from . import services

    services.visit_team_set(
        visit=visit,
        actor=actor,
        members=[
            (leader, "Phó Trưởng phòng Tham mưu", "leader"),
            ("Trần Thị Mai", "Cán bộ Đội Pháp chế, PV01", "member"),
            ("Phạm Văn Đức", "Cán bộ Phòng PC06", "secretary"),
        ],
    )


def _results(visit: Any, actor: Any, fail: set[str]) -> None:
    from . import services

    services.visit_results_save(
        visit=visit,
        actor=actor,
        results={
            r.item_code: (
                "fail" if r.item_code in fail else ("na" if r.item_code.startswith("b") else "pass"),
                "Sổ theo dõi, báo cáo định kỳ, dữ liệu trên hệ thống",
                "Chưa đạt yêu cầu" if r.item_code in fail else "",
            )
            for r in visit.results.all()
        },
    )


def _visit(plan: Any, actor: Any, unit: str, office: Any, start: date, **kw: Any) -> Any:
    from . import services

    data = services.VisitInput(
        unit=_unit(unit),
        office=office,
        kind=kw.get("kind", "periodic"),
        mode=kw.get("mode", "on_site"),
        announced=kw.get("announced", True),
        planned_from=start,
        planned_to=start + timedelta(days=kw.get("days", 2)),
        checklist=services.default_checklist(),
        re_inspection_of=kw.get("prior"),
    )
    return services.visit_add(plan=plan, actor=actor, data=data)


def _record_and_conclude(
    visit: Any,
    actor: Any,
    day: date,
    findings: list[tuple[str, str, date | None, int | None]],
    conclude_on: date | None,
) -> list[Any]:
    from . import services

    _team(visit, actor, "Nguyễn Văn Thành")
    _results(visit, actor, {"c.2", "dd.1"} if findings else set())
    made = [
        services.finding_save(visit=visit, actor=actor, text=t, request=r, deadline=d, deadline_days=n)
        for t, r, d, n in findings
    ]
    services.visit_record(
        visit=visit,
        actor=actor,
        visit_date=day,
        place=f"Trụ sở {visit.unit.name}",
        unit_people="Đồng chí Trưởng Công an phường; cán bộ phụ trách CCHC",
        summary="Đơn vị cơ bản triển khai đầy đủ các nhiệm vụ CCHC theo kế hoạch; còn một số tồn tại nêu dưới đây.",
        unit_opinion="Nhất trí với nội dung biên bản.",
    )
    if conclude_on is not None:
        visit = services.visit_conclude(
            visit=visit,
            actor=actor,
            strengths="Lãnh đạo quan tâm chỉ đạo; niêm yết công khai TTHC đầy đủ; tiếp nhận hồ sơ đúng quy trình.",
            report_back_date=conclude_on + timedelta(days=60) if findings else None,
            on=conclude_on,
        )
        for doc in ("QD", "BB", "BC", "TB"):
            services.document_issue(kind=doc, actor=actor, visit=visit, on=conclude_on)
    return made


def _remedy(finding: Any, head: Any, *, accept_by: Any = None, when: date | None = None) -> None:
    """The unit's head reports the remedy (counts as confirmed); the inspecting office accepts it when asked."""
    from cchc.plans.services import progress_submit

    from . import services

    finding.refresh_from_db()
    progress_submit(
        assignment=finding.assignment,
        user=head,
        text="Đã khắc phục: bổ sung sổ theo dõi, niêm yết lại TTHC, tập huấn cán bộ (kèm minh chứng).",
        status="done",
        files=[
            SimpleUploadedFile(
                "bien-ban-khac-phuc.pdf", b"%PDF-1.4 bien ban khac phuc", content_type="application/pdf"
            )
        ],
        today=when,
    )
    if accept_by is not None:
        services.finding_close(finding=finding, actor=accept_by, note="Kết quả khắc phục đạt yêu cầu.")


def _load_city(today: date) -> None:
    from cchc.plans.models import Plan

    from . import services

    city, office = _unit("HP"), _unit("HP.PV01")
    coordinator, head = _user("daumoi.hp"), _user("truongca.hongbang")
    if city is None or office is None or coordinator is None or head is None:
        return
    if Plan.objects.filter(issuer=city, kind=Plan.Kind.INSPECTION, year=2026, title=PLAN_TITLE).exists():
        return
    plan = services.inspection_plan_create(
        issuer=city,
        actor=coordinator,
        year=2026,
        title=PLAN_TITLE,
        basis="Căn cứ Kế hoạch số 447/KH-CAHP-PV01 ngày 19/01/2026 của Công an thành phố về công tác CCHC năm 2026.",
    )
    hongbang = _visit(plan, coordinator, "HP.CAP.HONGBANG", office, date(2026, 3, 10))
    pc06 = _visit(plan, coordinator, "HP.PC06", office, date(2026, 5, 5), mode="electronic")
    px01 = _visit(plan, coordinator, "HP.PX01", office, date(2026, 6, 2))
    lechan = _visit(
        plan, coordinator, "HP.CAP.LECHAN", office, date(2026, 9, 15), kind="ad_hoc", announced=False
    )
    ngoquyen = _visit(plan, coordinator, "HP.CAP.NGOQUYEN", office, date(2026, 12, 14))
    _visit(plan, coordinator, "HP.CAP.HAIAN", office, date(2026, 12, 21), mode="electronic")
    services.plan_issue(plan=plan, actor=coordinator)
    services.document_issue(kind="KH", actor=coordinator, plan=plan, on=date(2026, 2, 2))
    f = _record_and_conclude(
        hongbang,
        coordinator,
        date(2026, 3, 11),
        [
            (
                "Chưa cập nhật đầy đủ sổ theo dõi hồ sơ một cửa",
                "Cập nhật đầy đủ sổ theo dõi",
                date(2026, 4, 30),
                None,
            ),
            (
                "Tỷ lệ hồ sơ trễ hạn cao (6%) chưa có văn bản xin lỗi",
                "Gửi văn bản xin lỗi, rà soát quy trình",
                date(2026, 6, 30),
                None,
            ),
            (
                "Chưa công khai kết quả xử lý phản ánh, kiến nghị",
                "Công khai kết quả trên trang thông tin",
                None,
                20,
            ),
            (
                "Chưa tổ chức khảo sát sự hài lòng định kỳ",
                "Tổ chức khảo sát hằng quý",
                date(2026, 12, 31),
                None,
            ),
        ],
        date(2026, 3, 20),
    )
    _remedy(f[0], head, accept_by=coordinator, when=date(2026, 4, 20))  # closed
    _remedy(f[2], head, when=date(2026, 4, 10))  # remedy reported, waiting for the office
    # f[1] stays open past its deadline (overdue); f[3] open in time
    g = _record_and_conclude(
        pc06,
        coordinator,
        date(2026, 5, 6),
        [("Báo cáo CCHC quý I gửi chậm", "Gửi báo cáo đúng hạn theo quy định", date(2026, 7, 31), None)],
        date(2026, 5, 15),
    )
    pc06_head = _user("truongphong.pc06")
    if pc06_head is not None:
        _remedy(g[0], pc06_head, accept_by=coordinator, when=date(2026, 6, 15))
    _record_and_conclude(px01, coordinator, date(2026, 6, 3), [], date(2026, 6, 10))
    _record_and_conclude(
        lechan,
        coordinator,
        date(2026, 9, 16),
        [("Niêm yết TTHC chưa cập nhật", "Niêm yết lại bộ TTHC mới", None, 10)],
        None,  # recorded, the conclusion being drafted
    )
    _team(ngoquyen, coordinator, "Nguyễn Văn Thành")
    services.visit_self_report(
        visit=ngoquyen,
        actor=_user("quantri") or coordinator,
        text="Đơn vị đã tự kiểm tra, kết quả đạt 9/10 nội dung.",
    )
    # a re-inspection of Hồng Bàng checking the open findings
    hongbang.refresh_from_db()
    _visit(
        plan,
        coordinator,
        "HP.CAP.HONGBANG",
        office,
        date(2026, 12, 16),
        kind="re_inspection",
        prior=hongbang,
        announced=False,
    )


def _load_ward(today: date) -> None:
    from cchc.plans.models import Plan

    from . import services

    ward, actor = _unit("HN.NGOCHA"), _user("daumoi.ngocha")
    if ward is None or actor is None or _unit("HN.NGOCHA.VP") is None:
        return
    if Plan.objects.filter(issuer=ward, kind=Plan.Kind.SELF_INSPECTION, year=2026).exists():
        return
    plan = services.inspection_plan_create(
        issuer=ward, actor=actor, year=2026, title=SELF_TITLE, self_inspection=True,
        basis="Căn cứ Kế hoạch số 89/KH-UBND của UBND phường Ngọc Hà về CCHC năm 2026.",
    )  # fmt: skip
    vp = _visit(plan, actor, "HN.NGOCHA.VP", ward, date(2026, 4, 6), kind="self")
    _visit(plan, actor, "HN.NGOCHA.VHXH", ward, date(2026, 12, 17), kind="self", mode="electronic")
    _visit(plan, actor, "HN.NGOCHA.KTHTDT", ward, date(2026, 12, 22), kind="self")
    services.plan_issue(plan=plan, actor=actor)
    _record_and_conclude(
        vp,
        actor,
        date(2026, 4, 7),
        [("Hồ sơ trễ hạn chưa được số hóa đầy đủ", "Số hóa 100% hồ sơ tiếp nhận", date(2026, 12, 31), None)],
        date(2026, 4, 15),
    )


def load_demo() -> None:
    from cchc.audit.context import audit_context

    from .services import checklists_load

    today = timezone.localdate()
    with audit_context(None, "demo"), transaction.atomic():
        checklists_load()
        _load_city(today)
        _load_ward(today)
