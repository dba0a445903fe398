"""Demo data (``make run``): a citizen survey for the Hải Phòng police, service points with QR codes at PC06 and
two wards, a few dossier tokens, 120 days of answers up to yesterday (some flagged, one accepted), and a few paper
answers to the organisations' survey (Phiếu 01, Phiếu 02) so that Mẫu báo cáo số 02 has content.

Realistic: one-stop desks in Vietnam typically measure 85–95 % satisfaction, so most answers are 4–5 with some
lower ones; the desks differ a little (Lê Chân is the weakest) and low ratings come with critical comments.
Deterministic: every number comes from a seeded generator that does not depend on the load date (only the dates
shift with it), so two fresh loads give the same answers, flags and results. Idempotent: nothing is added when the
demo survey already exists."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from cchc.orgs.models import OrgUnit

from . import answering, services
from .catalog import get_questionnaire
from .models import Origin, Response, Status, Survey

DEMO_TITLE = "Khảo sát sự hài lòng của người dân, tổ chức năm 2026 (dữ liệu mẫu)"
ORG_DEMO_TITLE = "Lấy ý kiến cơ quan, tổ chức về công tác cải cách hành chính năm 2026 (dữ liệu mẫu)"
SEED = 2026
DAYS = 120
RESPONSES = 600
POINTS = [
    ("HP.PC06", "Bộ phận một cửa PC06 – Quầy cấp căn cước", "Tầng 1, trụ sở PC06"),
    ("HP.PC06", "Bộ phận một cửa PC06 – Quầy đăng ký cư trú", "Tầng 1, trụ sở PC06"),
    ("HP.CAP.HONGBANG", "Bộ phận tiếp dân Công an phường Hồng Bàng", ""),
    ("HP.CAP.LECHAN", "Bộ phận tiếp dân Công an phường Lê Chân", ""),
]
# Weights of the answers 5, 4, 3, 2, 1 at each unit's desks (about 92 %, 89 % and 82 % satisfied).
WEIGHTS = {
    "HP.PC06": (56, 36, 6, 1.5, 0.5),
    "HP.CAP.HONGBANG": (48, 41, 8, 2, 1),
    "HP.CAP.LECHAN": (38, 44, 12, 4, 2),
}
ORG_WEIGHTS = (40, 48, 10, 2, 0)
PRAISE = [
    "Cán bộ nhiệt tình, hướng dẫn rõ ràng.",
    "Rất hài lòng, thủ tục nhanh gọn.",
    "Trả kết quả đúng hẹn, cảm ơn các cán bộ.",
    "Nơi làm thủ tục sạch sẽ, có nước uống và chỗ ngồi.",
    "Được hướng dẫn nộp hồ sơ trực tuyến, tiết kiệm thời gian.",
]
CRITICISM = [
    "Chỗ ngồi chờ hơi chật vào buổi sáng.",
    "Thời gian chờ lâu, mong bổ sung thêm quầy.",
    "Nên có thêm máy lấy số thứ tự.",
    "Phải bổ sung giấy tờ hai lần vì hướng dẫn lần đầu chưa đủ.",
]
VALUES = (5, 4, 3, 2, 1)


def _rating(rng: random.Random, weights) -> int:
    return rng.choices(VALUES, weights=weights)[0]


def _citizen_answers(rng: random.Random, q, weights) -> tuple[dict, int]:
    """One citizen's answers: a general mood, most questions at that mood, some independent; a few skipped
    (more on the feedback questions, which many citizens never used)."""
    mood = _rating(rng, weights)
    data = {}
    for question in q.questions:
        if question.type != "likert":
            continue
        skip = 0.3 if question.dimension == "gop_y" else 0.03
        if rng.random() < skip:
            data[question.key] = "0"
        else:
            data[question.key] = str(mood if rng.random() < 0.75 else _rating(rng, weights))
    return data, mood


def _when(rng: random.Random, start) -> datetime:
    """A moment during office hours (07:30–16:30) on a working day within the demo's 120 days."""
    day = start + timedelta(days=int(rng.random() * DAYS))
    if day.weekday() >= 5:  # the desks are closed at the weekend: the Friday before
        day -= timedelta(days=day.weekday() - 4)
    minutes = int(rng.random() * 540)
    return timezone.make_aware(datetime.combine(day, time(7, 30))) + timedelta(minutes=minutes)


