"""``manage.py due_date`` as a user runs it: from the repository root, no database."""

import json
import subprocess
from pathlib import Path

import pytest

from tests.commands import manage

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return manage("due_date", *args)


def test_contract_example():
    out = run("--received", "2026-02-13T10:00", "--amount", "5", "--unit", "working_days", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"due": "2026-02-27T17:00:00+07:00"}
    assert out.stdout.count("\n") == 1


@pytest.mark.parametrize(
    ("received", "amount", "unit", "due"),
    [
        ("2026-03-02T17:30", "1", "working_days", "2026-03-04T17:00:00+07:00"),
        ("2026-03-02T10:00+07:00", "5", "days", "2026-03-09T17:00:00+07:00"),
        ("2026-03-02T11:00", "2", "hours", "2026-03-02T14:00:00+07:00"),
        ("2026-01-31T09:00", "1", "months", "2026-03-02T17:00:00+07:00"),
        ("2025-04-24T09:00:00Z", "2", "working_days", "2025-04-26T17:00:00+07:00"),
    ],
)
def test_units(received, amount, unit, due):
    out = run("--received", received, "--amount", amount, "--unit", unit, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"due": due}


@pytest.mark.parametrize(
    "args",
    [
        ("--received", "13/02/2026", "--amount", "5", "--unit", "working_days", "--json"),
        ("--received", "2026-02-13T10:00", "--amount", "-1", "--unit", "working_days", "--json"),
        ("--received", "2026-02-13T10:00", "--amount", "năm", "--unit", "working_days", "--json"),
        ("--received", "2026-02-13T10:00", "--amount", "5", "--unit", "weeks", "--json"),
        ("--amount", "5", "--unit", "days", "--json"),
        ("--received", "2026-02-13T10:00", "--amount", "5", "--unit", "days", "--office-hours", "8h-17h"),
    ],
)
def test_bad_input_exits_2_with_one_line(args):
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    # Vietnamese first, then " / " and the English text from the catalogue
    assert " / " in lines[0] and lines[0].split(" / ")[0].strip() and "Traceback" not in out.stderr


def test_no_database_connection(monkeypatch):
    """In-process: any attempt to connect fails the test."""
    from io import StringIO

    from django.core.management import call_command
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self, *args, **kwargs):
        raise AssertionError("due_date opened a database connection")

    monkeypatch.setattr(BaseDatabaseWrapper, "connect", refuse)
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    buf = StringIO()
    call_command(
        "due_date", received="2026-02-13T10:00", amount="5", unit="working_days", json=True, stdout=buf
    )
    assert json.loads(buf.getvalue()) == {"due": "2026-02-27T17:00:00+07:00"}
