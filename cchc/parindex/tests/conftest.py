"""Fixtures of the PAR index web tests: a small framework and a round over the shared personas' organisation."""

from __future__ import annotations

from datetime import date

import pytest

SMALL = {
    "framework": {
        "name": "Bộ tiêu chí thử nghiệm 2026",
        "year": 2026,
        "bonus_cap": 2,
        "penalty_points": 2,
        "bands": [
            {"name": "Xuất sắc", "min": 95},
            {"name": "Tốt", "min": 80},
            {"name": "Khá", "min": 70},
            {"name": "Hoàn thành nhiệm vụ", "min": 50},
            {"name": "Chưa hoàn thành nhiệm vụ", "min": 0},
        ],
        "criteria": [
            {"code": "1", "title": "Chỉ đạo, điều hành", "children": [
                {"code": "1.1", "title": "Kế hoạch CCHC", "max": 4, "evidence_required": True},
                {"code": "1.2", "title": "Tỷ lệ nhiệm vụ đúng hạn", "max": 2, "method": "plan_tasks_on_time",
                 "thresholds": [{"min": 100, "points": 2}, {"min": 80, "points": 1.5}, {"min": 0, "points": 0}]},
            ]},
            {"code": "2", "title": "Thủ tục hành chính", "children": [
                {"code": "2.1", "title": "Một cửa", "max": 2, "evidence_required": False},
                {"code": "2.2", "title": "Hài lòng", "max": 2, "method": "survey_index", "survey_measured": True,
                 "evidence_required": False},
            ]},
        ],
    }
}  # fmt: skip


@pytest.fixture
def small_framework(db):
    from cchc.parindex import services

    return services.framework_import(document=SMALL)


@pytest.fixture
def par_round(small_framework, org, personas):
    """A round organised by the city police over PC06 and ward A, in the self-assessment phase."""
    from cchc.parindex import services
    from cchc.parindex.models import Round

    rnd = services.round_create(
        actor=personas.coordinator,
        framework=small_framework,
        owner_unit=org.city,
        name="Đợt thử 2026",
        units=[org.pc06, org.ward],
        evidence_from=date(2025, 9, 15),
        evidence_to=date(2026, 9, 14),
        council=[personas.appraiser],
    )
    rnd.phase = Round.Phase.SELF
    rnd.save()
    return rnd


def assessment_of(rnd, unit):
    return rnd.assessments.get(unit=unit)


def publish(rnd, personas, *, reason="", confirm_unsubmitted=True):
    """The coordinator submits the results, the leader (Giám đốc) approves them: the published version."""
    from cchc.parindex import services

    services.round_request_publication(
        rnd=rnd, actor=personas.coordinator, reason=reason, confirm_unsubmitted=confirm_unsubmitted
    )
    return services.round_publish(rnd=rnd, actor=personas.leader)
