"""Survey results through the database: ``survey_results`` over 1,000,000 responses and 150 units.

A throw-away database (``bench_database``, suffix ``bench_surveys``) gets 150 units under a root and 10 groups, one
citizen survey, 1,000,000 responses spread over 2025 (0.5 % flagged) and their daily tallies (6 dimensions; synthetic
counts per response, aggregated exactly as the incremental path stores them), loaded with SQL. Then: the command in-process (best of 3) and as a fresh process (``manage.py survey_results --json``).
Target: under 3 s.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["CCHC_TEST_DB_SUFFIX"] = "bench_surveys"

RESPONSES = int(os.environ.get("BENCH_SURVEY_RESPONSES", "1000000"))
UNITS = 150

LOAD_SQL = """
ALTER TABLE surveys_response DISABLE TRIGGER USER;
INSERT INTO surveys_response (survey_id, unit_id, origin, submitted_at, day, answers, comment, status, flags,
                              ip_hash, device_hash)
SELECT %(survey)s, (%(units)s::bigint[])[1 + (g %% %(n_units)s)], 'qr',
       timestamp '2025-01-01 08:00' + ((g %% 365) || ' days')::interval,
       date '2025-01-01' + (g %% 365), '{}'::jsonb, '',
       CASE WHEN g %% 200 = 0 THEN 'flagged' ELSE 'ok' END, '{}', '', ''
  FROM generate_series(1, %(n)s) g;
ALTER TABLE surveys_response ENABLE TRIGGER USER;
INSERT INTO surveys_dailytally (survey_id, unit_id, point_id, day, counted, dimension, c1, c2, c3, c4, c5,
                                responses)
SELECT r.survey_id, r.unit_id, 0, r.day, r.status = 'ok', d.code,
       sum(r.id %% 2), sum((r.id / 3) %% 2), sum((r.id / 5) %% 2), sum(1 + (r.id %% 2)), sum(1 + ((r.id / 7) %% 3)), 0
  FROM surveys_response r
 CROSS JOIN (VALUES ('tiep_can'), ('thu_tuc'), ('cong_chuc'), ('ket_qua'), ('gop_y'), ('tong_the')) d(code)
 GROUP BY r.survey_id, r.unit_id, r.day, r.status = 'ok', d.code;
INSERT INTO surveys_dailytally (survey_id, unit_id, point_id, day, counted, dimension, c1, c2, c3, c4, c5,
                                responses)
SELECT survey_id, unit_id, 0, day, status = 'ok', '', 0, 0, 0, 0, 0, count(*)
  FROM surveys_response GROUP BY survey_id, unit_id, day, status = 'ok'
"""


def main() -> None:
    from bench.django_env import bench_database

    with bench_database() as connection:
        from django.core.management import call_command

        from cchc.orgs.models import OrgUnit
        from cchc.surveys import services

        root = OrgUnit.objects.create(code="B", name="Gốc", kind="provincial_police")
        groups = [
            OrgUnit.objects.create(code=f"B.G{g}", name=f"Nhóm {g}", kind="other", parent=root)
            for g in range(10)
        ]
        leaves = [
            OrgUnit.objects.create(
                code=f"B.G{i % 10}.U{i:03d}", name=f"Đơn vị {i}", kind="commune_police", parent=groups[i % 10]
            )
            for i in range(UNITS - 11)
        ]
        survey = services.survey_create(
            title="Bench",
            questionnaire="sipas_citizen:1",
            unit=root,
            opens_at=datetime(2025, 1, 1, tzinfo=UTC),
        )
        started = time.perf_counter()
        with connection.cursor() as cursor:
            params = {
                "survey": survey.pk,
                "units": [u.pk for u in leaves],
                "n_units": len(leaves),
                "n": RESPONSES,
            }
            for statement in LOAD_SQL.split(";"):
                if statement.strip():
                    cursor.execute(statement, params)
            cursor.execute("VACUUM ANALYZE surveys_response")
            cursor.execute("VACUUM ANALYZE surveys_dailytally")
            cursor.execute("SELECT count(*) FROM surveys_response")
            n = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM surveys_dailytally")
            t = cursor.fetchone()[0]
        print(
            f"   loaded {n:,} responses, {t:,} daily tally rows in {time.perf_counter() - started:.1f} s",
            flush=True,
        )

        best = float("inf")
        for _ in range(3):
            out = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(out):
                call_command("survey_results", "--from", "2025-01-01", "--to", "2025-12-31", "--json")
            best = min(best, time.perf_counter() - started)
        print(f"   survey_results in-process, {UNITS} units, {n:,} responses: best {best:.2f} s", flush=True)

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "EMBEDDED_DB_NAME": connection.settings_dict["NAME"],
        }
        if os.environ.get("DATABASE_URL"):  # the command must read the throw-away database too
            url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
            env["DATABASE_URL"] = url._replace(path="/" + connection.settings_dict["NAME"]).geturl()
        started = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "survey_results",
                "--from",
                "2025-01-01",
                "--to",
                "2025-12-31",
                "--json",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        wall = time.perf_counter() - started
        units = proc.stdout.count('"code"') if proc.returncode == 0 else 0
        print(
            f"   manage.py survey_results (fresh process, incl. Django start): {wall:.2f} s, exit {proc.returncode}, "
            f"{units} units in the JSON",
            flush=True,
        )
        if proc.returncode:
            print(proc.stderr[-2000:])


if __name__ == "__main__":
    main()
