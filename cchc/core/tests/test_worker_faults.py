"""Faults the job worker survives: killed mid-job (the job is retried and completes), its process dying (run_worker
starts it again)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest
from django.conf import settings
from django.db import connection
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateEvent, ProcrastinateJob

from cchc.core import worker
from cchc.core.tests.jobs import QUEUE

ROOT = Path(settings.BASE_DIR)


def worker_env() -> dict[str, str]:
    """The environment of a worker on this test run's database, with a fast heartbeat and stalled-job retry."""
    connection.ensure_connection()  # the embedded backend fills in HOST (its socket directory) and PORT on connect
    db = connection.settings_dict
    host = quote(db["HOST"] or "127.0.0.1", safe="")  # a socket directory is percent-encoded in the URL
    url = f"postgresql://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k != "CCHC_TEST_DB_SUFFIX"}
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "WORKER_HEARTBEAT_SECONDS": "0.5",
        "WORKER_STALLED_SECONDS": "2",
        "WORKER_RETRY_STALLED_CRON": "* * * * * */1",  # every second (croniter's sixth field)
    }


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def status(job_id: int) -> str:
    return ProcrastinateJob.objects.get(pk=job_id).status


@pytest.fixture
def supervisor():
    started: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--queues", f"{QUEUE},maintenance", *args],
            cwd=ROOT,
            env=worker_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:  # never leave a worker behind (it would hold locks on the test database)
        children = psutil.Process(proc.pid).children(recursive=True) if proc.poll() is None else []
        proc.kill()
        for child in children:
            child.kill()
        proc.wait(10)


def the_worker(proc: subprocess.Popen) -> psutil.Process:
    children = psutil.Process(proc.pid).children()
    return children[0] if children else None


@pytest.mark.slow  # real worker processes
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_is_restarted_and_the_stalled_job_is_retried_and_completes(
    supervisor, tmp_path
):
    marker = tmp_path / "job"
    proc = supervisor()
    job_id = app.configure_task("tests.finish_on_second_run", queue=QUEUE).defer(marker=str(marker))

    wait_for(marker.exists, 20, "the job to start")
    first = wait_for(lambda: the_worker(proc), 5, "the worker process")
    assert status(job_id) == "doing"
    first.send_signal(
        signal.SIGKILL
    )  # no clean shutdown: the job stays "doing", the worker's heartbeat stops

    # run_worker starts a new worker; the periodic retry_stalled_jobs puts the dead worker's job back; it completes.
    wait_for(lambda: status(job_id) == "succeeded", 25, "the stalled job to be retried and to succeed")
    assert marker.read_text() == "done"
    second = the_worker(proc)
    assert second.pid != first.pid
    events = list(ProcrastinateEvent.objects.filter(job_id=job_id).values_list("type", flat=True))
    assert events.count("started") == 2 and "deferred_for_retry" in events

    proc.send_signal(signal.SIGTERM)  # a clean stop of the supervisor stops its worker too
    assert proc.wait(20) == 0
    assert wait_for(lambda: not second.is_running(), 5, "no worker left")


def retry_as_the_worker_does() -> list[int]:
    """Run the periodic task's code with a worker's connector, in a thread of its own (an event loop may be running
    in this one, e.g. left by the browser tests)."""

    async def main():
        with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
            async with worker_app.open_async():
                return await worker.retry_stalled_jobs(worker_app.job_manager)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_retry_stalled_jobs_requeues_only_the_jobs_of_dead_workers():
    from django.db import connection as conn

    with conn.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '1 hour') RETURNING id"
        )
        dead = cursor.fetchone()[0]
        cursor.execute("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now()) RETURNING id")
        alive = cursor.fetchone()[0]
    ids = {}
    for name, worker_id in (("dead", dead), ("alive", alive)):
        ids[name] = app.configure_task("tests.finish_on_second_run", queue=QUEUE).defer(marker=name)
        with conn.cursor() as cursor:
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s",
                [worker_id, ids[name]],
            )
    assert worker.worker_health()["stalled_jobs"] == 1

    retried = retry_as_the_worker_does()

    assert retried == [ids["dead"]]
    assert status(ids["dead"]) == "todo" and status(ids["alive"]) == "doing"
    assert worker.worker_health()["stalled_jobs"] == 0
    with conn.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE id = ANY(%s)", [list(ids.values())])
        cursor.execute("DELETE FROM procrastinate_workers WHERE id = ANY(%s)", [[dead, alive]])


def test_the_stalled_job_retry_runs_on_the_periodic_schedule():
    periodic = {task.task.name for task in app.periodic_registry.periodic_tasks.values()}
    assert "cchc.core.tasks.retry_stalled_jobs" in periodic
    assert settings.PROCRASTINATE_WORKER_DEFAULTS["update_heartbeat_interval"] < worker.stalled_after()
