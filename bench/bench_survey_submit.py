"""Load on the public submit endpoint ``POST /s/<token>/`` under gunicorn, on loopback only, bounded.

A throw-away database (suffix ``bench_surveys_submit``) gets a unit, an open citizen survey and one service point.
Gunicorn (sync workers, ``BENCH_WORKERS``, default 4) serves it on 127.0.0.1 with the production settings, as behind
a TLS-terminating proxy (``X-Forwarded-Proto: https``); a thread pool of ``BENCH_CLIENTS``
(default 12) posts complete forms — each with its own device cookie and a valid stamp issued a minute earlier,
so every request goes through the whole path (stamp and honeypot checks, the rate-limit query, the insert and the
daily-tally upsert). All come from one IP, so after 30 an hour they are stored *flagged* (rate_ip), as in real
abuse. Bounded: ``BENCH_REQUESTS`` (default 6000) after 300 warm-up requests, and at most 120 s.
Target: >= 300 responses/s with p99 < 100 ms.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["CCHC_TEST_DB_SUFFIX"] = "bench_surveys_submit"

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "6000"))
WARMUP = 300
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "12"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
TIME_LIMIT = 120.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker_pids(master: int) -> list[str]:
    return Path(f"/proc/{master}/task/{master}/children").read_text().split()


def _wait(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/s/khong-co/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _run(port: int, token: str, n: int, body_for) -> tuple[list[float], dict[int, int], float]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(n))
    deadline = time.monotonic() + TIME_LIMIT

    def worker():
        local_lat, local_st = [], {}
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    break
            body, cookie = body_for()
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request(
                "POST",
                f"/s/{token}/",
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


def _cpu_seconds(pid: int, children: bool = True) -> float:
    """User + system CPU of a process (and of its waited-for children), from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def _postmaster_pid(connection) -> int | None:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
    try:
        return int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:  # the database runs elsewhere
        return None


def main() -> None:
    from bench.django_env import bench_database

    with bench_database() as connection:
        from datetime import timedelta

        from django.conf import settings
        from django.utils import timezone

        from cchc.orgs.models import OrgUnit
        from cchc.surveys import abuse, services
        from cchc.surveys.models import Response

        # Production settings refuse a short key: the server and the stamps signed here share a long random one.
        settings.SECRET_KEY = secrets.token_urlsafe(48)
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

        def body_for():
            device = secrets.token_urlsafe(12)
            stamp = abuse.make_stamp(token, device, int(time.time()) - 60)
            body = urllib.parse.urlencode({"_s": stamp, **answers, "comment": "Thử tải"})
            return body, f"{abuse.DEVICE_COOKIE}={device}"

        port = _free_port()
        # Production settings serve collected static files from STATIC_ROOT: an empty one will do here.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "SECRET_KEY": settings.SECRET_KEY,
            "EMBEDDED_DB_NAME": connection.settings_dict["NAME"],
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        if os.environ.get("DATABASE_URL"):  # the server must use the throw-away database too
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
        postmaster = _postmaster_pid(connection)
        try:
            _wait(port)
            _run(port, token, WARMUP, body_for)
            server_before = sum(_cpu_seconds(int(p), False) for p in _worker_pids(server.pid))
            db_before = _cpu_seconds(postmaster) if postmaster else 0.0
            client_before = time.process_time()
            latencies, statuses, wall = _run(port, token, REQUESTS, body_for)
            client_cpu = time.process_time() - client_before
            server_cpu = sum(_cpu_seconds(int(p), False) for p in _worker_pids(server.pid)) - server_before
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        # The connections of the gunicorn workers are gone: their backends' CPU is now in the postmaster's children.
        time.sleep(0.5)
        db_cpu = (_cpu_seconds(postmaster) - db_before) if postmaster else float("nan")
        latencies.sort()
        n = len(latencies)
        p50 = latencies[n // 2] * 1000
        p99 = latencies[min(n - 1, int(n * 0.99))] * 1000
        stored = Response.objects.count()
        print(
            f"   POST /s/<token>/ under gunicorn ({WORKERS} sync workers, {CLIENTS} clients, loopback): "
            f"{n} requests in {wall:.1f} s = {n / wall:,.0f} responses/s; p50 {p50:.1f} ms, p99 {p99:.1f} ms; "
            f"statuses {statuses}; {stored} responses stored (incl. warm-up)",
            flush=True,
        )
        print(
            f"   CPU per response: load generator {client_cpu / n * 1000:.2f} ms, gunicorn workers "
            f"{server_cpu / n * 1000:.2f} ms, PostgreSQL {db_cpu / n * 1000:.2f} ms "
            f"(2 cores = {2 / (n / wall) * 1000:.2f} ms of CPU per response available at this rate)",
            flush=True,
        )


if __name__ == "__main__":
    main()
