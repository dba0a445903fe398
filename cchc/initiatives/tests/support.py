"""Fixtures of the initiatives tests: a council of the city police and one of the city, a recognised initiative."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cchc.initiatives import services
from cchc.initiatives.models import Council, Initiative

CRITERIA = [
    ("1", "Tính mới", Decimal("30")),
    ("2", "Khả năng áp dụng", Decimal("30")),
    ("3", "Hiệu quả", Decimal("40")),
]
TEXT = {
    "situation_before": "Trước: 15 phút/hồ sơ",
    "solution": "Quét mã QR",
    "novelty": "Lần đầu tại đơn vị",
    "effect_before": "15 phút",
    "effect_after": "4 phút",
}


def council(
    org: Any, personas: Any, *, scope: str = "unit", members: list[tuple[Any, str]] | None = None
) -> Council:
    owner = org.city if scope == "unit" else org.other_city
    actor = personas.coordinator if scope == "unit" else personas.other_coordinator
    return services.council_create(
        actor=actor,
        owner=owner,
        name=f"Hội đồng {scope}",
        scope=scope,
        year=2026,
        members=members or [(personas.leader, "chair"), (personas.appraiser, "member")],
        criteria=CRITERIA,
    )


def proposal(org: Any, personas: Any, *, title: str = "Tiếp nhận bằng mã QR", **extra: Any) -> Initiative:
    from datetime import date

    data = {**TEXT, "first_applied_on": date(2026, 3, 1), **extra}
    return services.initiative_create(
        actor=personas.ward_officer,
        unit=org.ward,
        title=title,
        authors=[
            {"name": "Vũ Thị Lan", "share": 70, "user": personas.ward_officer},
            {"name": "Đỗ Minh", "share": 30},
        ],
        year=2026,
        **data,
    )


def recognised(org: Any, personas: Any, *, unit_council: Council | None = None) -> Initiative:
    initiative = proposal(org, personas)
    services.initiative_submit(initiative=initiative, actor=personas.ward_officer)
    review = services.review_open(
        initiative=initiative, actor=personas.coordinator, council=unit_council or council(org, personas)
    )
    for member in (personas.leader, personas.appraiser):
        services.scores_save(review=review, actor=member, points={"1": "25", "2": "25", "3": "30"})
    services.review_decide(review=review, actor=personas.coordinator, recognised=True)
    initiative.refresh_from_db()
    return initiative
