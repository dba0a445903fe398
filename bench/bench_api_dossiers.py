"""Open API, dossier upsert (issue 20 part B): ``POST /api/v1/onestop/dossiers`` of 10,000 rows against
``import_dossiers`` of the same rows as a CSV file, measured in one run — target: the API within 2× the file import.

Both sides do the whole job as the same user (a coordinator: the rows and the dossiers they touch are held to their
data scope): the file side reads the CSV (``read_table``) and imports it; the API side sends the JSON body through
the full HTTP stack in-process (token check, rate limit, sharing log, ninja, the rows-based import). Each round
imports fresh codes (the create path) on both sides, alternating, after a 10-row warm-up call on each side; then both re-send their rows unchanged (the
update-by-code path). The medians and their ratio are printed.

Usage: .venv/bin/python bench/run.py api_dossiers   (env BENCH_API_ROWS to change the size, BENCH_API_ROUNDS)
"""

from __future__ import annotations

import csv
import json
import os
import random
import statistics
import time
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

N = int(os.environ.get("BENCH_API_ROWS", "10000"))
ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "3"))
UNITS = 40
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _rows(prefix: str, unit_codes: list[str], proc_codes: list[str]) -> list[dict]:
    from cchc.onestop.importing import DOSSIER_COLUMNS

    rng = random.Random(2026)
    start = datetime(2026, 1, 1, tzinfo=TZ)
    span = 200 * 24 * 60
    out = []
    for i in range(N):
        received = start + timedelta(minutes=rng.randrange(span))
        finished = received + timedelta(hours=rng.randrange(1, 400)) if i % 10 else None
        values = (
            f"{prefix}{i:07d}",
            unit_codes[i % len(unit_codes)],
            proc_codes[i % len(proc_codes)],
            ("direct", "online", "postal")[i % 3],
            received.isoformat(),
            "",
            finished.isoformat() if finished else "",
            ("done", "returned")[i % 2] if finished else "processing",
            0,
            "",
            "",
            i % 2,
            int(i % 4 == 0),
            1,
            0,
            1,
            0,
            0,
            ("", "like", "dislike")[i % 3],
        )
        out.append(dict(zip(DOSSIER_COLUMNS, values, strict=True)))
    return out


def _csv(rows: list[dict]) -> bytes:
    from cchc.onestop.importing import DOSSIER_COLUMNS

    buf = StringIO()
    w = csv.writer(buf)
    w.writerow(DOSSIER_COLUMNS)
    for r in rows:
        w.writerow([r[c] for c in DOSSIER_COLUMNS])
    return buf.getvalue().encode()


def _json(rows: list[dict]) -> bytes:
    # what an integrating system sends: empty cells as null, flags as numbers
    return json.dumps([{k: (None if v == "" else v) for k, v in r.items()} for r in rows]).encode()


def _setup() -> tuple[list[str], list[str], object, str]:
    from django.contrib.auth import get_user_model

    from cchc.api.tokens import api_token_create
    from cchc.onestop.importing import PROCEDURE_COLUMNS, import_procedures
    from cchc.onestop.tables import read_table
    from cchc.orgs.models import Membership, OrgUnit

    root = OrgUnit.objects.create(code="GL", name="Công an tỉnh Gia Lai", kind="provincial_police")
    codes = [
        OrgUnit.objects.create(
            code=f"GL.U{i:03d}", name=f"Công an xã {i}", kind="commune_police", parent=root
        ).code
        for i in range(UNITS)
    ]
    buf = StringIO()
    w = csv.writer(buf)
    w.writerow(PROCEDURE_COLUMNS)
    procs = []
    for i in range(30):
        procs.append(f"P{i:03d}")
        w.writerow(
            (procs[-1], f"Thủ tục {i}", "Lĩnh vực", "Cấp xã", 5, ("working_days", "days")[i % 2], 0, "full",
             0, 1, 1)
        )  # fmt: skip
    import_procedures(read_table(buf.getvalue().encode(), "procedures.csv"))
    user = get_user_model().objects.create_user(username="bench.api", password="x")
    Membership.objects.create(
        user=user, unit=root, role="coordinator", data_scope="subtree", view_scope="subtree"
    )
    _token, raw = api_token_create(user=user, name="bench", write=True)
    return codes, procs, user, raw


def main() -> None:
    from bench.django_env import bench_database

    with bench_database():
        from django.conf import settings
        from django.test import Client

        from cchc.onestop.importing import import_dossiers
        from cchc.onestop.models import Dossier
        from cchc.onestop.tables import read_table

        settings.API_RATE_LIMIT_PER_MINUTE = 10**6
        units, procs, user, raw = _setup()
        client = Client()
        url = "/api/v1/onestop/dossiers"
        headers = {"Authorization": f"Bearer {raw}"}

        def file_import(rows: list[dict]) -> float:
            data = _csv(rows)
            t = time.perf_counter()
            result = import_dossiers(read_table(data, "bench.csv"), actor=user)
            elapsed = time.perf_counter() - t
            assert result.rows == N, result
            return elapsed

        def api_post(rows: list[dict]) -> float:
            body = _json(rows)
            t = time.perf_counter()
            response = client.post(url, data=body, content_type="application/json", headers=headers)
            elapsed = time.perf_counter() - t
            assert response.status_code in (200, 201), response.content[:2000]
            assert response.json()["rows"] == N, response.content[:500]
            return elapsed

        # warm-up on both sides (the first API call loads the routers and builds the URL patterns)
        warm = _rows("W-", units, procs)[:10]
        import_dossiers(read_table(_csv(warm), "warm.csv"), actor=user)
        assert (
            client.post(url, data=_json(warm), content_type="application/json", headers=headers).status_code
            == 200
        )
        file_times, api_times = [], []
        last_file: list[dict] = []
        last_api: list[dict] = []
        for k in range(ROUNDS):
            last_file = _rows(f"F{k}-", units, procs)
            last_api = _rows(f"A{k}-", units, procs)
            file_times.append(file_import(last_file))
            api_times.append(api_post(last_api))
        assert Dossier.objects.count() == 2 * ROUNDS * N + 10
        file_update = file_import(last_file)
        api_update = api_post(last_api)
        f, a = statistics.median(file_times), statistics.median(api_times)
        print(f"   rows per call: {N}, rounds: {ROUNDS}")
        print(
            f"   import_dossiers (CSV, new rows):  median {f:.3f} s  ({', '.join(f'{x:.3f}' for x in file_times)})"
        )
        print(
            f"   POST /onestop/dossiers (new rows): median {a:.3f} s  ({', '.join(f'{x:.3f}' for x in api_times)})"
        )
        print(f"   ratio API / file (new rows): {a / f:.2f}  (target ≤ 2.0)")
        print(
            f"   unchanged re-send: file {file_update:.3f} s, API {api_update:.3f} s, ratio {api_update / file_update:.2f}"
        )
        if a / f > 2.0:
            raise SystemExit(f"API {a:.3f} s is more than twice the file import {f:.3f} s")


if __name__ == "__main__":
    main()
