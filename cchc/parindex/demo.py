"""Demo data: the Sóc Trăng police rounds 2023 and 2024 (finished and published) and an open 2026 round for the
Hải Phòng police units. Idempotent: each round is created once, by name. Scores are generated deterministically.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from cchc.accounts.models import User
from cchc.audit.context import audit_context
from cchc.orgs.models import OrgUnit

from . import services
from .models import Adjustment, Assessment, Evidence, Round, Score

ST_2024 = "Xác định Chỉ số CCHC năm 2024 của Công an các đơn vị, địa phương — Công an tỉnh Sóc Trăng"
ST_2023 = "Xác định Chỉ số CCHC năm 2023 của Công an các đơn vị, địa phương — Công an tỉnh Sóc Trăng"
HP_2026 = "Xác định Chỉ số CCHC năm 2026 của Công an các đơn vị, địa phương — Công an thành phố Hải Phòng"
HP_2025 = "Xác định Chỉ số CCHC năm 2025 của Công an các đơn vị, địa phương — Công an thành phố Hải Phòng"
HP_UNITS = ["HP.PV01", "HP.PC06", "HP.PC07", "HP.PC08", "HP.PA08", "HP.CAP.HONGBANG", "HP.CAP.LECHAN"]
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def load_demo() -> None:
    with audit_context(None, "demo:parindex"):
        _st_round(2023, ST_2023)
        _st_round(2024, ST_2024)
        _hp_round()
        _hp_2025_round()


def _q(value: float) -> Decimal:
    return (Decimal(str(value)) * 4).quantize(Decimal(1)) / 4  # quarter points, as councils score


@transaction.atomic
def _st_round(year: int, name: str) -> None:
    if Round.objects.filter(name=name).exists():
        return
    st = OrgUnit.objects.filter(code="ST").first()
    if st is None:
        return
    admin = _user("quantri")
    fw = services.sample_framework(year=year, actor=admin)
    units = list(
        OrgUnit.objects.filter(parent=st, kind__in=["police_department", "district_police"]).order_by("path")
    )
    rnd = services.round_create(
        actor=admin,
        framework=fw,
        owner_unit=st,
        name=name,
        units=units,
        evidence_from=date(year - 1, 9, 15),
        evidence_to=date(year, 9, 14),
        deadlines={
            "self_due": date(year, 9, 17),
            "round1_due": date(year, 10, 15),
            "explanation_due": date(year, 10, 22),
            "round2_due": date(year, 10, 30),
            "publish_due": date(year, 10, 30),
        },
        council=[u for u in (admin, _user("thamdinh.hp")) if u],
    )
    rng = random.Random(f"{year}-st")
    for a in rnd.assessments.select_related("unit"):
        strength = rng.uniform(0.62, 0.97)
        district = a.unit.kind == "district_police"
        for s in a.scores.select_related("criterion"):
            c = s.criterion
            mx = float(c.max_points)
            if district and c.code == "2.1":
                s.na_requested, s.na_reason = True, "Công an cấp huyện không được giao xây dựng văn bản QPPL."
                s.na_decision = Score.Decision.APPROVED
            elif not district and c.code == "3.7" and a.unit.short_code in ("PX01", "PX03", "PH10"):
                s.na_requested, s.na_reason = True, "Đơn vị không trực tiếp giải quyết thủ tục hành chính."
                s.na_decision = (
                    Score.Decision.APPROVED if a.unit.short_code != "PH10" else Score.Decision.REJECTED
                )
            base = min(mx, max(0.0, mx * rng.gauss(strength, 0.12)))
            if not c.survey_measured:
                s.self_score = min(c.max_points, _q(base + mx * 0.1))
                s.self_note = "Đã thực hiện theo kế hoạch; có văn bản kèm theo."
            s.round1 = min(c.max_points, _q(base))
            if s.round1 < (s.self_score or 0):
                s.round1_comment = "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả tự chấm."
                if rng.random() < 0.5:
                    s.response = "Đơn vị bổ sung văn bản báo cáo kết quả thực hiện."
                    s.round2 = min(c.max_points, _q(float(s.round1) + mx * 0.1))
                    s.round2_comment = "Chấp nhận một phần giải trình."
            s.computed_detail = "" if c.method == "manual" else "Số liệu nhập tay từ kết quả năm (demo)."
            s.save()
        if a.unit.short_code in ("PC06", "PC08") or (year == 2024 and a.unit.short_code == "PA08"):
            Adjustment.objects.create(
                assessment=a, kind=Adjustment.Kind.BONUS, points=Decimal("1.5"),
                reason="Sáng kiến CCHC được công nhận cấp tỉnh.",
            )  # fmt: skip
        if a.unit.code.endswith("MYXUYEN") or (year == 2023 and a.unit.short_code == "PC07"):
            Adjustment.objects.create(
                assessment=a, kind=Adjustment.Kind.PENALTY, points=Decimal(2),
                reason="Đơn thư phản ánh về thái độ phục vụ được cơ quan có thẩm quyền xác minh là đúng.",
            )  # fmt: skip
        first = a.scores.select_related("criterion").order_by("criterion__position")[0]
        Evidence.objects.create(
            assessment=a, criterion=first.criterion, title="Kế hoạch CCHC năm của đơn vị", record_kind="plan",
            record_id=f"KH-{a.unit.short_code}-{year}",
        )  # fmt: skip
        a.status = Assessment.Status.EXPLAINED
        a.save(update_fields=["status"])
    rnd.phase = Round.Phase.ROUND2
    rnd.save(update_fields=["phase"])
    rnd.publish_requested_by = admin
    version = services._freeze_results(rnd, admin)  # a past year's results, approved outside the platform
    version.published_at = version.published_at.replace(year=year, month=10, day=30)
    version.save(update_fields=["published_at"])


@transaction.atomic
def _hp_2025_round() -> None:
    """Last year's Hải Phòng round, appraised (round 2). The initiatives demo has its council decide the bonuses of
    the initiatives recognised at city level in 2025 (one accepted, one rejected); :func:`publish_demo_rounds`
    then publishes it, as it was in January 2026."""
    if Round.objects.filter(name=HP_2025).exists():
        return
    hp = OrgUnit.objects.filter(code="HP").first()
    coordinator, member = _user("daumoi.hp"), _user("thamdinh.hp")
    if hp is None or member is None:
        return
    rnd = services.round_create(
        actor=coordinator,
        framework=services.sample_framework(year=2025, actor=coordinator),
        owner_unit=hp,
        name=HP_2025,
        units=list(OrgUnit.objects.filter(code__in=HP_UNITS).order_by("path")),
        evidence_from=date(2024, 9, 15),
        evidence_to=date(2025, 9, 14),
        deadlines={
            "self_due": date(2025, 10, 10),
            "round1_due": date(2025, 11, 10),
            "explanation_due": date(2025, 11, 20),
            "round2_due": date(2025, 12, 5),
            "publish_due": date(2026, 1, 8),
        },
        council=[member],  # a council of one: its member agrees the scores, bonuses and penalties
    )
    rng = random.Random("2025-hp")
    for a in rnd.assessments.select_related("unit"):
        strength = rng.uniform(0.7, 0.95)
        for s in a.scores.select_related("criterion"):
            mx = float(s.criterion.max_points)
            base = min(mx, max(0.0, mx * rng.gauss(strength, 0.1)))
            if not s.criterion.survey_measured:
                s.self_score = min(s.criterion.max_points, _q(base + mx * 0.05))
                s.self_note = "Đã thực hiện theo kế hoạch; có văn bản kèm theo."
            s.round1 = min(s.criterion.max_points, _q(base))
            s.round2 = s.round1
            s.computed_detail = (
                "" if s.criterion.method == "manual" else "Số liệu nhập tay từ kết quả năm (demo)."
            )
            s.save()
        a.status = Assessment.Status.EXPLAINED
        a.save(update_fields=["status"])
    rnd.phase = Round.Phase.ROUND2
    rnd.publish_requested_by = coordinator
    rnd.save(update_fields=["phase", "publish_requested_by"])


def publish_demo_rounds() -> None:
    """After every module's demo (a finisher): last year's Hải Phòng round, its bonuses decided, is published."""
    rnd = Round.objects.filter(name=HP_2025, phase=Round.Phase.ROUND2).first()
    if rnd is None:
        return
    with audit_context(None, "demo:parindex"), transaction.atomic():
        version = services._freeze_results(rnd, _user("lanhdao.hp"))
        version.published_at = version.published_at.replace(year=2026, month=1, day=6)
        version.save(update_fields=["published_at"])


@transaction.atomic
def _hp_round() -> None:
    if Round.objects.filter(name=HP_2026).exists():
        return
    hp = OrgUnit.objects.filter(code="HP").first()
    if hp is None:
        return
    coordinator = _user("daumoi.hp")
    fw = services.sample_framework(year=2026, actor=coordinator)
    units = list(OrgUnit.objects.filter(code__in=HP_UNITS).order_by("path"))
    rnd = services.round_create(
        actor=coordinator,
        framework=fw,
        owner_unit=hp,
        name=HP_2026,
        units=units,
        evidence_from=date(2025, 9, 15),
        evidence_to=date(2026, 9, 14),
        deadlines={
            "self_due": date(2026, 12, 10),
            "round1_due": date(2026, 12, 20),
            "explanation_due": date(2026, 12, 25),
            "round2_due": date(2026, 12, 30),
            "publish_due": date(2027, 1, 8),
        },
        council=[u for u in (_user("thamdinh.hp"),) if u],
    )
    rnd.phase = Round.Phase.SELF
    rnd.save(update_fields=["phase"])
    rng = random.Random("2026-hp")
    staff = _user("canbo.pc06")
    for a in rnd.assessments.select_related("unit"):
        if a.unit.code == "HP.PC06":
            # Half done: the demo user canbo.pc06 carries on.
            for s in a.scores.select_related("criterion").order_by("criterion__position")[:8]:
                s.self_score = min(
                    s.criterion.max_points, _q(float(s.criterion.max_points) * rng.uniform(0.7, 1))
                )
                s.self_note = "Đã ban hành và triển khai đúng hạn."
                s.save()
                ev = Evidence(
                    assessment=a, criterion=s.criterion, title="Văn bản kết quả thực hiện.pdf", added_by=staff
                )
                ev.size = len(TINY_PDF)
                ev.file.save("van-ban-ket-qua.pdf", ContentFile(TINY_PDF), save=False)
                ev.save()
        elif a.unit.code == "HP.PC07":
            for s in a.scores.select_related("criterion"):
                if not s.criterion.survey_measured:
                    s.self_score = min(
                        s.criterion.max_points, _q(float(s.criterion.max_points) * rng.uniform(0.6, 1))
                    )
                    s.no_evidence_note = "Tài liệu lưu tại đơn vị, gửi bản giấy về PV01."
                    s.save()
            a.status = Assessment.Status.SUBMITTED
            a.save(update_fields=["status"])


def refresh_demo_computed() -> None:
    """The demo round under way computes its connected criteria from the other modules' demo data (loaded after this
    module's): the same refresh a unit gets from the "cập nhật" button. Idempotent."""
    rnd = Round.objects.filter(name=HP_2026, phase__in=[Round.Phase.DRAFT, Round.Phase.SELF]).first()
    if rnd is None:
        return
    with audit_context(None, "demo:parindex"):
        for a in rnd.assessments.select_related("unit", "round"):
            services.refresh_computed(assessment=a)
