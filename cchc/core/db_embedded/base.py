"""Django database backend: PostgreSQL, with the embedded server started on the first connection.

Selected by the settings when DATABASE_URL is unset. Nothing starts until a connection is actually opened, so
commands that need no database (the "pure" ones of the contracts) never start a server.
"""

from django.db.backends.postgresql import base as pg_base

from cchc.core import embedded_pg


class DatabaseWrapper(pg_base.DatabaseWrapper):
    def get_connection_params(self):
        params = embedded_pg.ensure_running()
        self.settings_dict["HOST"] = params["host"]
        self.settings_dict["PORT"] = params["port"]
        self.settings_dict["USER"] = self.settings_dict.get("USER") or params["user"]
        _ensure_database(self.settings_dict["NAME"], params)
        return super().get_connection_params()


_checked: set[str] = set()


def _ensure_database(name: str | None, params: dict[str, str]) -> None:
    """Create the application database on a fresh data directory (test databases are made by Django)."""
    if not name or name in _checked or name == "postgres":
        return
    import psycopg

    with psycopg.connect(
        host=params["host"], port=params["port"], user=params["user"], dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists and not name.startswith("test_"):
            conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
    _checked.add(name)
