"""Shared set-up for the plans module's Django tests: unit groups over the `org` fixture and a small plan."""

from __future__ import annotations

import copy

SAMPLE = {
    "doc_number": "447/KH-CAHP-PV01",
    "issue_date": "2026-01-19",
    "issuer": "Công an thành phố Hải Phòng",
    "title": "Thực hiện công tác cải cách hành chính năm 2026",
    "year": 2026,
    "tasks": [
        {
            "table": 1,
            "code": "1.1",
            "parent_code": None,
            "section": "Cải cách thể chế",
            "content": "Rà soát văn bản quy phạm pháp luật",
            "lead": ["PV01"],
            "coordinate": ["Công an các đơn vị, địa phương"],
            "deadline_raw": "Quý I/2026",
            "deadline": {"kind": "quarter", "start": "2026-01-01", "end": "2026-03-31"},
            "product": "Báo cáo",
        },
        {
            "table": 1,
            "code": "1.2",
            "parent_code": None,
            "section": "Cải cách thể chế",
            "content": "Tuyên truyền cải cách hành chính",
            "lead": ["PC06"],
            "coordinate": ["PV01", "Các đơn vị nghiệp vụ được giao chủ trì"],
            "deadline_raw": "Thường xuyên",
            "deadline": {"kind": "recurring", "start": "2026-01-01", "end": "2026-12-31"},
            "product": None,
        },
        {
            "table": 1,
            "code": "8.8",
            "parent_code": None,
            "section": "Tổ chức thực hiện",
            "content": "Xây dựng kế hoạch thực hiện của đơn vị",
            "lead": ["Công an xã, phường, đặc khu"],
            "coordinate": [],
            "deadline_raw": "Trong vòng 7 ngày kể từ ngày nhận được Kế hoạch này",
            "deadline": {"kind": "relative", "start": None, "end": None},
            "product": "Kế hoạch",
            "leader": "Đ/c Phó Giám đốc",
            "target": "100% đơn vị ban hành kế hoạch",
        },
    ],
    "warnings": [],
}


def sample() -> dict:
    return copy.deepcopy(SAMPLE)


def make_groups(org):
    from cchc.orgs.models import UnitGroup

    all_units = UnitGroup.objects.create(
        code="HP.CADVDP",
        name="Công an các đơn vị, địa phương",
        root=org.city,
        kinds=["police_department", "commune_police"],
        aliases=["Công an đơn vị, địa phương"],
    )
    wards = UnitGroup.objects.create(
        code="HP.CAXP",
        name="Công an xã, phường, đặc khu",
        root=org.city,
        kinds=["commune_police"],
        aliases=["Công an các địa phương"],
    )
    return all_units, wards


def issued_plan(org, personas, data=None, *, on=None):
    """A plan of the city police, fully resolved and issued by the coordinator."""
    from datetime import date

    from cchc.orgs.models import UnitGroup
    from cchc.plans.services import plan_create_from_extracted, plan_issue

    if not UnitGroup.objects.filter(code="HP.CADVDP").exists():
        make_groups(org)
    from cchc.plans.models import Plan

    data = data or sample()
    taken = Plan.objects.filter(issuer=org.city, doc_number=data.get("doc_number")).count()
    if taken:  # one số/ký hiệu per issuer and year: a test's second plan gets its own number
        data["doc_number"] = f"{447 + taken}/KH-CAHP-PV01"
    depts = UnitGroup.objects.get(code="HP.CADVDP")
    plan = plan_create_from_extracted(
        data=data,
        issuer=org.city,
        user=personas.coordinator,
        mappings={"Các đơn vị nghiệp vụ được giao chủ trì": f"group:{depts.pk}"},
    )
    plan_issue(plan=plan, user=personas.coordinator, on=on or date(2026, 1, 19))
    plan.refresh_from_db()
    return plan
