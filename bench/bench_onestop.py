"""One-stop benchmarks (issue 7):

1. ``import_dossiers`` of 1,000,000 dossiers (canonical CSV, 150 units) — target < 60 s, then a re-import of the same
   file (all rows unchanged: update-by-code path), and once more as the province's coordinator (the existing dossiers
   the rows touch checked against their data scope, in SQL).
2. ``onestop_indicators`` for one quarter over those 1,000,000 dossiers and 150 units — target < 3 s — against one
   hand-written SQL query computing the same on-time counts (S and on time per unit), measured in the same run;
   target: ratio ≤ 1.5.

Usage: .venv/bin/python bench/run.py onestop   (env BENCH_DOSSIERS to change the size)
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

N = int(os.environ.get("BENCH_DOSSIERS", "1000000"))
UNITS = 150
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

HAND_SQL = """
SELECT unit_id,
       count(*) AS s,
       count(*) FILTER (WHERE supplement_requests < 2 AND
           (CASE WHEN finished_at <= %(as_of)s THEN finished_at
                 WHEN supplement_requests = 1 AND supplement_requested_at <= %(as_of)s
                      AND (supplement_completed_at IS NULL OR supplement_completed_at > %(as_of)s)
                 THEN supplement_requested_at ELSE %(as_of)s END)
           - CASE WHEN supplement_completed_at <= (CASE WHEN finished_at <= %(as_of)s THEN finished_at
                 WHEN supplement_requests = 1 AND supplement_requested_at <= %(as_of)s
                      AND (supplement_completed_at IS NULL OR supplement_completed_at > %(as_of)s)
                 THEN supplement_requested_at ELSE %(as_of)s END)
                  AND supplement_requested_at <= (CASE WHEN finished_at <= %(as_of)s THEN finished_at
                 WHEN supplement_requests = 1 AND supplement_requested_at <= %(as_of)s
                      AND (supplement_completed_at IS NULL OR supplement_completed_at > %(as_of)s)
                 THEN supplement_requested_at ELSE %(as_of)s END)
                  THEN greatest(supplement_completed_at - supplement_requested_at, interval '0')
                  ELSE interval '0' END <= due_at) AS on_time
