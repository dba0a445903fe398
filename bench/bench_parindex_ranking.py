"""PAR index ranking page: a published round of 150 units × the 40-criterion sample framework.

Goal (issue 5): the ranking page renders in under 300 ms. Run: .venv/bin/python bench/run.py parindex_ranking
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date
from decimal import Decimal

from bench.django_env import bench_database

UNITS = 150
GOAL_MS = 300.0


def build():
    from cchc.accounts.models import User
    from cchc.orgs.models import Membership, OrgUnit
    from cchc.parindex import services
    from cchc.parindex.models import Round, Score

    root = OrgUnit.objects.create(code="BR", name="Công an tỉnh thử", kind="provincial_police")
    units = OrgUnit.objects.bulk_create(
        [
            OrgUnit(code=f"BR.U{i:03d}", name=f"Công an xã số {i}", kind="commune_police", parent=root)
            for i in range(UNITS)
        ]
    )
    user = User.objects.create_user(username="daumoi.bench", password="x")
    Membership.objects.create(
        user=user, unit=root, role="coordinator", data_scope="subtree", view_scope="subtree"
    )
    fw = services.sample_framework(year=2024)
    rnd = services.round_create(
        actor=user, framework=fw, owner_unit=root, name="Bench", units=OrgUnit.objects.filter(parent=root),
        evidence_from=date(2023, 9, 15), evidence_to=date(2024, 9, 14), council=[user],
    )  # fmt: skip
    rng = random.Random(5)
    scores = list(Score.objects.filter(assessment__round=rnd).select_related("criterion"))
    for s in scores:
        s.round1 = (s.criterion.max_points * Decimal(rng.randint(40, 100)) / 100).quantize(Decimal("0.01"))
    Score.objects.bulk_update(scores, ["round1"], batch_size=2000)
    rnd.phase = Round.Phase.ROUND2
    rnd.save()
    started = time.perf_counter()
    services.round_request_publication(rnd=rnd, actor=user, confirm_unsubmitted=True)
    services._freeze_results(rnd, user)  # what the leader's approval runs (the bench has no leader account)
    publish_ms = (time.perf_counter() - started) * 1000
    return user, rnd, len(units), publish_ms


def main() -> None:
    with bench_database():
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        user, rnd, n, publish_ms = build()
        client = Client()
        client.force_login(user)
        url = f"/chi-so-cchc/dot/{rnd.pk}/xep-hang/"
        assert client.get(url).status_code == 200
        samples = []
        for _ in range(15):
            t = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        median, worst = statistics.median(samples), max(samples)
        verdict = "OK" if median < GOAL_MS else "TOO SLOW"
        print(f"   publish {n} units × 40 criteria: {publish_ms:.0f} ms")
        print(
            f"   ranking page, {n} units: median {median:.0f} ms, max {worst:.0f} ms, "
            f"{len(queries)} queries (goal < {GOAL_MS:.0f} ms) {verdict}"
        )


if __name__ == "__main__":
    main()