@transaction.atomic
def load_demo() -> None:
    if Survey.objects.filter(title=DEMO_TITLE).exists():
        return
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["HP", *{p[0] for p in POINTS}])}
    if "HP" not in units:
        return
    today = timezone.localdate()
    start = today - timedelta(days=DAYS)
    opens_at = timezone.make_aware(datetime.combine(start - timedelta(days=7), time(7, 0)))
    survey = services.survey_create(
        title=DEMO_TITLE, questionnaire="sipas_citizen:1", unit=units["HP"], opens_at=opens_at
    )
    points = [
        services.service_point_create(unit=units[code], name=name, location=loc)
        for code, name, loc in POINTS
        if code in units
    ]
    for i, point in enumerate(points):
        services.dossier_token_issue(unit=point.unit, dossier_code=f"HS-DEMO-{i + 1:04d}", source="demo")
    q = get_questionnaire("sipas_citizen", 1)
    rng = random.Random(SEED)
    responses = []
    for n in range(RESPONSES):
        point = points[n % len(points)]
        data, mood = _citizen_answers(rng, q, WEIGHTS.get(point.unit.code, WEIGHTS["HP.PC06"]))
        if rng.random() < 0.25:
            data["comment"] = rng.choice(PRAISE if mood >= 4 else CRITICISM)
        reading = answering.read_answers(q, data)
        when = _when(rng, start)
        flags = []
        if n % 37 == 0:
            flags = ["duplicate"]
        elif n % 53 == 0:
            flags = ["too_fast"]
        elif n % 71 == 0:
            flags = ["honeypot"]
        fill = rng.randrange(40, 240)
        responses.append(
            Response(
                survey=survey,
                unit=point.unit,
                service_point=point,
                origin=Origin.PAPER if n % 10 == 0 else Origin.QR,
                submitted_at=when,
                day=timezone.localdate(when),
                answers=reading.answers,
                comment=reading.comment,
                status=Status.FLAGGED if flags else Status.OK,
                flags=flags,
                fill_seconds=3 if "too_fast" in flags else fill,
            )
        )
    responses.sort(key=lambda r: r.submitted_at)
    services.responses_bulk_record(responses)
    first_flagged = Response.objects.filter(survey=survey, status=Status.FLAGGED).order_by("pk").first()
    if first_flagged is not None:
        services.response_review(response=first_flagged, accept=True, user=None)
    _load_organisation_demo(units["HP"], start, opens_at, rng)
    for point in points:  # a sample size per desk unit for the year (seed 001 PL03): coverage shows the gaps
        services.response_target_set(unit=point.unit, year=today.year, responses=300, actor=None)


def _load_organisation_demo(unit, start, opens_at, rng: random.Random) -> None:
    """Phiếu 01 (departments) and Phiếu 02 (local bodies) rating the city police's CCHC work, entered on paper."""
    survey = services.survey_create(
        title=ORG_DEMO_TITLE, questionnaire="org_survey_phieu01:1", unit=unit, opens_at=opens_at
    )
    survey_02 = services.survey_create(
        title=ORG_DEMO_TITLE.replace("cơ quan, tổ chức", "cơ quan, tổ chức ở địa phương"),
        questionnaire="org_survey_phieu02:1",
        unit=unit,
        opens_at=opens_at,
    )
    responses = []
    for target, count in ((survey, 12), (survey_02, 18)):
        q = target.questionnaire
        for _ in range(count):
            data = {
                question.key: str(_rating(rng, ORG_WEIGHTS))
                for question in q.questions
                if question.type == "likert"
            }
            reading = answering.read_answers(q, data)
            when = _when(rng, start)
            responses.append(
                Response(
                    survey=target,
                    unit=unit,
                    origin=Origin.PAPER,
                    submitted_at=when,
                    day=timezone.localdate(when),
                    answers=reading.answers,
                    comment=reading.comment,
                )
            )
    services.responses_bulk_record(responses)
