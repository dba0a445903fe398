"""The leaders' view at scale (issue 19): a province of 5,001 units (100 departments and communes, 49 teams each),
100,000 dossiers, 50,000 PAKN records, 2,000 plan tasks, 1,500 inspection findings.

At the province, targets for its whole subtree (the 766 total, the inspection measures, dossiers, PAKN and tasks on
time): the page evaluates them at the province and its 100 direct sub-units.

Goal: the page ``/lanh-dao/`` for the province's leader under 500 ms (median) uncached — every figure computed, the
cache cleared first — with the same number of queries as for a small tree (cchc/leaders/tests/test_queries.py pins
it); printed: both query counts, the page from the cache, a commune, the digest's exceptions and the PDF.

The page's independent reads run side by side (``cchc.core.parallel``, ``PARALLEL_READS``); the queries are counted
with it off (one connection), and the uncached page is also timed with it off, as the baseline. After building the
data the process freezes what it holds out of the garbage collector's reach, as the server does at start-up
(config/wsgi.py).

Usage: .venv/bin/python bench/run.py leaders   (env BENCH_LEADERS_DOSSIERS to change the number of dossiers)
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

DEPTS = 100
TEAMS = 49  # 1 + 100 + 100 × 49 = 5,001 units
DOSSIERS = int(os.environ.get("BENCH_LEADERS_DOSSIERS", "100000"))
PAKN = 50000
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

PAKN_SQL = """
INSERT INTO pakn_record (created_at, updated_at, unit_id, code, register_year, register_number, received_at,
  channel, intake_note, sender_type, kind, category, content_type, procedure_code, dossier_code, title, content,
  sender_name, sender_phone, sender_email, sender_address, refusal_kind, refusal_reason, out_of_scope,
  supplement_request, review, review_outcome, answer, answer_status, answer_signer, handled_at, published_at,
  likes, dislikes, follow_up_of, imported, flags, ip_hash, device_hash)
SELECT now(), now(), u.ids[1 + (g %% array_length(u.ids, 1))], 'L' || g, 2026, g, r.received,
  'portal', '', 'citizen', 'phan_anh', 'regulation', '', '', '', 'Phản ánh', 'Nội dung',
  'Nguyễn Văn A', '0912345678', '', 'Hải Phòng', '', '', false, '', '{}', '', '', '', '',
  CASE WHEN g %% 10 < 8 THEN r.received + (5 + g %% 20) * interval '1 day' END,
  CASE WHEN g %% 10 < 7 THEN r.received + (7 + g %% 20) * interval '1 day' END,
  0, 0, '', true, '[]', '', ''
FROM generate_series(1, %(n)s) g
CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM orgs_orgunit WHERE code LIKE 'BP.%%') u
CROSS JOIN LATERAL (SELECT timestamptz '2026-01-02 08:00+07' + (g %% 330) * interval '1 day'
                           + (g %% 9) * interval '1 hour' AS received) r
"""


def queries_on_every_connection(fn):
    """The number of queries ``fn`` sends on all connections, the side-by-side reads' own included."""
    import threading

    from django.db.backends import utils

    count = [0]
    lock = threading.Lock()
    real = utils.CursorWrapper.execute

    def execute(self, sql, params=None):
        with lock:
            count[0] += 1
        return real(self, sql, params)

    utils.CursorWrapper.execute = execute
    try:
        fn()
    finally:
        utils.CursorWrapper.execute = real
    return count[0]


