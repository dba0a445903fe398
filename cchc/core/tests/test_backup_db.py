"""The backup recipe of the README: ``backup_db`` writes a dump pg_restore reads, ``restore_db --into`` restores it
into a scratch database with the data in it (the same commands serve DATABASE_URL and the embedded server)."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection

from cchc.core import pgtools
from cchc.core.management.commands.restore_db import _connect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scratch():
    env = pgtools.libpq_environment()
    name = f"{connection.settings_dict['NAME']}_restore"

    def drop():
        with _connect(env, "postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    yield name
    drop()


def test_backup_then_restore_into_a_scratch_database(tmp_path, scratch):
    from tests.factories import UnitFactory

    UnitFactory(code="SAOLUU", name="Đơn vị sao lưu")
    dump = tmp_path / "cchc.dump"
    out = io.StringIO()
    call_command("backup_db", output=str(dump), stdout=out)
    assert out.getvalue().strip() == str(dump) and dump.stat().st_size > 0
    assert not list(tmp_path.glob("*.part"))
    env = pgtools.libpq_environment()
    listing = subprocess.run(
        [pgtools.program("pg_restore"), "--list", str(dump)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "TABLE DATA public orgs_orgunit" in listing.stdout

    call_command("restore_db", str(dump), into=scratch, stdout=io.StringIO())
    with _connect(env, scratch) as conn:
        row = conn.execute("SELECT name FROM orgs_orgunit WHERE code = 'SAOLUU'").fetchone()
        assert row == ("Đơn vị sao lưu",)
        assert conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 10

    # A database that already holds tables, or the application's own one, is never restored into by --into.
    with pytest.raises(SystemExit) as refused:
        call_command("restore_db", str(dump), into=scratch, stdout=io.StringIO())
    assert refused.value.code == 2
    with pytest.raises(SystemExit):
        call_command("restore_db", str(dump), into=connection.settings_dict["NAME"], stdout=io.StringIO())


def test_a_file_that_is_not_a_dump_is_refused(tmp_path, scratch, capsys):
    bogus = tmp_path / "not-a-dump.dump"
    bogus.write_text("xin chào")
    with pytest.raises(SystemExit) as refused:
        call_command("restore_db", str(bogus), into=scratch, stdout=io.StringIO())
    assert refused.value.code == 2
    assert "pg_restore" in capsys.readouterr().err
