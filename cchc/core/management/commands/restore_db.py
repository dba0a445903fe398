"""``manage.py restore_db FILE [--into NAME | --replace]`` — restore a ``backup_db`` dump (pg_restore).

``--into NAME`` restores into another database on the same server, created if missing and refused if it holds
tables: the way to test a backup while the application keeps running. ``--replace`` restores over the
application's own database (``pg_restore --clean --if-exists``): stop the web server and the workers first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from cchc.core import pgtools
from cchc.core.cli import BadInput
from cchc.core.commands import ContractCommand
from cchc.core.errors import gettext_noop


class Command(ContractCommand):
    help = "Restore a dump made by backup_db, into another database (--into) or over this one (--replace)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--into", metavar="NAME", help="a scratch database on the same server")
        target.add_argument("--replace", action="store_true", help="overwrite the application's database")
        parser.add_argument("--database", default="default", help="database alias (default: default)")

    def handle(self, *args, file, into=None, replace=False, database="default", **options):
        dump = Path(file)
        if not dump.is_file():
            raise BadInput(gettext_noop("Không có tệp %(path)s."), path=str(dump))
        env = pgtools.libpq_environment(database)
        pgtools.run([pgtools.program("pg_restore", database), "--list", str(dump)], env)  # a readable dump?
        restore = [pgtools.program("pg_restore", database), "--no-owner", "--exit-on-error"]
        if into:
            _create_empty(env, into)
            env = pgtools.libpq_environment(database, dbname=into)
        else:
            restore += ["--clean", "--if-exists"]
        pgtools.run([*restore, f"--dbname={env['PGDATABASE']}", str(dump)], env)
        self.stdout.write(f"Đã khôi phục vào / restored into: {env['PGDATABASE']}")


def _connect(env: dict[str, str], dbname: str):
    keys = {
        "PGHOST": "host",
        "PGPORT": "port",
        "PGUSER": "user",
        "PGPASSWORD": "password",
        "PGSSLMODE": "sslmode",
    }
    params: dict[str, Any] = {key: env[var] for var, key in keys.items() if env.get(var)}
    return psycopg.connect(dbname=dbname, autocommit=True, **params)


def _create_empty(env: dict[str, str], name: str) -> None:
    if name == env.get("PGDATABASE"):
        raise BadInput(gettext_noop("--into phải là một cơ sở dữ liệu khác (dùng --replace để ghi đè)."))
    with _connect(env, "postgres") as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name))
            )
            return
    with _connect(env, name) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()[0]
    if tables:
        raise BadInput(gettext_noop("Cơ sở dữ liệu %(name)s đã có dữ liệu; chọn một tên khác."), name=name)
