"""Demo data (``make run``): a citizen survey for the Hải Phòng police, service points with QR codes at PC06 and
two wards, a few dossier tokens, and four months of answers (some flagged, one accepted). Idempotent: nothing is
added when the demo survey already exists."""

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
POINTS = [
    ("HP.PC06", "Bộ phận một cửa PC06 – Quầy cấp căn cước", "Tầng 1, trụ sở PC06"),
    ("HP.PC06", "Bộ phận một cửa PC06 – Quầy đăng ký cư trú", "Tầng 1, trụ sở PC06"),
    ("HP.CAP.HONGBANG", "Bộ phận tiếp dân Công an phường Hồng Bàng", ""),
    ("HP.CAP.LECHAN", "Bộ phận tiếp dân Công an phường Lê Chân", ""),
]
COMMENTS = [
    "Cán bộ nhiệt tình, hướng dẫn rõ ràng.",
    "Chỗ ngồi chờ hơi chật vào buổi sáng.",
    "Thời gian chờ lâu, mong bổ sung thêm quầy.",
    "Rất hài lòng, thủ tục nhanh gọn.",
    "Nên có thêm máy lấy số thứ tự.",
]


@transaction.atomic
def load_demo() -> None:
    if Survey.objects.filter(title=DEMO_TITLE).exists():
        return
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["HP", *{p[0] for p in POINTS}])}
    if "HP" not in units:
        return
    now = timezone.now()
    start = timezone.make_aware(
        datetime.combine((now - timedelta(days=120)).date().replace(day=1), time(7, 0))
    )
    survey = services.survey_create(
        title=DEMO_TITLE, questionnaire="sipas_citizen:1", unit=units["HP"], opens_at=start
    )
    points = [
        services.service_point_create(unit=units[code], name=name, location=loc)
        for code, name, loc in POINTS
        if code in units
    ]
    for i, point in enumerate(points):
        services.dossier_token_issue(unit=point.unit, dossier_code=f"HS-DEMO-{i + 1:04d}", source="demo")
    q = get_questionnaire("sipas_citizen", 1)
    rng = random.Random(2026)
    responses = []
    days = (now - start).days
    for n in range(600):
        point = points[n % len(points)]
        base = 4 if point.unit.code != "HP.CAP.LECHAN" else 3
        data = {}
        for question in q.questions:
            if question.type == "likert":
                data[question.key] = (
                    "0"
                    if rng.random() < 0.05
                    else str(max(1, min(5, base + rng.choice((-2, -1, 0, 0, 1, 1)))))
                )
        if rng.random() < 0.25:
            data["comment"] = rng.choice(COMMENTS)
        reading = answering.read_answers(q, data)
        when = start + timedelta(
            days=rng.randrange(max(days, 1)), hours=rng.randrange(1, 9), minutes=rng.randrange(60)
        )
        flags = []
        if n % 37 == 0:
            flags = ["duplicate"]
        elif n % 53 == 0:
            flags = ["too_fast"]
        elif n % 71 == 0:
            flags = ["honeypot"]
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
                fill_seconds=3 if "too_fast" in flags else rng.randrange(40, 240),
            )
        )
    services.responses_bulk_record(responses)
    first_flagged = Response.objects.filter(survey=survey, status=Status.FLAGGED).order_by("pk").first()
    if first_flagged is not None:
        services.response_review(response=first_flagged, accept=True, user=None)
