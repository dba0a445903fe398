"""``manage.py run_worker [--queues Q1,Q2] [--concurrency N]`` — procrastinate's worker, started again whenever it exits.

procrastinate's worker exits when its database goes away (a restart, the embedded server stopped) and dies with its
process (OOM, SIGKILL). This supervisor waits until the database answers (which starts the embedded server again),
runs ``manage.py procrastinate worker …`` as a child process and, when the child exits without being asked to,
starts a new one after a back-off (1 s, doubling up to ``--max-backoff``; back to 1 s after a child that ran a
minute). SIGTERM / SIGINT stop the child gracefully (it finishes its jobs for WORKER_SHUTDOWN_SECONDS) and then the
supervisor. Jobs a killed child left running are retried by ``cchc.core.tasks.retry_stalled_jobs``.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection

HEALTHY_RUN = 60.0  # seconds: a child that ran this long resets the back-off


class Command(BaseCommand):
    help = "Chạy bộ xử lý công việc nền, tự khởi động lại khi nó dừng / run the job worker, restarting it when it exits."
    requires_system_checks: list[str] = []  # the child runs them

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-backoff", type=float, default=60.0, help="giây chờ tối đa giữa hai lần khởi động"
        )
        parser.add_argument("--queues", help="hàng đợi, cách nhau bởi dấu phẩy (mặc định: tất cả) / queues")
        parser.add_argument("--concurrency", type=int, help="số công việc chạy song song / parallel jobs")

    def handle(self, *args: Any, max_backoff: float, **options: Any) -> None:
        worker_args = [
            f"--{name}={options[name]}" for name in ("queues", "concurrency") if options[name] is not None
        ]
        self.stopping = False
        self.child: subprocess.Popen | None = None
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on_signal)
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "procrastinate",
            "worker",
            *worker_args,
        ]
        delay = 1.0
        while not self.stopping:
            if not self._wait_for_database(max_backoff):
                break
            started = time.monotonic()
            # Its own process group: a terminal's Ctrl-C reaches the supervisor only, which stops the child once.
            self.child = subprocess.Popen(command, process_group=0)
            self._log(f"worker started (pid {self.child.pid})")
            if self.stopping:  # a signal arrived while it was being started
                self.child.send_signal(signal.SIGTERM)
            code = self._watch(self.child)
            if self.stopping:
                break
            if time.monotonic() - started >= HEALTHY_RUN:
                delay = 1.0
            self._log(f"worker (pid {self.child.pid}) exited with status {code}; restarting in {delay:.0f} s")
            self._sleep(delay)
            delay = min(delay * 2, max_backoff)
        self._log("stopped")

    def _on_signal(self, signum, frame) -> None:
        self.stopping = True
        child = self.child
        if child is not None and child.poll() is None:
            child.send_signal(signal.SIGTERM)

    def _watch(self, child: subprocess.Popen) -> int:
        """Wait for the child to exit, checking the database meanwhile.

        When the database goes away the worker stops, but it cannot finish stopping (it unregisters itself) until the
        database is back; with the embedded server nobody would start it again. The check connects through Django's
        backend, which starts the embedded server again, so the worker can finish and be replaced."""
        interval = max(1.0, float(settings.PROCRASTINATE_WORKER_DEFAULTS["update_heartbeat_interval"]))
        while True:
            try:
                return child.wait(timeout=interval)
            except subprocess.TimeoutExpired:
                if not self.stopping and not self._database_answers():
                    self._log("database unreachable while the worker runs")

    def _database_answers(self) -> bool:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return True
        except DatabaseError:
            return False
        finally:
            connection.close()  # the supervisor holds no connection between checks

    def _wait_for_database(self, max_backoff: float) -> bool:
        """Block until a query answers (the embedded server is started again by the connection); False if stopped."""
        delay = 1.0
        while not self.stopping:
            if self._database_answers():
                return True
            self._log(f"database unreachable; retrying in {delay:.0f} s")
            self._sleep(delay)
            delay = min(delay * 2, max_backoff)
        return False

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(0.2)

    def _log(self, message: str) -> None:
        self.stderr.write(f"run_worker: {message}")
        self.stderr.flush()
