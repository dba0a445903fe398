"""GET /api/v1/assignments?limit=1000 on the demo plus 100,000 assignments (200 tasks × 500 units).

Goal (issue 20): p99 under 150 ms. Measured through the whole stack (middleware: token, rate limit, sharing log;
ninja; scope; timing of every row) with the Django test client, as the administrator (everything in scope) and
as a coordinator of the generated city (a subtree), first page and a deep page.
"""

import statistics
import time
from datetime import date

from bench.django_env import bench_database

SAMPLES = 100


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def build(root, user, n_tasks=200, n_units=500):
    from cchc.orgs.models import OrgUnit
    from cchc.plans.models import Assignment, Plan, Task

    city = OrgUnit.objects.create(
        code="BENCH", name="Công an tỉnh thử", kind="provincial_police", parent=root
    )
    units = OrgUnit.objects.bulk_create(
        [
            OrgUnit(code=f"BENCH.U{i}", name=f"Công an xã {i}", kind="commune_police", parent=city)
            for i in range(n_units)
        ]
    )
    plan = Plan.objects.create(issuer=city, title="Kế hoạch thử", year=2026, status=Plan.Status.ISSUED)
    kinds = [
        ("quarter", date(2026, 3, 31), "Quý I/2026"),
        ("year", date(2026, 12, 31), "Năm 2026"),
        ("recurring", date(2026, 12, 31), "Thường xuyên"),
        ("date", date(2026, 6, 30), "30/6/2026"),
    ]
    tasks = Task.objects.bulk_create(
        [
            Task(
                plan=plan,
                code=str(i + 1),
                order=i,
                content=f"Nhiệm vụ số {i} " + "nội dung " * 12,
                deadline_kind=kinds[i % 4][0],
                deadline_end=kinds[i % 4][1],
                deadline_text=kinds[i % 4][2],
            )
            for i in range(n_tasks)
        ]
    )
    statuses = ["not_started", "in_progress", "done", "done_late", "not_done"]
    Assignment.objects.bulk_create(
        [
            Assignment(task=t, unit=u, role="lead", status=statuses[(i + j) % 5], percent=(i * j) % 101)
            for i, t in enumerate(tasks)
            for j, u in enumerate(units)
        ],
        batch_size=10000,
    )
    return city


def main():
    with bench_database():
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client, override_settings

        from cchc.accounts.models import User
        from cchc.api.tokens import api_token_create
        from cchc.orgs.models import Membership, OrgUnit
        from cchc.plans.models import Assignment

        call_command("load_demo", verbosity=0)
        root = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
        admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench.admin")
        t = time.perf_counter()
        city = build(root, admin)
        coordinator = User.objects.create_user(username="bench.daumoi")
        Membership.objects.create(user=coordinator, unit=city, role="coordinator")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE plans_assignment, plans_task, plans_plan, orgs_orgunit, orgs_membership")
        print(f"   {Assignment.objects.count()} assignments ({time.perf_counter() - t:.1f} s to build)")
        client = Client()
        with override_settings(API_RATE_LIMIT_PER_MINUTE=0):
            for label, user, query in (
                ("admin, first page", admin, "limit=1000"),
                ("admin, page 50", admin, "limit=1000&offset=50000"),
                ("coordinator, first page", coordinator, "limit=1000"),
                ("coordinator, unit filter", coordinator, "limit=1000&under=BENCH"),
            ):
                _, raw = api_token_create(user=user, name=f"bench {label}")
                headers = {"Authorization": f"Bearer {raw}"}
                url = f"/api/v1/assignments?{query}"
                response = client.get(url, headers=headers)
                assert response.status_code == 200, response.content[:300]
                body = response.json()
                assert len(body["items"]) == 1000, len(body["items"])
                ctx = []
                with connection.execute_wrapper(
                    lambda execute, sql, params, many, context, ctx=ctx: (
                        ctx.append(sql),
                        execute(sql, params, many, context),
                    )[1]
                ):
                    client.get(url, headers=headers)
                samples = []
                for _ in range(SAMPLES):
                    started = time.perf_counter()
                    client.get(url, headers=headers)
                    samples.append((time.perf_counter() - started) * 1000)
                p99 = percentile(samples, 99)
                print(
                    f"   {label:<26} count={body['count']:>6}: median {statistics.median(samples):6.1f} ms, "
                    f"p99 {p99:6.1f} ms, {len(ctx)} queries, {len(response.content) // 1024} KiB"
                    f" {'OK' if p99 < 150 else 'SLOWER THAN 150 ms'}"
                )
