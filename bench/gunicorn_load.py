"""Shared harness of the public-submit benchmarks (``bench_survey_submit``, ``bench_pakn_submit``): serve the
throw-away database with gunicorn (``BENCH_WORKERS`` sync workers, production settings, as behind a TLS-terminating
proxy: ``X-Forwarded-Proto: https``) on loopback, post forms from ``BENCH_CLIENTS`` threads, and print throughput,
p50 / p99 latency and the CPU spent per response by the load generator, the gunicorn workers and PostgreSQL
(the backends of the benchmark's own database only: other work on a shared server is not counted).

Bounded: ``BENCH_REQUESTS`` (default 6000) after ``WARMUP`` requests, at most ``TIME_LIMIT`` seconds. Redirects
(303) count as responses; a request that fails (a 10 s timeout, a refused connection) counts under status 0,
with its latency. Not a benchmark itself (the runner only picks up ``bench_*.py``).
"""

from __future__ import annotations

import contextlib
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "6000"))
WARMUP = 300
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "12"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
TIME_LIMIT = 120.0

# A request body and its Cookie header; a fresh one per request (each with its own device and stamp).
BodyFn = Callable[[], tuple[str, str]]


@dataclass
class Result:
    label: str
    requests: int
    wall: float
    p50_ms: float
    p99_ms: float
    statuses: dict[int, int]
    client_cpu: float
    server_cpu: float
    db_cpu: float

    @property
    def rps(self) -> float:
        return self.requests / self.wall

    def lines(self, stored: str) -> str:
        n = self.requests
        return (
            f"   {self.label} under gunicorn ({WORKERS} sync workers, {CLIENTS} clients, loopback): "
            f"{n} requests in {self.wall:.1f} s = {self.rps:,.0f} responses/s; p50 {self.p50_ms:.1f} ms, "
            f"p99 {self.p99_ms:.1f} ms; statuses {self.statuses}; {stored}\n"
            f"   CPU per response: load generator {self.client_cpu / n * 1000:.2f} ms, gunicorn workers "
            f"{self.server_cpu / n * 1000:.2f} ms, PostgreSQL {self.db_cpu / n * 1000:.2f} ms "
            f"(2 cores = {2 / self.rps * 1000:.2f} ms of CPU per response available at this rate); "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


def _cpu_seconds(pid: int, children: bool = True) -> float:
    """User + system CPU of a process (and of its waited-for children), from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def _backends_cpu(connection: Any) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving the benchmark's database (the gunicorn workers'
    connections), by pid: only this database, whatever else the server is running. Empty when the database runs
    elsewhere."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [int(r[0]) for r in cur.fetchall()]
    out: dict[int, float] = {}
    for pid in pids:
        with contextlib.suppress(OSError):  # gone meanwhile, or on another machine
            out[pid] = _cpu_seconds(pid, False)
    return out


def _load(port: int, path: str, n: int, body_for: BodyFn) -> tuple[list[float], dict[int, int], float]:
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
            try:
                conn.request(
                    "POST",
                    path,
                    body=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie,
                        "X-Forwarded-Proto": "https",
                    },
                )
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except OSError:  # a timeout (10 s) or a refused connection: counted, and the client goes on
                status = 0
            finally:
                conn.close()
            local_lat.append(time.perf_counter() - started)
            local_st[status] = local_st.get(status, 0) + 1
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


def server_secret() -> str:
    """Production settings refuse a short key: the server and the stamps signed by the benchmark share this one.
    Call before signing anything (it sets ``settings.SECRET_KEY``)."""
    from django.conf import settings

    settings.SECRET_KEY = secrets.token_urlsafe(48)
    return str(settings.SECRET_KEY)


def measure(connection: Any, label: str, path: str, body_for: BodyFn) -> Result:
    """Start gunicorn on ``connection``'s (throw-away) database, warm up, post ``REQUESTS`` bodies to ``path``,
    stop the server and return the figures."""
    from django.conf import settings

    port = free_port()
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
    try:
        _wait(port)
        _load(port, path, WARMUP, body_for)
        server_before = sum(_cpu_seconds(int(p), False) for p in _worker_pids(server.pid))
        db_before = _backends_cpu(connection)
        client_before = time.process_time()
        latencies, statuses, wall = _load(port, path, REQUESTS, body_for)
        client_cpu = time.process_time() - client_before
        server_cpu = sum(_cpu_seconds(int(p), False) for p in _worker_pids(server.pid)) - server_before
        db_after = _backends_cpu(connection)  # before the server stops: its connections end with it
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    db_cpu = sum(cpu - db_before.get(pid, 0.0) for pid, cpu in db_after.items()) if db_after else float("nan")
    latencies.sort()
    n = len(latencies)
    return Result(
        label=label,
        requests=n,
        wall=wall,
        p50_ms=latencies[n // 2] * 1000,
        p99_ms=latencies[min(n - 1, int(n * 0.99))] * 1000,
        statuses=statuses,
        client_cpu=client_cpu,
        server_cpu=server_cpu,
        db_cpu=db_cpu,
    )
