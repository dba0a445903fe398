"""Django database backend: PostgreSQL, with the embedded server started on the first connection.

Selected by the settings when DATABASE_URL is unset. Nothing starts until a connection is actually opened, so
commands that need no database (the "pure" ones of the contracts) never start a server.
"""

import logging
import subprocess

import psycopg
from django.db.backends.postgresql import base as pg_base
from django.db.backends.postgresql.client import DatabaseClient as PgClient

from cchc.core import embedded_pg

logger = logging.getLogger(__name__)


def _point_at_embedded_server(settings_dict: dict) -> dict[str, str]:
    params = embedded_pg.ensure_running()
    settings_dict["HOST"] = params["host"]
    settings_dict["PORT"] = params["port"]
    settings_dict["USER"] = settings_dict.get("USER") or params["user"]
    _ensure_database(settings_dict["NAME"], params)
    return params


class DatabaseClient(PgClient):
    def runshell(self, parameters):
        _point_at_embedded_server(self.connection.settings_dict)
        return super().runshell(parameters)


class DatabaseWrapper(pg_base.DatabaseWrapper):
    client_class = DatabaseClient

    def get_connection_params(self):
        try:
            _point_at_embedded_server(self.settings_dict)
        except (RuntimeError, OSError, subprocess.SubprocessError, AssertionError) as exc:
            # A server that cannot be started is a database that cannot be reached: Django turns this into its
            # OperationalError (a 503 from /healthz, a retry by run_worker), and the next connection tries again.
            raise psycopg.OperationalError(f"embedded PostgreSQL could not be started: {exc}") from exc
        return super().get_connection_params()

    def get_new_connection(self, conn_params):
        """Connect; if that fails because the server stopped meanwhile (or its socket moved), start it and retry."""
        try:
            return super().get_new_connection(conn_params)
        except psycopg.OperationalError as exc:
            if embedded_pg.is_running():
                raise  # the server is up: the failure is something else
            logger.warning("embedded PostgreSQL unreachable (%s); starting it again", exc)
            return super().get_new_connection(self.get_connection_params())


_checked: set[tuple[str, str]] = set()  # (data directory, database name)


def _ensure_database(name: str | None, params: dict[str, str]) -> None:
    """Create the application database on a fresh data directory (test databases are made by Django)."""
    key = (str(embedded_pg.DATA_DIR), name or "")
    if not name or key in _checked or name == "postgres" or name.startswith("test_"):
        return
    import psycopg

    with psycopg.connect(
        host=params["host"], port=params["port"], user=params["user"], dbname="postgres", autocommit=True
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    _checked.add(key)
