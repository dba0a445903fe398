"""The plan matrix at scale: 100 tasks × 150 units (15,000 assignments), rendered through the view.

Goal (issue 3): under 500 ms, with a number of SQL queries that does not grow with tasks or units (compared with a
10 × 15 plan).
"""

import statistics
import time
from datetime import date

from bench.django_env import bench_database


def timed(fn, repeat=7):
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


def build(tag: str, n_tasks: int, n_units: int, root, user):
    from cchc.orgs.models import OrgUnit
    from cchc.plans.models import Assignment, Plan, Task

    city = OrgUnit.objects.create(
        code=f"C{tag}", name=f"Công an thành phố {tag}", kind="provincial_police", parent=root
    )
    units = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                code=f"C{tag}.U{i}",
                short_code=f"U{i}",
                name=f"Công an phường {i}",
                kind="commune_police",
                parent=city,
            )
            for i in range(n_units)
        ]
    )
    plan = Plan.objects.create(
        issuer=city, title=f"Kế hoạch {tag}", year=2026, status=Plan.Status.ISSUED, created_by=user
    )
    kinds = [
        ("quarter", date(2026, 3, 31), "Quý I/2026"),
        ("year", date(2026, 12, 31), "Năm 2026"),
        ("recurring", date(2026, 12, 31), "Thường xuyên"),
        ("by_direction", None, "Theo chỉ đạo"),
    ]
    tasks = Task.objects.bulk_create(
        [
            Task(
                plan=plan,
                code=f"{i // 10 + 1}.{i % 10 + 1}",
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
            Assignment(
                task=t,
                unit=u,
                role="lead" if j == 0 else "coordinate",
                status=statuses[(i + j) % 5],
                percent=((i + j) * 7) % 101,
                received_on=date(2026, 1, 19),
            )
            for i, t in enumerate(tasks)
            for j, u in enumerate(units)
        ],
        batch_size=5000,
    )
    return plan


def main():
    with bench_database():
        from django.db import connection
        from django.test import Client

        from cchc.accounts.models import User
        from cchc.orgs.models import Membership, OrgUnit

        root = OrgUnit.objects.create(code="BCA", name="Bộ Công an", kind="ministry")
        user = User.objects.create_user(username="daumoi", password="x")
        Membership.objects.create(
            user=user, unit=root, role="coordinator", data_scope="subtree", view_scope="subtree"
        )
        small = build("S", 10, 15, root, user)
        big = build("B", 100, 150, root, user)
        client = Client()
        client.force_login(user)
        results = {}
        for label, plan in (("10 × 15", small), ("100 × 150", big)):
            url = f"/ke-hoach/{plan.pk}/ma-tran/"
            ctx = []
            with connection.execute_wrapper(
                lambda execute, sql, params, many, context, ctx=ctx: (
                    ctx.append(sql),
                    execute(sql, params, many, context),
                )[1]
            ):
                response = client.get(url)
            assert response.status_code == 200, response.status_code
            median, worst = timed(lambda url=url: client.get(url))
            results[label] = len(ctx)
            cells = response.content.count(b'href="/ke-hoach/phan-cong/')
            print(
                f"   matrix {label:>9}: {median:7.1f} ms median, {worst:7.1f} ms worst, {len(ctx)} queries, "
                f"{cells} cells, {len(response.content) // 1024} KiB"
            )
        median, _worst = timed(lambda: client.get(f"/ke-hoach/{big.pk}/ma-tran/?export=xlsx"), repeat=3)
        print(f"   matrix 100 × 150 Excel export: {median:.0f} ms")
        same = results["10 × 15"] == results["100 × 150"]
        print(f"   queries constant: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