FROM onestop_dossier
WHERE received_at <= %(as_of)s AND (finished_at IS NULL OR finished_at >= %(start)s)
GROUP BY unit_id
"""


def _write_csv(path: Path, unit_codes: list[str], proc_codes: list[str]) -> None:
    from cchc.onestop.importing import DOSSIER_COLUMNS

    rng = random.Random(2026)
    start = datetime(2025, 10, 1, tzinfo=TZ)
    span = 365 * 24 * 60
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(DOSSIER_COLUMNS)
        for i in range(N):
            received = start + timedelta(minutes=rng.randrange(span))
            due = received + timedelta(days=rng.choice((1, 3, 5, 7, 10, 15)))
            roll = rng.random()
            finished = received + timedelta(hours=rng.randrange(1, 400)) if roll < 0.93 else None
            status = ("done", "returned")[i % 2] if finished else "processing"
            n_req = 1 if roll > 0.9 else 0
            req = (received + timedelta(hours=5)).isoformat() if n_req else ""
            comp = (received + timedelta(hours=30)).isoformat() if n_req and roll > 0.95 else ""
            w.writerow(
                (
                    f"B{i:08d}",
                    unit_codes[i % len(unit_codes)],
                    proc_codes[i % len(proc_codes)],
                    ("direct", "online", "postal")[i % 3],
                    received.isoformat(),
                    due.isoformat(),
                    finished.isoformat() if finished else "",
                    status,
                    n_req,
                    req,
                    comp,
                    i % 2,
                    i % 4 == 0,
                    int(roll < 0.8),
                    int(roll < 0.7),
                    int(roll < 0.5),
                    int(roll < 0.3),
                    int(roll < 0.02),
                    ("", "like", "dislike")[i % 3],
                )
            )


def _setup_org_and_catalogue() -> tuple[list[str], list[str]]:
    from cchc.onestop.importing import PROCEDURE_COLUMNS, import_procedures
    from cchc.onestop.tables import read_table
    from cchc.orgs.models import OrgUnit

    root = OrgUnit.objects.create(code="GL", name="Công an tỉnh Gia Lai", kind="provincial_police")
    codes = []
    for i in range(UNITS - 1):
        u = OrgUnit.objects.create(
            code=f"GL.U{i:03d}", name=f"Công an xã {i}", kind="commune_police", parent=root
        )
        codes.append(u.code)
    codes.append(root.code)
    buf = StringIO()
    w = csv.writer(buf)
    w.writerow(PROCEDURE_COLUMNS)
    procs = []
    for i in range(60):
        code = f"P{i:03d}"
        procs.append(code)
        unit = ("working_days", "days", "hours", "months")[i % 4]
        w.writerow(
            (
                code,
                f"Thủ tục {i}",
                f"Lĩnh vực {i % 6}",
                "Cấp xã",
                5,
                unit,
                (i % 3) * 10000,
                ("none", "partial", "full")[i % 3],
                i % 2,
                i % 2,
                1,
            )
        )
    import_procedures(read_table(buf.getvalue().encode(), "procedures.csv"))
    return codes, procs


def _coordinator():
    """A coordinator of the province: imports as them are held to their data scope (issue 11)."""
    from django.contrib.auth import get_user_model

    from cchc.orgs.models import Membership, OrgUnit

    user = get_user_model().objects.create_user(username="bench.daumoi", password="x")
    Membership.objects.create(
        user=user,
        unit=OrgUnit.objects.get(code="GL"),
        role="coordinator",
        data_scope="subtree",
        view_scope="subtree",
    )
    return user


def _timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("CCHC_TEST_DB_SUFFIX", "bench_onestop")
    from bench.django_env import bench_database

    with bench_database() as connection:
        from cchc.core.filelimits import import_limits
        from cchc.onestop.definitions766 import load_definitions
        from cchc.onestop.importing import import_dossiers
        from cchc.onestop.indicators import indicators_json, unit_counts
        from cchc.onestop.ontime import period
        from cchc.onestop.tables import read_path
        from cchc.orgs.models import OrgUnit

        units, procs = _setup_org_and_catalogue()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "dossiers.csv"
            t = time.perf_counter()
            _write_csv(path, units, procs)
            print(
                f"   generated {N:,} rows ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t:.1f} s"
            )
            t = time.perf_counter()
            result = import_dossiers(read_path(path, limits=import_limits("command")))  # the command's caps
            first = time.perf_counter() - t
            print(
                f"   import_dossiers {N:,} rows: {first:.1f} s (created {result.created:,}) — target < 60 s"
            )
            t = time.perf_counter()
            result = import_dossiers(read_path(path, limits=import_limits("command")))  # the command's caps
            again = time.perf_counter() - t
            print(
                f"   re-import (unchanged): {again:.1f} s (created {result.created}, updated {result.updated})"
            )
            coordinator = _coordinator()
            t = time.perf_counter()
            result = import_dossiers(read_path(path, limits=import_limits("command")), actor=coordinator)
            scoped = time.perf_counter() - t
            print(
                f"   re-import as the province's coordinator (every row's existing dossier checked against the"
                f" data scope): {scoped:.1f} s (updated {result.updated})"
            )
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE onestop_dossier")
            # Flush the import's dirty pages now, so that the checkpointer does not compete with the timed queries.
            cur.execute("CHECKPOINT")
        defs = load_definitions()
        p = period(date(2026, 1, 1), date(2026, 3, 31))
        names = dict(OrgUnit.objects.values_list("pk", "code"))

        def ours():
            counts = unit_counts(p)
            return [indicators_json(names[u], "", c.indicators(defs)) for u, c in counts.items()]

        def hand():
            with connection.cursor() as cur:
                cur.execute(HAND_SQL, {"as_of": p.as_of, "start": p.start})
                return cur.fetchall()

        # Same on-time counts from both.
        mine = {u: (c.s, c.on_time) for u, c in unit_counts(p).items()}
        theirs = {row[0]: (row[1], row[2]) for row in hand()}
        assert mine == theirs, "the hand-written query and onestop_indicators disagree"
        ours(), hand()  # warm both
        t_ours, t_hand = [], []
        for _ in range(15):  # interleaved, so both see the same machine load
            t_ours += _timed(ours, 1)
            t_hand += _timed(hand, 1)
        mo, mh = statistics.median(t_ours), statistics.median(t_hand)
        print(
            f"   onestop_indicators, one quarter, {len(mine)} units: median {mo:.3f} s (best {min(t_ours):.3f}) — target < 3 s"
        )
        print(f"   hand-written SQL (S and on-time per unit): median {mh:.3f} s (best {min(t_hand):.3f})")
        print(
            f"   ratio ours / hand-written: {mo / mh:.2f} (medians; {min(t_ours) / min(t_hand):.2f} best to best)"
            " — target ≤ 1.5"
        )


if __name__ == "__main__":
    main()