def timed(fn, repeat=9):
    fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def build():
    from django.db import connection

    from cchc.inspections.models import Finding, Visit
    from cchc.inspections.services import default_checklist
    from cchc.onestop.models import Dossier, Procedure
    from cchc.onestop.tests.helpers import load_procedures
    from cchc.orgs.models import OrgUnit
    from cchc.plans.models import Assignment, Plan, Task

    province = OrgUnit.objects.create(code="BP", name="Công an tỉnh", kind="provincial_police")
    depts = OrgUnit.objects.bulk_create(
        [
            OrgUnit(code=f"BP.D{i}", name=f"Đơn vị {i}", kind="commune_police" if i % 2 else "police_department",
                    parent=province)
            for i in range(DEPTS)
        ]
    )  # fmt: skip
    teams = OrgUnit.objects.bulk_create(
        [
            OrgUnit(code=f"{d.code}.T{j}", name=f"Đội {j} {d.name}", kind="team", parent=d)
            for d in depts
            for j in range(TEAMS)
        ],
        batch_size=2000,
    )
    load_procedures()
    procs = list(Procedure.objects.all()[:5])
    start = datetime(2026, 1, 2, 8, tzinfo=TZ)
    now = datetime.now(TZ)
    span = max(1, int((now - start).total_seconds() // 60) - 60 * 24 * 20)
    dossiers = []
    for i in range(DOSSIERS):
        unit = teams[i % len(teams)] if i % 3 else depts[i % DEPTS]
        received = start + timedelta(minutes=(i * 7919) % span)
        due = received + timedelta(days=10)
        done = i % 10 < 8
        finished = received + timedelta(days=3 + i % 12) if done else None
        dossiers.append(
            Dossier(code=f"D{i}", unit=unit, procedure=procs[i % len(procs)], received_at=received, due_at=due,
                    finished_at=finished, status="done" if done else "processing", channel="online" if i % 2 else "direct")
        )  # fmt: skip
    Dossier.objects.bulk_create(dossiers, batch_size=5000)
    with connection.cursor() as cur:
        cur.execute(PAKN_SQL, {"n": PAKN})
        for table in ("orgs_orgunit", "onestop_dossier", "pakn_record"):  # not the shared catalogues: other
            cur.execute(f"ANALYZE {table}")  # databases' sessions would hold ANALYZE up
    plan = Plan.objects.create(issuer=province, title="KH CCHC 2026", year=2026, status="issued")
    tasks = Task.objects.bulk_create(
        [Task(plan=plan, content=f"Nhiệm vụ {k}", deadline_end=date(2026, 1 + k % 11, 28)) for k in range(20)]
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                task=tasks[k % 20], unit=u, role="lead", status="done" if k % 3 == 0 else "in_progress"
            )
            for k, u in enumerate((depts + teams)[:2000])
        ],
        batch_size=2000,
    )
    insp = Plan.objects.create(
        issuer=province, title="KH kiểm tra", year=2026, kind="inspection", status="issued"
    )
    checklist = default_checklist()
    visits = Visit.objects.bulk_create(
        [
            Visit(plan=insp, office=province if u.parent_id == province.pk else u.parent, unit=u, kind="periodic",
                  checklist=checklist, planned_from=date(2026, 3, 1), planned_to=date(2026, 3, 2),
                  state="concluded", conclusion_date=date(2026, 3, 20), visit_date=date(2026, 3, 2))
            for u in (depts + teams)[:750]
        ],
        batch_size=2000,
    )  # fmt: skip
    Finding.objects.bulk_create(
        [
            Finding(visit=v, number=n, text="Tồn tại", request="Khắc phục", deadline=date(2026, 6, 30),
                    state="open" if n == 1 else "closed")
            for v in visits for n in (1, 2)
        ],
        batch_size=2000,
    )  # fmt: skip
    with connection.cursor() as cur:  # statistics, as autovacuum keeps them on a real database
        for table in ("plans_task", "plans_assignment", "inspections_visit", "inspections_finding"):
            cur.execute(f"ANALYZE {table}")
    return province


TARGET_CODES = (
    "onestop.DOSSIER_ON_TIME",
    "onestop.766_TOTAL",
    "pakn.PETITION_PROCESSING_ON_TIME",
    "plans.TASKS_ON_TIME",
    "inspections.COVERAGE",
    "inspections.FINDINGS_CLOSED",
)


def add_targets(province):
    """Targets set at the province for its whole subtree: the page evaluates them at the province and at its 100
    direct sub-units (the 766 total and the inspection measures over each one's subtree)."""
    from decimal import Decimal

    from cchc.targets.models import Target

    for code in TARGET_CODES:
        Target.objects.create(unit=province, year=2026, code=code, comparison=">=", value=Decimal(90),
                              applies_to_subtree=True)  # fmt: skip


