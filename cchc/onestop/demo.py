"""Demo data (``make run``): a catalogue of common police procedures, marked as demo data, and a year of generated
dossiers up to the day before the first load, for the Hải Phòng demo units — late ones (and some still open, due
soon or overdue) and apology letters included — plus plan targets and a few portal figures.

Idempotent: the dossiers are created once (the demo import batch records when); later runs reuse that date, so
running ``load_demo`` again changes nothing. Times and fees are plausible, not official.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from cchc.audit.context import audit_context
from cchc.orgs.models import OrgUnit

from .importing import DossierRows, DueCalculator, load_dossier_rows
from .models import ApologyLetter, Dossier, ImportBatch, PortalFigure, Procedure

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_BATCH = "demo: hồ sơ một cửa (một năm)"

# code, name, field, level, amount, unit, fee, online, postal, paper_result, for_citizens
PROCEDURES = [
    (
        "DEMO.CT.01",
        "Đăng ký thường trú",
        "Đăng ký, quản lý cư trú",
        "Cấp xã",
        7,
        "working_days",
        20000,
        "full",
        0,
        0,
        1,
    ),
    (
        "DEMO.CT.02",
        "Đăng ký tạm trú",
        "Đăng ký, quản lý cư trú",
        "Cấp xã",
        3,
        "working_days",
        15000,
        "full",
        0,
        0,
        1,
    ),
    (
        "DEMO.CT.03",
        "Xóa đăng ký thường trú",
        "Đăng ký, quản lý cư trú",
        "Cấp xã",
        1,
        "working_days",
        0,
        "full",
        0,
        0,
        1,
    ),
    (
        "DEMO.CT.04",
        "Xác nhận thông tin về cư trú",
        "Đăng ký, quản lý cư trú",
        "Cấp xã",
        8,
        "hours",
        0,
        "full",
        0,
        1,
        1,
    ),
    (
        "DEMO.CC.01",
        "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên",
        "Căn cước",
        "Cấp tỉnh, cấp xã",
        7,
        "working_days",
        0,
        "partial",
        1,
        1,
        1,
    ),
    (
        "DEMO.CC.02",
        "Cấp đổi thẻ căn cước",
        "Căn cước",
        "Cấp tỉnh, cấp xã",
        7,
        "working_days",
        50000,
        "partial",
        1,
        1,
        1,
    ),
    (
        "DEMO.CC.03",
        "Xác nhận số chứng minh nhân dân 9 số, số định danh cá nhân",
        "Căn cước",
        "Cấp tỉnh, cấp xã",
        3,
        "working_days",
        0,
        "full",
        0,
        1,
        1,
    ),
    (
        "DEMO.DX.01",
        "Đăng ký xe lần đầu (xe mô tô, xe gắn máy)",
        "Đăng ký, quản lý phương tiện giao thông",
        "Cấp xã",
        2,
        "working_days",
        1000000,
        "partial",
        0,
        1,
        1,
    ),
    (
        "DEMO.DX.02",
        "Cấp đổi chứng nhận đăng ký xe, biển số xe",
        "Đăng ký, quản lý phương tiện giao thông",
        "Cấp tỉnh",
        3,
        "working_days",
        150000,
        "full",
        1,
        1,
        1,
    ),
    (
        "DEMO.XNC.01",
        "Cấp hộ chiếu phổ thông ở trong nước",
        "Xuất nhập cảnh",
        "Cấp tỉnh",
        8,
        "working_days",
        200000,
        "full",
        1,
        1,
        1,
    ),
    (
        "DEMO.XNC.02",
        "Cấp thị thực cho người nước ngoài tại Việt Nam",
        "Xuất nhập cảnh",
        "Cấp tỉnh",
        5,
        "working_days",
        500000,
        "partial",
        0,
        1,
        0,
    ),
    (
        "DEMO.ANTT.01",
        "Cấp Giấy chứng nhận đủ điều kiện về an ninh, trật tự để kinh doanh ngành, nghề có điều kiện",
        "Quản lý ngành, nghề kinh doanh có điều kiện",
        "Cấp tỉnh",
        5,
        "working_days",
        300000,
        "full",
        1,
        1,
        0,
    ),
    (
        "DEMO.PCCC.01",
        "Thẩm duyệt thiết kế về phòng cháy và chữa cháy",
        "Phòng cháy, chữa cháy",
        "Cấp tỉnh",
        15,
        "days",
        0,
        "partial",
        1,
        1,
        0,
    ),
    (
        "DEMO.VK.01",
        "Cấp giấy phép sử dụng công cụ hỗ trợ",
        "Quản lý vũ khí, vật liệu nổ, công cụ hỗ trợ",
        "Cấp tỉnh",
        1,
        "months",
        0,
        "none",
        0,
        1,
        0,
    ),
]

# unit code → (procedure codes, dossiers per year, on-time skill 0..1)
UNITS = {
    "HP.PC06": (["DEMO.CC.01", "DEMO.CC.02", "DEMO.CC.03", "DEMO.CT.04", "DEMO.ANTT.01"], 2600, 0.97),
    "HP.PC08": (["DEMO.DX.02"], 900, 0.9),
    "HP.PA08": (["DEMO.XNC.01", "DEMO.XNC.02"], 1500, 0.95),
    "HP.PC07": (["DEMO.PCCC.01", "DEMO.VK.01"], 250, 0.85),
    "HP.CAP.HONGBANG": (
        ["DEMO.CT.01", "DEMO.CT.02", "DEMO.CT.03", "DEMO.CT.04", "DEMO.CC.01", "DEMO.DX.01"],
        1800,
        0.96,
    ),
    "HP.CAP.LECHAN": (["DEMO.CT.01", "DEMO.CT.02", "DEMO.CT.03", "DEMO.CC.01", "DEMO.DX.01"], 1500, 0.9),
    "HP.CAP.NGOQUYEN": (["DEMO.CT.01", "DEMO.CT.02", "DEMO.CC.01", "DEMO.DX.01"], 1300, 0.98),
    "HP.CAP.HAIAN": (["DEMO.CT.01", "DEMO.CT.02", "DEMO.CT.03", "DEMO.CC.01"], 900, 0.88),
    "HP.CAP.KIENAN": (["DEMO.CT.01", "DEMO.CT.02", "DEMO.CC.01", "DEMO.DX.01"], 800, 0.93),
    "HP.CAP.DOSON": (["DEMO.CT.01", "DEMO.CT.02", "DEMO.CC.01"], 600, 0.8),
}

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Minh Châu",
    "Quang Dũng",
    "Thu Hà",
    "Đức Huy",
    "Thị Lan",
    "Văn Nam",
    "Hải Yến",
]
STREETS = ["Lạch Tray", "Điện Biên Phủ", "Trần Phú", "Lê Lợi", "Tô Hiệu", "Hai Bà Trưng", "Cầu Đất"]
REASONS = [
    "Hồ sơ cần xác minh thêm thông tin cư trú tại địa phương khác.",
    "Hệ thống Cơ sở dữ liệu quốc gia về dân cư gián đoạn kết nối trong thời gian giải quyết.",
    "Cần lấy ý kiến của cơ quan có liên quan theo quy định.",
    "Số lượng hồ sơ tiếp nhận tăng đột biến so với năng lực xử lý.",
]


def load_demo() -> None:
    from .management.commands.load_index766 import load_index766

    with audit_context(None, "demo:onestop"):
        load_index766()
        batch = ImportBatch.objects.filter(kind=ImportBatch.Kind.DEMO, file_name=DEMO_BATCH).first()
        now = batch.started_at if batch else timezone.now()
        last_day = now.astimezone(TZ).date() - timedelta(days=1)
        _procedures(last_day)
        if batch is None:
            _dossiers(last_day - timedelta(days=365), last_day, now)
        _portal_figures(last_day)


def _procedures(last_day: date | None = None) -> None:
    """The demo catalogue, on the national list (the Ministry's police procedures every organisation shares; an
    organisation that changes one gets its own copy). Its publishing decisions are spread over the demo year (one every few weeks), so that
    every quarter has procedures to publish and to make public — most on time, some late."""
    last_day = last_day or timezone.localdate() - timedelta(days=1)
    first_day = last_day - timedelta(days=365)
    step = 365 // len(PROCEDURES)
    for i, (code, name, field, level, amount, unit, fee, online, postal, paper, citizens) in enumerate(
        PROCEDURES
    ):
        decided = first_day + timedelta(days=step * i + 3)
        Procedure.objects.get_or_create(
            code=code,
            owner=None,
            defaults={
                "name": name,
                "field": field,
                "level": level,
                "processing_amount": amount,
                "processing_unit": unit,
                "fee": Decimal(fee),
                "online_level": online,
                "postal": bool(postal),
                "paper_result": bool(paper),
                "for_citizens": bool(citizens),
                "decision_ref": f"{1000 + 37 * i}/QĐ-BCA (dữ liệu mẫu)",
                "decision_date": decided,
                # Due 5 working days before the legal basis takes effect: every fourth decision comes too late.
                "legal_basis_effective_on": decided + timedelta(days=4 if i % 4 == 3 else 20 + i % 3),
                # Made public within 5 working days, except every fifth (12 days later); the last one not yet.
                "published_on": None
                if i == len(PROCEDURES) - 1
                else decided + timedelta(days=12 if i % 5 == 4 else 1 + i % 3),
                "public_on_unit_page": i % 6 != 5,
                "content_full": i % 7 != 6,
                "is_demo": True,
            },
        )


def _dossiers(first_day: date, last_day: date, now: datetime) -> None:
    from cchc.workdays.services import calendars_by_unit

    units = {u.code: u for u in OrgUnit.objects.filter(code__in=list(UNITS))}
    if not units:
        return
    procs = {
        p.code: p for p in Procedure.objects.filter(code__in=[p[0] for p in PROCEDURES], owner__isnull=True)
    }
    rng = random.Random(20261120)
    due_for = DueCalculator(calendars_by_unit({u.pk for u in units.values()}))
    days = (last_day - first_day).days + 1
    rows = []
    late_candidates = []
    for unit_code, (proc_codes, per_year, skill) in UNITS.items():
        unit = units.get(unit_code)
        if unit is None:
            continue
        for n in range(per_year):
            proc = procs[rng.choice(proc_codes)]
            day = first_day + timedelta(days=rng.randrange(days))
            if day.weekday() == 6 or (day.weekday() == 5 and rng.random() < 0.7):
                day -= timedelta(days=2)
            received = datetime(
                day.year,
                day.month,
                day.day,
                rng.choice([7, 8, 9, 10, 11, 13, 14, 15, 16]),
                rng.randrange(60),
                tzinfo=TZ,
            )
            due = due_for(unit.pk, received, proc.processing_amount, proc.processing_unit)
            channel = (
                "online"
                if proc.online_level != "none"
                and rng.random() < (0.85 if proc.online_level == "full" else 0.4)
                else rng.choice(["direct", "direct", "postal"])
                if proc.postal
                else "direct"
            )
            span = due - received
            requests = 0
            req = comp = None
            if rng.random() < 0.08:
                requests = 1 if rng.random() < 0.85 else 2
                req = received + span * rng.uniform(0.1, 0.4)
                comp = req + timedelta(days=rng.uniform(0.5, 4))
            late = rng.random() > skill
            recent = (last_day - day).days < 12
            finished = None
            status = "processing"
            if not (recent and rng.random() < 0.6):
                factor = rng.uniform(1.05, 1.6) if late else rng.uniform(0.3, 0.98)
                finished = received + span * factor + ((comp - req) if req and comp else timedelta(0))
                status = rng.choice(["done", "returned", "returned"]) if rng.random() > 0.01 else "withdrawn"
                if comp is None and req is not None:
                    comp = req + timedelta(days=1)
                    finished = max(finished, comp + timedelta(hours=2))
            elif req is not None and rng.random() < 0.5:
                comp = None
                status = "supplement"
            # Nothing in the demo happens after the moment it is generated (no result dated tomorrow).
            if req is not None and req > now:
                requests, req, comp = 0, None, None
            if comp is not None and comp > now:
                comp = None
            if finished is not None and finished > now:
                finished = None
                status = "supplement" if req is not None and comp is None else "processing"
            fee = proc.fee > 0
            name = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
            code = f"{unit.short_code or unit.code.split('.')[-1]}-{received:%y%m%d}-{n:05d}"
            rows.append(
                (
                    code,
                    unit.pk,
                    proc.pk,
                    channel,
                    received,
                    due,
                    finished,
                    status,
                    requests,
                    req,
                    comp,
                    fee,
                    fee and channel == "online" and rng.random() < 0.7,
                    rng.random() < 0.9,
                    proc.paper_result and rng.random() < 0.75,
                    rng.random() < 0.55,
                    rng.random() < 0.6,
                    rng.random() < 0.01,
                    "dislike" if rng.random() < 0.02 else ("like" if rng.random() < 0.5 else ""),
                    name,
                    f"{rng.randrange(1, 200)} {rng.choice(STREETS)}, Hải Phòng",
                    f"09{rng.randrange(10**7, 10**8)}",
                )
            )
            if (finished is None and due < now) or (finished and finished > due):
                late_candidates.append((code, unit.pk))
    with transaction.atomic():
        load_dossier_rows(
            DossierRows(rows, {r[1] for r in rows}),
            name=DEMO_BATCH,
            via="demo",
            kind=ImportBatch.Kind.DEMO,
            demo=True,
        )
        with (
            connection.cursor() as cur
        ):  # fresh statistics: each letter's number is a MAX over the unit's dossiers
            cur.execute("ANALYZE onestop_dossier, onestop_apologyletter")
        _letters(rng, [c for c, _u in late_candidates])


def _letters(rng: random.Random, codes: list[str]) -> None:
    from .services import apology_issue

    chosen = [c for c in codes if rng.random() < 0.45]
    for d in Dossier.objects.filter(code__in=chosen).select_related("unit").order_by("due_at"):
        if ApologyLetter.objects.filter(dossier=d).exists():
            continue
        new_due = d.due_at + timedelta(days=rng.choice([3, 5, 7]))
        apology_issue(
            dossier=d,
            reason=rng.choice(REASONS),
            new_due_at=new_due,
            place="Hải Phòng",
            signer_title="Trưởng Công an phường" if "CAP" in d.unit.code else "Trưởng phòng",
            signer_name="",
            issued_at=d.due_at - timedelta(days=1),
            demo=True,
        )


def _portal_figures(last_day: date) -> None:
    units = list(OrgUnit.objects.filter(code__in=[*UNITS, "HP"]))
    quarters = []
    for year in (last_day.year - 1, last_day.year):
        for m in (1, 4, 7, 10):
            end = (date(year, m + 3, 1) if m < 10 else date(year + 1, 1, 1)) - timedelta(days=1)
            quarters.append((date(year, m, 1), end))
    for unit in units:
        for q_from, q_to in quarters:
            for code, values in (
                ("DOSSIER_SYNC", {"ratio": Decimal("100")}),
                ("PETITION_PROCESSING_ON_TIME", {"numerator": 0, "denominator": 0}),
                ("PETITION_HANDLING_SATISFACTION", {"numerator": 0, "denominator": 0}),
                ("ELECTRONIC_CERTIFIED_COPY", {"ratio": Decimal("100")}),
                ("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", {"ratio": Decimal("0")}),
            ):
                PortalFigure.objects.get_or_create(
                    unit=unit,
                    period_from=q_from,
                    period_to=q_to,
                    code=code,
                    defaults={**values, "note": "Dữ liệu mẫu", "state": PortalFigure.State.APPROVED},
                )


def load_publications() -> None:
    """Three published months of the city police's 766 results (the last three months over), approved by its
    coordinator after every module's demo data is in (the PAKN records count in the petition items). Idempotent:
    nothing is done once the city has a publication."""
    from django.contrib.auth import get_user_model

    from .models import Publication766
    from .publish766 import publication_approve

    city = OrgUnit.objects.filter(code="HP").first()
    actor = get_user_model().objects.filter(username="daumoi.hp").first()
    if city is None or actor is None or Publication766.objects.filter(organiser=city).exists():
        return
    month = timezone.localdate().replace(day=1)
    months = []
    for _i in range(3):
        month = (month - timedelta(days=1)).replace(day=1)
        months.append(month)
    with audit_context(actor, "demo:onestop"):
        for m in reversed(months):
            publication_approve(organiser=city, month=m, actor=actor)
