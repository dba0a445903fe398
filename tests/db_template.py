"""Template databases, made once and cloned for every test database: the migrated schema, and the whole demo.

Running the 91 migrations costs about a minute of a 2-core machine, and `make test` used to pay it three times (two
pytest-xdist workers, then the browser run). Now the first test process on a PostgreSQL server migrates a template
named after a hash of every migration file (under an advisory lock, so concurrent runs wait for it instead of
racing); each test database is then created with ``CREATE DATABASE … TEMPLATE`` (a file copy) and Django's own
``migrate`` finds nothing left to apply. A change to any migration gives a new name, hence a fresh template; a
template whose migration stopped half-way is never marked as a template and is made again.

The demo run (``CCHC_TEST_DEMO=1``, the tests that use the ``demo`` fixture) clones a second template: the migrated
one with ``load_demo`` run in it once, named after the code, the seeds and the day (the demo is dated from today).
Before, about twenty tests loaded the whole demo themselves, a minute of the machine each. The files the demo
writes (evidence) are kept beside the template and copied into each worker's media folder.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import override_settings

LOCK_KEY = 0x0CC4C  # pg_advisory_lock class shared by every cchc test run on a server (one lock per template)


def migrations_digest() -> str:
    """A hash of every migration file of the installed apps, and of Django's version."""
    digest = hashlib.sha256(django.get_version().encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            digest.update(f"{config.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def demo_digest() -> str:
    """A hash of the code, the seeds, the checkout's place (its media folder) and the day."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256(f"{migrations_digest()} {root} {date.today().isoformat()}".encode())
    for folder in (root / "cchc", root.parent / "shared" / "seeds"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and "tests" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _in_database(name: str, work: Callable[[], None]) -> None:
    """Run ``work`` on database ``name`` through the default connection, then point it back where it was."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        work()
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def _migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)


def _ensure(
    name: str, source: str | None, fill: Callable[[], None], whole: Callable[[], bool] = lambda: True
) -> None:
    """Make template ``name`` (a copy of ``source``, or empty) filled by ``fill``, under the lock, unless it exists
    complete (``whole()``: what it needs outside the database is there too)."""
    quoted = connection.ops.quote_name(name)
    # One lock per template: making the demo's never holds up a run that only needs the migrated schema.
    lock = [LOCK_KEY, zlib.crc32(name.encode()) - 2**31]
    with connection._nodb_cursor() as cur:
        cur.execute("SELECT pg_advisory_lock(%s, %s)", lock)
        try:
            cur.execute("SELECT datistemplate FROM pg_database WHERE datname = %s", [name])
            row = cur.fetchone()
            if row is not None and row[0] and whole():
                return
            if row is not None:  # made half-way by a run that stopped: start again
                cur.execute(f"ALTER DATABASE {quoted} WITH IS_TEMPLATE false")
                cur.execute(f"DROP DATABASE {quoted}")
            copy = f" TEMPLATE {connection.ops.quote_name(source)}" if source else ""
            cur.execute(f"CREATE DATABASE {quoted}{copy}")
            _in_database(name, fill)
            cur.execute(f"ALTER DATABASE {quoted} WITH IS_TEMPLATE true")
            _prune(cur, name.rsplit("_", 1)[0] + "_")
        finally:
            cur.execute("SELECT pg_advisory_unlock(%s, %s)", lock)


KEEP = 3  # templates of each kind kept on a server (other checkouts, other days); older ones are dropped


def _prune(cur: Any, prefix: str) -> None:
    """Drop the templates named ``prefix…`` older than the newest ``KEEP`` (by creation order), unless in use."""
    cur.execute(
        "SELECT datname FROM pg_database WHERE datistemplate AND starts_with(datname, %s) ORDER BY oid DESC",
        [prefix],
    )
    for (old,) in cur.fetchall()[KEEP:]:
        quoted = connection.ops.quote_name(old)
        try:
            cur.execute(f"ALTER DATABASE {quoted} WITH IS_TEMPLATE false")
            cur.execute(f"DROP DATABASE {quoted}")
        except DatabaseError:  # being copied by another run right now: next time
            cur.execute(f"ALTER DATABASE {quoted} WITH IS_TEMPLATE true")


def use_migrated_template() -> str:
    """Make sure the template of the current migrations exists on the server, and have the test database created
    from it. Returns the template's name."""
    name = f"cchc_tmpl_{migrations_digest()}"
    _ensure(name, None, _migrate)
    connection.settings_dict.setdefault("TEST", {})["TEMPLATE"] = name
    return name


def demo_media(name: str) -> Path:
    return Path(settings.BASE_DIR) / "var" / "test-media" / name


def ensure_demo_template() -> str:
    """The template holding the whole demo (and its files beside it), made if missing. Returns its name."""
    migrated = use_migrated_template()
    name = f"cchc_demo_{demo_digest()}"
    media = demo_media(name)

    def load() -> None:
        shutil.rmtree(media, ignore_errors=True)
        with override_settings(MEDIA_ROOT=media):
            call_command("load_demo", verbosity=0, stdout=io.StringIO())

    _ensure(name, migrated, load, whole=media.is_dir)  # the files are part of the template
    return name


def use_demo_template() -> str:
    """The demo run: the test database is a copy of the migrated schema with the whole demo loaded, and this
    worker's media folder holds the demo's files."""
    name = ensure_demo_template()
    shutil.copytree(demo_media(name), settings.MEDIA_ROOT, dirs_exist_ok=True)
    connection.settings_dict["TEST"]["TEMPLATE"] = name
    return name


if __name__ == "__main__":
    # `python -m tests.db_template`: make both templates ahead of the test runs (`make test` starts this beside the
    # tests without the demo, so the demo run finds its template made).
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    print(ensure_demo_template())
