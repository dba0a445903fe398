"""The target register over a province of 5,000 units: ``targets_for_subtree`` + ``evaluate`` for every unit.

A throw-away database (suffix ``bench_targets``) gets a province (1 root, 50 districts, 4,949 communes) and, at the
root, targets applying to the whole subtree for every measure (one-stop on-time ratio, PAKN on time, plan tasks on
time, reports on time, satisfaction index, the 766 total, inspection coverage and findings closed). Timed: expanding
the targets to every unit (8 × 5,000 rows) and evaluating them all, as ``targets --unit ROOT`` does, then each
measure alone. Goal: well under 1 s for all of them (printed, not asserted).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CCHC_TEST_DB_SUFFIX", "bench_targets")

UNITS = 5000
CODES = [
    "onestop.DOSSIER_ON_TIME",
    "pakn.PETITION_PROCESSING_ON_TIME",
    "plans.TASKS_ON_TIME",
    "reports.ON_TIME",
    "surveys.INDEX",
    "onestop.766_TOTAL",
    "inspections.COVERAGE",
    "inspections.FINDINGS_CLOSED",
]


def main() -> None:
    from bench.django_env import bench_database

    with bench_database() as connection:
        from datetime import date

        from django.db import reset_queries
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse

        from cchc.orgs.models import OrgUnit
        from cchc.targets.models import Target
        from cchc.targets.selectors import Applied, evaluate, targets_for_subtree

        root = OrgUnit.objects.create(code="BT", name="Tỉnh thử tải", kind="provincial_police")
        districts = OrgUnit.objects.bulk_create(
            [
                OrgUnit(code=f"BT.D{i:02d}", name=f"Huyện {i}", kind="district_police", parent=root)
                for i in range(50)
            ]
        )
        OrgUnit.objects.bulk_create(
            [
                OrgUnit(
                    code=f"BT.D{i % 50:02d}.X{i:04d}",
                    name=f"Xã {i}",
                    kind="commune_police",
                    parent=districts[i % 50],
                )
                for i in range(UNITS - 51)
            ],
            batch_size=1000,
        )
        root.refresh_from_db()
        for code in CODES:
            Target.objects.create(unit=root, year=2026, code=code, value=90, applies_to_subtree=True)
        as_of = date(2026, 12, 6)
        reverse("targets:list")  # the URLconf loaded before timing, as in a running server
        reset_queries()
        started = time.perf_counter()
        profile = None
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        with CaptureQueriesContext(connection) as ctx:
            items = targets_for_subtree(root, 2026)
            expanded = time.perf_counter() - started
            statuses = evaluate(items, as_of)
        total = time.perf_counter() - started
        if profile is not None:
            import pstats

            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        print(f"   units: {OrgUnit.objects.count()}, rows: {len(statuses)}")
        print(f"   targets_for_subtree: {expanded * 1000:.0f} ms")
        print(
            f"   targets_for_subtree + evaluate: {total * 1000:.0f} ms, {len(ctx.captured_queries)} queries"
        )
        by_code: dict[str, list[Applied]] = {}
        for a in items:
            by_code.setdefault(a.target.code, []).append(a)
        for code, group in by_code.items():  # each measure alone: which one the time goes to
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as one:
                evaluate(group, as_of)
            print(
                f"   evaluate {code} for {len(group)} units: {(time.perf_counter() - started) * 1000:.0f} ms, "
                f"{len(one.captured_queries)} queries"
            )


if __name__ == "__main__":
    main()
