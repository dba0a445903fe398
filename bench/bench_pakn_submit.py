"""The public PAKN form ``POST /pakn/`` under gunicorn, measured beside the survey form's ``POST /s/<token>/`` in the
same run (goal for both: >= 300 responses/s with p99 < 100 ms), on loopback only, bounded.

First the survey form's benchmark (``bench_survey_submit``, its own throw-away database and server), then the same
load on the PAKN form: a throw-away database (suffix ``bench_pakn_submit``) with one receiving unit; gunicorn
(``BENCH_WORKERS`` sync workers, production settings behind a TLS proxy); ``BENCH_CLIENTS`` threads post complete
forms (the identity NĐ 20/2008 Điều 7 requires, no attachment), each with its own device cookie and a stamp issued a
minute earlier — the whole path: stamp, honeypot, the two rate-limit counts, the register number (a locked counter
row per unit and year: every request of the run queues on the same row) and the insert. Redirects (303) count as
responses. Bounded: ``BENCH_REQUESTS`` after 300 warm-up requests, at most 120 s.
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "6000"))
WARMUP = 300
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "12"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
TIME_LIMIT = 120.0


def _survey_bench():  # the module, loaded by path as bench/run.py does
    spec = importlib.util.spec_from_file_location(
        "bench_survey_submit", ROOT / "bench" / "bench_survey_submit.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(port: int, n: int, body_for) -> tuple[list[float], dict[int, int], float]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(n))
    deadline = time.monotonic() + TIME_LIMIT

    def worker() -> None:
        local_lat: list[float] = []
        local_st: dict[int, int] = {}
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    break
            body, cookie = body_for()
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request(
                "POST",
                "/pakn/",
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "X-Forwarded-Proto": "https",
                },
            )
            resp = conn.getresponse()
            resp.read()
            conn.close()
            local_lat.append(time.perf_counter() - started)
            local_st[resp.status] = local_st.get(resp.status, 0) + 1
        with lock:
            latencies.extend(local_lat)
            for k, v in local_st.items():
                statuses[k] = statuses.get(k, 0) + v

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses, time.perf_counter() - started


def main() -> None:
    survey = _survey_bench()
    print("   -- the survey form, for comparison:", flush=True)
    survey.main()
    os.environ["CCHC_TEST_DB_SUFFIX"] = "bench_pakn_submit"
    from bench.django_env import bench_database

    with bench_database() as connection:
        from django.conf import settings

        from cchc.orgs.models import OrgUnit
        from cchc.pakn.models import Record
        from cchc.surveys import abuse

        settings.SECRET_KEY = secrets.token_urlsafe(48)
        unit = OrgUnit.objects.create(code="BENCH", name="Đơn vị thử tải", kind="commune_police")
        fields = {
            "unit": str(unit.pk),
            "kind": "phan_anh",
            "title": "Thử tải",
            "content": "Nội dung phản ánh thử tải.",
            "sender_type": "citizen",
            "sender_name": "Nguyễn Văn A",
            "sender_address": "Số 1 Lạch Tray, Hải Phòng",
            "sender_phone": "0912345678",
        }

        def body_for() -> tuple[str, str]:
            device = secrets.token_urlsafe(12)
            stamp = abuse.make_stamp("pakn-public", device, int(time.time()) - 60)
            return urllib.parse.urlencode({"_s": stamp, **fields}), f"{abuse.DEVICE_COOKIE}={device}"

        port = survey._free_port()
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "SECRET_KEY": settings.SECRET_KEY,
            "EMBEDDED_DB_NAME": connection.settings_dict["NAME"],
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        if os.environ.get("DATABASE_URL"):
            url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
            env["DATABASE_URL"] = url._replace(path="/" + connection.settings_dict["NAME"]).geturl()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            survey._wait(port)
            _run(port, WARMUP, body_for)
            latencies, statuses, wall = _run(port, REQUESTS, body_for)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        latencies.sort()
        n = len(latencies)
        p50 = latencies[n // 2] * 1000
        p99 = latencies[min(n - 1, int(n * 0.99))] * 1000
        print(
            f"   -- POST /pakn/ under gunicorn ({WORKERS} sync workers, {CLIENTS} clients, loopback): "
            f"{n} requests in {wall:.1f} s = {n / wall:,.0f} responses/s; p50 {p50:.1f} ms, p99 {p99:.1f} ms; "
            f"statuses {statuses}; {Record.objects.count()} records stored (incl. warm-up)",
            flush=True,
        )


if __name__ == "__main__":
    main()
