"""``pakn_indicators`` for a year over 1,000,000 PAKN records and 5,000 units (goal: < 2 s).

A throw-away database (suffix ``bench_pakn``) gets a province (1 root, 50 districts, 4,949 communes) and a million
records generated in SQL (``INSERT … SELECT generate_series``, audit triggers off for the load only): received over
2026, 20 % transferred, 8 % refused, 15 % with a supplement request, most handled and published, some late, some
disliked, 2 % follow-ups. Timed: the command for the whole year (every unit) and with ``--unit`` on the root
(each unit below it, the root's row over its subtree), as a user runs it.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["CCHC_TEST_DB_SUFFIX"] = "bench_pakn"

RECORDS = int(os.environ.get("BENCH_PAKN_RECORDS", "1000000"))
UNITS = 5000

LOAD_SQL = """
INSERT INTO pakn_record (created_at, updated_at, unit_id, code, register_year, register_number, received_at,
  transferred_at, channel, intake_note, sender_type, kind, category, content_type, procedure_code, dossier_code,
  title, content, sender_name, sender_phone, sender_email, sender_address, refused_at, refusal_kind,
  refusal_reason, out_of_scope, supplement_requested_at, supplement_request, supplemented_at, accepted_at,
  review, review_outcome, answer, answer_status, answer_signer, handled_at, published_at, likes, dislikes,
  follow_up_of, imported, flags, ip_hash, device_hash)
SELECT now(), now(), u.ids[1 + (g %% array_length(u.ids, 1))], 'B' || g, 2026, g,
  r.received, CASE WHEN g %% 5 = 0 THEN r.received + interval '2 days' END,
  'portal', '', 'citizen', CASE WHEN g %% 2 = 0 THEN 'phan_anh' ELSE 'kien_nghi' END,
  CASE WHEN g %% 4 = 0 THEN 'conduct' ELSE 'regulation' END, '', '', '', 'Phản ánh', 'Nội dung',
  'Nguyễn Văn A', '0912345678', '', 'Hải Phòng',
  CASE WHEN g %% 100 < 8 THEN r.received + (g %% 4) * interval '1 day' END,
  CASE WHEN g %% 100 < 8 THEN 'refused' ELSE '' END, '', false,
  CASE WHEN g %% 100 BETWEEN 8 AND 22 THEN r.received + (g %% 9) * interval '1 day' END, '',
  CASE WHEN g %% 100 BETWEEN 8 AND 19 THEN r.received + (10 + g %% 9) * interval '1 day' END,
  NULL, '{}', '', '', '', '',
  CASE WHEN g %% 100 >= 8 AND g %% 100 < 95 AND r.received < '2026-12-01'
       THEN r.received + (25 + g %% 20) * interval '1 day' END,
  CASE WHEN g %% 100 >= 8 AND g %% 100 < 90 AND r.received < '2026-12-01'
       THEN r.received + (25 + g %% 20) * interval '1 day' + (g %% 5) * interval '1 day' END,
  g %% 3, CASE WHEN g %% 17 = 0 THEN 3 ELSE 0 END,
  CASE WHEN g %% 50 = 0 THEN 'B' || (g - 1) ELSE '' END, true, '[]', '', ''
FROM generate_series(1, %(n)s) g
CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM orgs_orgunit WHERE code LIKE 'BX.%%') u
CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01 08:00+07' + (g %% 360) * interval '1 day'
                           + (g %% 9) * interval '1 hour' AS received) r
"""


def main() -> None:
    from bench.django_env import bench_database

    with bench_database() as connection:
        from django.core.management import call_command

        from cchc.orgs.models import OrgUnit

        started = time.perf_counter()
        root = OrgUnit.objects.create(code="BX", name="Tỉnh thử tải", kind="provincial_police")
        districts = OrgUnit.objects.bulk_create(
            [
                OrgUnit(code=f"BX.D{i:02d}", name=f"Huyện {i}", kind="district_police", parent=root)
                for i in range(50)
            ]
        )
        communes = [
            OrgUnit(
                code=f"BX.D{i % 50:02d}.X{i:04d}",
                name=f"Xã {i}",
                kind="commune_police",
                parent=districts[i % 50],
            )
            for i in range(UNITS - 51)
        ]
        OrgUnit.objects.bulk_create(communes, batch_size=2000)
        with connection.cursor() as cur:
            cur.execute("SET session_replication_role = replica")  # no audit rows for the generated load
            cur.execute(LOAD_SQL, {"n": RECORDS})
            cur.execute("SET session_replication_role = DEFAULT")
            cur.execute("ANALYZE pakn_record")
            cur.execute("SELECT count(*), count(DISTINCT unit_id) FROM pakn_record")
            records, units = cur.fetchone()
        print(
            f"   {records:,} records over {units:,} units loaded in {time.perf_counter() - started:.1f} s",
            flush=True,
        )

        for label, extra in (("every unit", []), ("--unit BX (subtree, 5,000 rows)", ["--unit", "BX"])):
            best = float("inf")
            for _ in range(3):
                out = io.StringIO()
                t = time.perf_counter()
                call_command(
                    "pakn_indicators",
                    "--from",
                    "2026-01-01",
                    "--to",
                    "2026-12-31",
                    *extra,
                    "--json",
                    stdout=out,
                )
                best = min(best, time.perf_counter() - t)
            doc = json.loads(out.getvalue())
            first = doc["units"][0]
            print(
                f"   pakn_indicators 2026, {label}: best of 3 {best:.2f} s (goal < 2 s); {len(doc['units'])} rows; "
                f"first {first['code']}: received {first['received']}, on time {first['on_time']}, "
                f"overdue {first['overdue']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
