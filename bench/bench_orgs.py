"""Org scope at scale: 5,000 units in 3 levels; list a subtree and the units a coordinator may see.

Goal (issue 2): each under 50 ms, with a number of queries that does not grow with the tree.
"""

import statistics
import time

from bench.django_env import bench_database

PROVINCES = 50
UNITS_PER_PROVINCE = 99  # 1 + 50 + 50 × 99 = 5,001 units


def timed(fn, repeat=15):
    fn()  # warm up (connection, plans)
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


def build(size_provinces: int, per_province: int):
    from cchc.orgs.models import OrgUnit

    root = OrgUnit.objects.create(code=f"R{size_provinces}", name="Bộ", kind="ministry")
    provinces = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                code=f"R{size_provinces}.P{i}",
                name=f"Công an tỉnh {i}",
                kind="provincial_police",
                parent=root,
            )
            for i in range(size_provinces)
        ]
    )
    units = []
    for p in provinces:
        for j in range(per_province):
            kind = "commune_police" if j % 2 else "police_department"
            units.append(
                OrgUnit(
                    code=f"{p.code}.U{j}", name=f"Công an phường số {j} tỉnh {p.code}", kind=kind, parent=p
                )
            )
    OrgUnit.objects.bulk_create(units, batch_size=2000)
    return root, provinces


def measure(label, root, provinces):
    from django.db import connection
    from django.test import Client

    from cchc.accounts.models import User
    from cchc.orgs import selectors
    from cchc.orgs.models import Membership
    from cchc.orgs.models import OrgUnit as OrgUnitModel
    from cchc.orgs.scope import forget_scope, visible_units

    coordinator = User.objects.create_user(f"coord-{label}", password="x")
    Membership.objects.create(
        user=coordinator, unit=provinces[0], role="coordinator", data_scope="subtree", view_scope="subtree"
    )
    Membership.objects.create(
        user=coordinator, unit=provinces[1], role="leader", data_scope="none", view_scope="subtree"
    )
    admin = User.objects.create_user(f"admin-{label}", password="x")
    Membership.objects.create(user=admin, unit=root, role="admin", data_scope="subtree", view_scope="subtree")

    def subtree_root():
        return len(list(selectors.subtree(root).values_list("id", "code", "name", "path")))

    def subtree_province():
        return len(list(selectors.subtree(provinces[0])))

    leaf = OrgUnitModel.objects.filter(path__startswith=provinces[-1].path).order_by("-depth", "-id").first()

    def ancestors_of_a_leaf():
        return len(list(selectors.ancestors(leaf)))

    def coordinator_visible():
        forget_scope(coordinator)
        return len(list(visible_units(coordinator).values_list("id", "code", "name")))

    client = Client()
    client.force_login(coordinator)

    def coordinator_page():
        response = client.get("/don-vi/", HTTP_HOST="127.0.0.1")
        assert response.status_code == 200
        return response

    admin_client = Client()
    admin_client.force_login(admin)

    def admin_page():
        response = admin_client.get("/don-vi/?q=cong+an+phuong+so+7", HTTP_HOST="127.0.0.1")
        assert response.status_code == 200

    def count_queries(fn):
        calls = []

        def wrapper(execute, sql, params, many, context):
            calls.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            fn()
        return len(calls)

    rows = {}
    for name, fn in [
        ("subtree of the root (all units)", subtree_root),
        ("subtree of a province", subtree_province),
        ("ancestors of a unit at depth 2", ancestors_of_a_leaf),
        ("units a coordinator may see (2 memberships)", coordinator_visible),
        ("unit list page, coordinator (50 per page)", coordinator_page),
        ("unit search page, admin, accent-insensitive", admin_page),
    ]:
        queries = count_queries(fn)
        median, worst = timed(fn)
        rows[name] = (median, worst, queries)
    return rows


def main():
    with bench_database():
        from cchc.orgs.models import OrgUnit

        small_root, small_provinces = build(3, 4)
        small = measure("small", small_root, small_provinces)
        root, provinces = build(PROVINCES, UNITS_PER_PROVINCE)
        total = OrgUnit.objects.filter(path__startswith=root.path).count()
        large = measure("large", root, provinces)
        print(f"   tree: {total} units in 3 levels ({PROVINCES} × {UNITS_PER_PROVINCE} under one root)")
        print(
            f"   {'measure':<48} {'median ms':>10} {'max ms':>8} {'queries':>8} {'queries (15-unit tree)':>24}"
        )
        for name, (median, worst, queries) in large.items():
            print(f"   {name:<48} {median:>10.1f} {worst:>8.1f} {queries:>8} {small[name][2]:>24}")
