"""`manage.py import_plan` as a user calls it: from the repository root, no DATABASE_URL."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from cchc.plans.importing.samples import rows_to_docx
from cchc.plans.tests.support import REPO, seed_path
from tests.commands import manage


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """In this process (tests/commands.py), or in a real one when the environment matters."""
    if env_extra is None:
        return manage("import_plan", *args)
    python = REPO / ".venv" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(env_extra or {})
    return subprocess.run(
        [str(python) if python.exists() else sys.executable, "manage.py", "import_plan", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_json_of_a_text_seed():
    result = run(str(seed_path("003")), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) >= {"doc_number", "issue_date", "issuer", "title", "year", "tasks", "warnings"}
    assert out["year"] == 2024
    assert [t["code"] for t in out["tasks"]] == ["1", "2", "3", "4", "5", "6", "7"]
    first = out["tasks"][0]
    assert set(first) >= {
        "table",
        "code",
        "parent_code",
        "section",
        "content",
        "lead",
        "coordinate",
        "deadline_raw",
        "deadline",
        "product",
    }
    assert first["deadline"] == {"kind": "date", "start": None, "end": "2024-04-30"}
    assert "Sóc Trăng" in result.stdout  # UTF-8, not ASCII-escaped


def test_json_of_a_word_file_with_year(tmp_path):
    rows = [
        ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"),
        ("1", "Rà soát thủ tục hành chính", "Sở Nội vụ", "Các sở, ban, ngành", "Quý II"),
    ]
    path = rows_to_docx(tmp_path / "ke hoach.docx", [rows])
    result = run(str(path), "--json", "--year", "2027")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["year"] == 2027
    assert out["tasks"][0]["deadline"] == {"kind": "quarter", "start": "2027-04-01", "end": "2027-06-30"}


def test_never_touches_the_database():
    # An unreachable server: the command must not try it.
    result = run(
        str(seed_path("003")), "--json", env_extra={"DATABASE_URL": "postgres://nobody:x@127.0.0.1:9/none"}
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["tasks"]


@pytest.mark.parametrize("name", ["plan.pdf", "plan.doc", "plan"])
def test_other_file_types_exit_2(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4 whatever")
    result = run(str(path), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "không được hỗ trợ" in lines[0]


def test_missing_file_exits_2(tmp_path):
    result = run(str(tmp_path / "missing.txt"), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Không tìm thấy" in lines[0]


def test_corrupt_word_file_exits_2(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK not really a zip")
    result = run(str(path), "--json")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(
    importlib.util.find_spec("cchc.plans.services") is not None, reason="--save is implemented"
)
def test_save_is_not_available_yet():
    result = run(str(seed_path("003")), "--save", "--issuer", "PV01")
    assert result.returncode == 2
    assert result.stderr.strip() == "Chưa hỗ trợ --save / --save is not available yet"


def test_importer_core_does_not_import_django():
    code = (
        "import sys; import cchc.plans.importing, cchc.plans.deadlines, cchc.plans.importing.quality; "
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
