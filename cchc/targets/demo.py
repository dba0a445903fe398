"""Demo targets: the figures of the seed plans for the demo units (Công an thành phố Hải Phòng), this year and
last. Idempotent (get_or_create on unit, year, code)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cchc.audit.context import audit_context
from cchc.orgs.models import OrgUnit

from .models import Target

SEED_000 = "Kế hoạch CCHC năm {year} (seed 000, Phụ lục 2.3.1) — dữ liệu mẫu"
SEED_002 = "Kế hoạch CCHC năm {year} (seed 002) — dữ liệu mẫu"
SEED_004 = "Kế hoạch CCHC năm {year} của UBND phường (seed 004) — dữ liệu mẫu"

# (unit code, code, comparison, value, applies to the subtree, source)
DEMO = [
    ("HP", "onestop.DOSSIER_ON_TIME", ">=", 100, True, SEED_004),  # "100% hồ sơ TTHC trả kết quả đúng hạn"
    ("HP", "onestop.ONLINE_FULL_DOSSIERS", ">", 80, True, SEED_000),  # "trên 80% trực tuyến"
    ("HP", "onestop.SO_HOA_GIAY_TO_GIAI_QUYET", ">=", 80, True, SEED_004),  # "tối thiểu 80% … được số hóa"
    ("HP", "onestop.ONLINE_PAYMENT_DOSSIERS", ">=", 50, True, SEED_000),
    ("HP.PC06", "onestop.DOSSIER_ON_TIME", ">=", 98, False, SEED_000),
    ("HP", "surveys.INDEX", ">=", 90, True, SEED_004),  # "mức độ hài lòng … từ 90% trở lên"
    ("HP", "pakn.PETITION_PROCESSING_ON_TIME", ">=", 100, True, SEED_004),  # "100% PAKN … xử lý đúng hạn"
    ("HP", "inspections.COVERAGE", ">=", 100, False, SEED_002),  # "100% đơn vị được kiểm tra"
    ("HP", "inspections.FINDINGS_CLOSED", ">=", 100, False, SEED_004),  # "100% nội dung … được khắc phục"
    ("HP", "plans.TASKS_ON_TIME", ">=", 100, True, SEED_002),  # "Hoàn thành 100% nhiệm vụ"
    ("HP", "reports.ON_TIME", ">=", 100, True, SEED_004),  # "100% chế độ báo cáo"
    ("HP", "parindex.INDEX", ">=", 85, True, SEED_004),  # "PAR INDEX … trong nhóm dẫn đầu"
    ("HP", "onestop.766_TOTAL", ">=", 85, True, SEED_002),
]
MANUAL = [
    # no platform module holds the staff-training figures: typed by a person (seed 004 "100% cán bộ … được đào tạo")
    (
        "HP.PV01",
        "manual.STAFF_TRAINED",
        ">=",
        100,
        "Tỷ lệ cán bộ được đào tạo, bồi dưỡng theo vị trí việc làm",
        96,
    ),
]


def load_demo() -> None:
    from django.contrib.auth import get_user_model

    entered_by = get_user_model().objects.filter(username="daumoi.hp").first()  # the city's CCHC coordinator
    units = {
        u.code: u for u in OrgUnit.objects.filter(code__in={d[0] for d in DEMO} | {m[0] for m in MANUAL})
    }
    this_year = (timezone.localdate() - timedelta(days=1)).year
    with audit_context(None, "demo:targets"):
        for year in (this_year - 1, this_year):
            for code, measure, comparison, value, subtree, source in DEMO:
                unit = units.get(code)
                if unit is None:
                    continue
                Target.objects.get_or_create(
                    unit=unit,
                    year=year,
                    code=measure,
                    defaults={
                        "comparison": comparison,
                        "value": Decimal(value),
                        "applies_to_subtree": subtree,
                        "source": source.format(year=year),
                    },
                )
            for code, measure, comparison, value, title, actual in MANUAL:
                unit = units.get(code)
                if unit is None:
                    continue
                Target.objects.get_or_create(
                    unit=unit,
                    year=year,
                    code=measure,
                    defaults={
                        "comparison": comparison,
                        "value": Decimal(value),
                        "title": title,
                        "source": SEED_004.format(year=year),
                        "manual_value": Decimal(actual),
                        "manual_by": entered_by,
                        "manual_at": timezone.now(),
                        "created_by": entered_by,
                    },
                )
