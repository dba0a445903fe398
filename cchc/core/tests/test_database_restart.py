"""Database restarts: the embedded server is started again by the next connection, after every outage (not only
the first), and /healthz answers 503 while the database cannot be reached and 200 once it can.

These tests run their own embedded server on a scratch data directory, never the shared test database's server.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test import RequestFactory

from cchc.core import embedded_pg, views


@pytest.fixture
def scratch(monkeypatch, django_db_blocker):
    """A connection of the embedded backend to a server of its own in a scratch directory, removed afterwards.

    Not under pytest's tmp_path: run as root, the server runs as another user, who must be able to reach the
    directory (pytest's are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="cchc-pg-"))
    base.chmod(0o755)
    monkeypatch.setattr(embedded_pg, "DATA_DIR", base / "pgdata")
    monkeypatch.setenv("XDG_RUNTIME_DIR", os.environ.get("XDG_RUNTIME_DIR") or str(base / "run"))
    handler = ConnectionHandler(
        {"default": {"ENGINE": "cchc.core.db_embedded", "NAME": "cchc_scratch", "USER": "postgres"}}
    )
    conn = handler["default"]
    with django_db_blocker.unblock():
        yield conn
        conn.close()
    embedded_pg.stop()
    shutil.rmtree(base, ignore_errors=True)


def answer(conn) -> int:
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


def next_request(conn) -> None:
    """What Django does at the end of a request: close the connection if it broke."""
    conn.close_if_unusable_or_obsolete()


def test_the_embedded_server_is_started_again_after_each_outage(scratch):
    assert answer(scratch) == 1 and embedded_pg.is_running()
    for outage in (1, 2, 3):
        assert embedded_pg.stop(), f"outage {outage}: the server was not running"
        with pytest.raises(OperationalError):  # the open connection died with the server
            answer(scratch)
        next_request(scratch)
        assert answer(scratch) == 1, f"outage {outage}: no reconnection"
        assert embedded_pg.is_running()


def test_a_kept_alive_connection_is_checked_and_replaced_after_a_restart(scratch):
    scratch.settings_dict["CONN_HEALTH_CHECKS"] = True
    scratch.settings_dict["CONN_MAX_AGE"] = 60
    answer(scratch)
    embedded_pg.stop()
    scratch.close_if_unusable_or_obsolete()  # request start: the connection is kept (it looked fine)
    scratch.health_check_done = False
    assert answer(scratch) == 1  # the health check sees it dead and opens a new one, starting the server


def healthz(monkeypatch, conn):
    monkeypatch.setattr(views, "connection", conn)
    response = views.healthz(RequestFactory().get("/healthz"))
    next_request(conn)
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_healthz_is_503_while_the_database_cannot_be_reached_and_200_after(scratch, monkeypatch):
    assert healthz(monkeypatch, scratch)[0] == 200
    embedded_pg.stop()
    start = embedded_pg._server

    def cannot_start():
        raise RuntimeError("disk full")

    monkeypatch.setattr(embedded_pg, "_server", cannot_start)
    for _ in range(2):
        code, body = healthz(monkeypatch, scratch)
        assert code == 503
        assert body == {"status": "error", "database": "down", "error": "OperationalError"}

    monkeypatch.setattr(embedded_pg, "_server", start)
    code, body = healthz(monkeypatch, scratch)
    assert code == 200 and body["status"] == "ok" and body["database"] == "ok"
    assert embedded_pg.is_running()


@pytest.mark.django_db
def test_healthz_reports_the_worker(client):
    from django.db import connection

    with connection.cursor() as cursor:  # rolled back after the test
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_workers")
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["worker"] == {"status": "down", "workers": 0, "last_heartbeat": None, "stalled_jobs": 0}

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now())")
    worker = client.get("/healthz").json()["worker"]
    assert worker["status"] == "ok" and worker["workers"] == 1 and worker["last_heartbeat"]


def test_healthz_is_503_when_an_external_server_is_down(monkeypatch, django_db_blocker):
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "x",
                "HOST": "127.0.0.1",
                "PORT": "1",
            }
        }
    )
    with django_db_blocker.unblock():
        code, body = healthz(monkeypatch, handler["default"])
    assert code == 503 and body["database"] == "down"


@pytest.mark.slow  # a server of its own and three worker processes: about 40 s on a busy machine
def test_the_worker_comes_back_after_the_database_restarts():
    """run_worker on the embedded backend: its worker dies with the server; it starts the server and a new worker."""
    import signal
    import subprocess
    import sys
    import time

    import procrastinate
    import psutil
    import psycopg
    from django.conf import settings
    from procrastinate.schema import SchemaManager

    from cchc.core.tests.jobs import QUEUE

    base = Path(tempfile.mkdtemp(prefix="cchc-pg-"))
    base.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CCHC_TEST_DB_SUFFIX"}}
    env |= {
        "CCHC_EMBEDDED_PGDATA": str(base / "pgdata"),
        "XDG_RUNTIME_DIR": str(base / "run"),
        "EMBEDDED_DB_NAME": "cchc",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "WORKER_HEARTBEAT_SECONDS": "0.5",
        "WORKER_STALLED_SECONDS": "2",
    }
    # The server and its job tables, made by a separate process (this one keeps the shared test server's settings).
    prepare = (
        "import django; django.setup(); from django.db import connection; connection.ensure_connection(); "
        "from cchc.core import embedded_pg; print(embedded_pg.ensure_running()['host'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", prepare],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    conninfo = f"host={out.stdout.strip().splitlines()[-1]} user=postgres dbname=cchc"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(SchemaManager.get_schema())

    def fresh_workers() -> set[int]:
        try:
            with psycopg.connect(conninfo, autocommit=True, connect_timeout=2) as conn:
                rows = conn.execute(
                    "SELECT id FROM procrastinate_workers WHERE last_heartbeat > now() - interval '1.5 seconds'"
                ).fetchall()
            return {r[0] for r in rows}
        except psycopg.OperationalError:
            return set()

    def wait_for(predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if value := predicate():
                return value
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}")

    proc = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--queues", QUEUE],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stop = [sys.executable, "manage.py", "embedded_db", "stop"]
    try:
        before = wait_for(fresh_workers, 20, "a worker")
        assert (
            subprocess.run(stop, cwd=settings.BASE_DIR, env=env, capture_output=True, timeout=90).returncode
            == 0
        )
        after = wait_for(lambda: fresh_workers() - before, 25, "a new worker after the restart")
        assert after
        marker = base / "marker"
        marker.write_text("started")  # finish_on_second_run finishes at once
        with procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=conninfo)).open() as app:
            job = app.configure_task("tests.finish_on_second_run", queue=QUEUE).defer(marker=str(marker))
            wait_for(lambda: app.job_manager.get_job_status(job).value == "succeeded", 15, "the job to run")
    finally:
        children = psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        finally:
            for child in children:
                if child.is_running():
                    child.kill()
            subprocess.run(stop, cwd=settings.BASE_DIR, env=env, capture_output=True, timeout=90)
            shutil.rmtree(base, ignore_errors=True)
