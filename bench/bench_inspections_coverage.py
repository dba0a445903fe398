"""Inspection coverage at scale: a province of 5,000 units (100 departments and communes, 49 teams each), 2,500
visits (1,500 concluded with 3,000 findings, 1,000 planned).

Goal (issue 18): the coverage page (the tree map of the whole province) under 500 ms; the contract's JSON too.
"""

import statistics
import time
from datetime import date

from bench.django_env import bench_database

DEPTS = 100
TEAMS = 49  # 1 + 100 + 100 × 49 = 5,001 units


def timed(fn, repeat=7):
    fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


def build():
    from cchc.inspections.models import Finding, Visit
    from cchc.inspections.services import default_checklist
    from cchc.orgs.models import OrgUnit
    from cchc.plans.models import Plan

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
    checklist = default_checklist()
    plan = Plan.objects.create(
        issuer=province, title="KH kiểm tra", year=2026, kind="inspection", status="issued"
    )
    targets = depts + teams
    visits = []
    for i, unit in enumerate(targets[:2500]):
        concluded = i < 1500
        visits.append(
            Visit(plan=plan, office=province if unit.parent_id == province.pk else unit.parent, unit=unit,
                  kind="periodic" if unit.parent_id == province.pk else "self", checklist=checklist,
                  planned_from=date(2026, 3, 1), planned_to=date(2026, 3, 2),
                  state="concluded" if concluded else "planned",
                  conclusion_date=date(2026, 3, 20) if concluded else None, visit_date=date(2026, 3, 2))
        )  # fmt: skip
    visits = Visit.objects.bulk_create(visits, batch_size=2000)
    Finding.objects.bulk_create(
        [
            Finding(visit=v, number=n, text="Tồn tại", request="Khắc phục", deadline=date(2026, 6, 30),
                    state="open" if n == 1 else "closed")
            for v in visits[:1500] for n in (1, 2)
        ],
        batch_size=2000,
    )  # fmt: skip
    return province


def main():
    with bench_database():
        from django.core.management import call_command
        from django.test import Client

        from cchc.accounts.models import User
        from cchc.inspections.selectors import coverage
        from cchc.orgs.models import Membership
        from cchc.orgs.scope import Reach

        province = build()
        coordinator = User.objects.create_user("coord-bench", password="x")
        Membership.objects.create(
            user=coordinator, unit=province, role="coordinator", data_scope="subtree", view_scope="subtree"
        )
        client = Client()
        client.force_login(coordinator)

        def page():
            r = client.get("/kiem-tra/bao-phu/?nam=2026&don_vi=BP", HTTP_HOST="127.0.0.1")
            assert r.status_code == 200 and r.content.count(b'<li class="cov-') == 5001
            return r

        def contract_under():
            return coverage(year=2026, reach=Reach(everything=True), under=province, as_of=date(2026, 12, 6))

        def contract_all():
            return coverage(year=2026, reach=Reach(everything=True), under=None, as_of=date(2026, 12, 6))

        for label, fn, goal in [
            ("coverage page, tree map of 5,001 units", page, 500),
            ("inspection_coverage --under the province (100 units)", contract_under, 500),
            ("inspection_coverage, every unit (5,001 units)", contract_all, None),
        ]:
            median, worst = timed(fn)
            verdict = "" if goal is None else (" OK" if median < goal else f" SLOW (goal {goal} ms)")
            print(f"   {label}: median {median:.0f} ms, max {worst:.0f} ms{verdict}", flush=True)
        doc = contract_all()
        print(f"   coverage of all: {doc['coverage']}")
        del call_command


if __name__ == "__main__":
    main()
