"""``manage.py report_periods`` as a user runs it: from the repository root, no database."""

import json
import subprocess
from pathlib import Path

import pytest

from cchc.reports.tests.test_periods import CONTRACT_2026
from tests.commands import manage

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return manage("report_periods", *args)


def test_contract_output_default_preset():
    out = run("--year", "2026", "--json")
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("\n") == 1
    assert "Báo cáo quý I" in out.stdout  # not ASCII-escaped
    assert json.loads(out.stdout) == {"preset": "bnv", "year": 2026, "periods": CONTRACT_2026}


def test_named_preset():
    out = run("--year", "2026", "--preset", "haiphong", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["preset"] == "haiphong"
    assert [p["due"] for p in doc["periods"]] == ["2026-03-10", "2026-06-10", "2026-09-10", "2026-12-10"]


@pytest.mark.parametrize(
    "args",
    [
        ("--year", "2026", "--preset", "khong-co", "--json"),
        ("--year", "abc", "--json"),
        ("--json",),
        ("--year", "20266", "--json"),
    ],
)
def test_bad_input(args):
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_no_database_connection(monkeypatch):
    from io import StringIO

    from django.core.management import call_command
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self, *args, **kwargs):
        raise AssertionError("report_periods opened a database connection")

    monkeypatch.setattr(BaseDatabaseWrapper, "connect", refuse)
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    buf = StringIO()
    call_command("report_periods", year="2026", json=True, stdout=buf)
    assert json.loads(buf.getvalue())["periods"] == CONTRACT_2026
    buf = StringIO()
    call_command("report_periods", year="2026", preset="hanoi-phuong", stdout=buf)
    assert "Báo cáo năm 2026" in buf.getvalue()
