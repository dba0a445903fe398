"""``manage.py parindex_evaluate PATH --json`` as a user runs it, and in-process without any database."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from cchc.parindex.loaders import load_input, write_framework_xlsx
from tests.commands import manage

from .factories import CONTRACT_OUTPUT, contract_input

ROOT = Path(__file__).resolve().parents[3]
PYTHON = ROOT / ".venv" / "bin" / "python"


def _write(tmp_path: Path, doc, name: str = "input.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False, default=float), encoding="utf-8")
    return path


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    return manage("parindex_evaluate", *args)


def test_command_prints_exactly_the_contract_output(tmp_path):
    done = _manage(str(_write(tmp_path, contract_input())), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == CONTRACT_OUTPUT
    assert done.stdout.count("\n") == 1
    assert (
        '"index": 64.29' in done.stdout and '"achieved": 3.25' in done.stdout and '"bonus": 1,' in done.stdout
    )
    assert "Phòng Cảnh sát" in done.stdout  # not ASCII-escaped


def test_command_reads_xlsx(tmp_path):
    data = load_input(_write(tmp_path, contract_input()))
    path = tmp_path / "input.xlsx"
    write_framework_xlsx(data.framework, path, stage=data.stage, units=data.units)
    done = _manage(str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == CONTRACT_OUTPUT


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["units"][0]["scores"]["1.1"].update(round2=3), "PC06"),
        (lambda d: d["units"][0]["scores"]["1.2.1"].pop("round1"), "1.2.1"),
    ],
)
def test_command_bad_input_exits_2_with_one_stderr_line(tmp_path, mutate, expected):
    doc = contract_input()
    mutate(doc)
    path = _write(tmp_path, doc)
    done = _manage(str(path), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert expected in lines[0] and str(path) in lines[0] and " / " in lines[0]


def test_command_missing_file_exits_2(tmp_path):
    done = _manage(str(tmp_path / "none.xlsx"), "--json")
    assert done.returncode == 2 and done.stdout == "" and len(done.stderr.splitlines()) == 1


def test_command_in_process_needs_no_database(tmp_path):
    # pytest-django blocks database access in tests without the db fixture: any query or connection would fail.
    out = io.StringIO()
    call_command("parindex_evaluate", str(_write(tmp_path, contract_input())), "--json", stdout=out)
    assert json.loads(out.getvalue()) == CONTRACT_OUTPUT


def test_command_without_json_prints_a_table(tmp_path, capsys):
    out = io.StringIO()
    call_command("parindex_evaluate", str(_write(tmp_path, contract_input())), stdout=out)
    assert "PC06" in out.getvalue() and "64.29" in out.getvalue()
