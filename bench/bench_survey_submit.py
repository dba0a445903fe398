"""Load on the public submit endpoint ``POST /s/<token>/`` under gunicorn, on loopback only, bounded.

A throw-away database (suffix ``bench_surveys_submit``) gets a unit, an open citizen survey and one service point.
The shared harness (``bench/gunicorn_load.py``: gunicorn with ``BENCH_WORKERS`` sync workers, default 4, production
settings behind a TLS proxy; ``BENCH_CLIENTS`` threads, default 12) posts complete forms — each with its own device
cookie and a valid stamp issued a minute earlier, so every request goes through the whole path (stamp and honeypot
checks, the rate-limit query, the insert and the daily-tally upsert). All come from one IP, so after 30 an hour they
are stored *flagged* (rate_ip), as in real abuse. Bounded: ``BENCH_REQUESTS`` (default 6000) after 300 warm-up
requests, and at most 120 s. Target: >= 300 responses/s with p99 < 100 ms.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import gunicorn_load  # noqa: E402


def main() -> gunicorn_load.Result:
    os.environ["CCHC_TEST_DB_SUFFIX"] = "bench_surveys_submit"
    from bench.django_env import bench_database

    with bench_database() as connection:
        from datetime import timedelta

        from django.utils import timezone

        from cchc.orgs.models import OrgUnit
        from cchc.surveys import abuse, services
        from cchc.surveys.models import Response

        gunicorn_load.server_secret()
        unit = OrgUnit.objects.create(code="BENCH", name="Đơn vị thử tải", kind="commune_police")
        services.survey_create(
            title="Bench",
            questionnaire="sipas_citizen:1",
            unit=unit,
            opens_at=timezone.now() - timedelta(days=1),
        )
        point = services.service_point_create(unit=unit, name="Quầy 1")
        token = point.token
        answers = {f"q{i}": str(1 + (i % 5)) for i in range(1, 17)}

        def body_for() -> tuple[str, str]:
            device = secrets.token_urlsafe(12)
            stamp = abuse.make_stamp(token, device, int(time.time()) - 60)
            body = urllib.parse.urlencode({"_s": stamp, **answers, "comment": "Thử tải"})
            return body, f"{abuse.DEVICE_COOKIE}={device}"

        result = gunicorn_load.measure(connection, "POST /s/<token>/", f"/s/{token}/", body_for)
        stored = f"{Response.objects.count()} responses stored (incl. warm-up)"
        print(result.lines(stored), flush=True)
        return result


if __name__ == "__main__":
    main()