def main():
    from bench.django_env import bench_database

    with bench_database():
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, override_settings

        from cchc.accounts.models import User
        from cchc.leaders.selectors import board
        from cchc.orgs.models import Membership

        t = time.perf_counter()
        province = build()
        add_targets(province)
        print(
            f"   built 5,001 units, {DOSSIERS:,} dossiers, {PAKN:,} PAKN in {time.perf_counter() - t:.0f} s"
        )
        gc.collect()  # as config/wsgi.py does once the app is loaded
        gc.freeze()
        leader = User.objects.create_user("leader-bench", password="x", email="ld@example.vn")
        Membership.objects.create(
            user=leader, unit=province, role="leader", data_scope="none", view_scope="subtree"
        )
        client = Client()
        client.force_login(leader)
        coordinator = User.objects.create_user("coordinator-bench", password="x", email="dm@example.vn")
        Membership.objects.create(
            user=coordinator, unit=province, role="coordinator", data_scope="subtree", view_scope="subtree"
        )
        coordinator_client = Client()
        coordinator_client.force_login(coordinator)

        def coordinator_home():  # every open PAKN record's clock (about 15,000), the overdue work of every kind
            r = coordinator_client.get("/", HTTP_HOST="127.0.0.1")
            assert r.status_code == 200
            return r

        def page():
            r = client.get("/lanh-dao/?unit=BP&from=01/01/2026&to=06/12/2026", HTTP_HOST="127.0.0.1")
            assert r.status_code == 200, r.status_code
            return r

        def cold_page():
            from django.core.cache import cache

            cache.clear()  # the subtree's figures computed again (as the warming job does every ten minutes)
            return page()

        def serial_cold_page():
            with override_settings(PARALLEL_READS=False):
                return cold_page()

        def dept_page():
            r = client.get("/lanh-dao/?unit=BP.D1&from=01/01/2026&to=06/12/2026", HTTP_HOST="127.0.0.1")
            assert r.status_code == 200
            return r

        def digest():
            return board(leader, province, date(2026, 1, 1), date(2026, 12, 6), full=False, live=True)

        def pdf():
            r = client.get(
                "/lanh-dao/ban-in.pdf?unit=BP&from=01/01/2026&to=06/12/2026", HTTP_HOST="127.0.0.1"
            )
            assert r.status_code == 200
            return r

        with override_settings(PARALLEL_READS=False), CaptureQueriesContext(connection) as ctx:
            r = cold_page()  # every query on this connection
        cold_queries = len(ctx.captured_queries)
        with override_settings(PARALLEL_READS=False), CaptureQueriesContext(connection) as ctx:
            r = page()
        cached_queries = len(ctx.captured_queries)  # read now: the next request empties the connection's log
        b = r.context["b"]
        side_queries = queries_on_every_connection(cold_page)
        print(f"   queries for the province's page: uncached {cold_queries} ({side_queries} side by side, on all "
              f"connections), cached {cached_queries}; "
              f"targets: {len(b.targets.rows)} rows; exceptions: "
              + ", ".join(f"{e.key}={e.count}" for e in b.exceptions)
              + f"; 766 rows: {sum(len(g.rows) for g in b.score766.groups)}")  # fmt: skip
        for label, fn, goal in [
            ("leaders' view, province of 5,001 units (from the cache)", page, 500),
            ("leaders' view, province, uncached (cache cleared first)", cold_page, 500),
            ("  baseline: the same, reads one after another (PARALLEL_READS off)", serial_cold_page, None),
            ("leaders' view, a commune (50 units)", dept_page, 500),
            ("digest exceptions (counted live), province", digest, None),
            ("one-page PDF, province", pdf, None),
            ("the province coordinator's home page (not a goal of issue 19)", coordinator_home, None),
        ]:
            median, p95 = timed(
                fn,
                repeat=3
                if fn is pdf
                else (5 if fn in (cold_page, serial_cold_page, coordinator_home) else 9),
            )
            verdict = "" if goal is None else (" OK" if median < goal else f" SLOW (goal {goal} ms)")
            print(f"   {label}: median {median:.0f} ms, p95 {p95:.0f} ms{verdict}", flush=True)


if __name__ == "__main__":
    main()
