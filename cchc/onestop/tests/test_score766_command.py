"""``manage.py score766 PATH --json`` as a user calls it: pure, one JSON document, exit 2 on bad input."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from cchc.onestop.portal_snapshot import published_scores, snapshot_to_input
from cchc.onestop.scoring import to_cents
from tests.commands import manage

from .paths import gialai_path


def run(tmp_path, *args):
    return manage("score766", *map(str, args))  # pure: a connection would fail the test


@pytest.fixture(scope="module")
def gialai_input(tmp_path_factory):
    snapshot = json.loads(gialai_path().read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("in") / "gialai.json"
    path.write_text(json.dumps(snapshot_to_input(snapshot), ensure_ascii=False), encoding="utf-8")
    return snapshot, path


def test_gialai_through_the_command(tmp_path, gialai_input):
    snapshot, path = gialai_input
    proc = run(tmp_path, path, "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)  # exactly one JSON document
    assert "Thanh tra tỉnh" in proc.stdout  # UTF-8, not ASCII-escaped
    assert doc["version"] == "766-dvcqg-2026"
    published = published_scores(snapshot)
    assert len(doc["units"]) == 149
    for u in doc["units"]:
        pub = published[u["code"]]
        assert {g: to_cents(v) for g, v in u["groups"].items()} == {
            g: to_cents(v) for g, v in pub["groups"].items()
        }
        for i in u["indicators"]:
            expected = pub["indicators"][i["code"]]
            if expected is None and i["score"] == 0 and i["ratio"] is None:
                continue  # zero denominator: published null, contract 0
            assert i["score"] == expected, (u["code"], i["code"])
        assert set(u) >= {
            "code",
            "name",
            "group",
            "indicators",
            "groups",
            "total",
            "band",
            "rank",
            "group_rank",
        }
        assert u["total"] == round(sum(u["groups"].values()), 2)
    ranks = [u["rank"] for u in doc["units"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    first = doc["units"][0]
    assert isinstance(first["rank"], int) and isinstance(first["total"], float)
    assert any(u["group_rank"] == 1 and u["group"] == "COMMUNE" for u in doc["units"])


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "không tìm thấy"),
        ("{not json", "JSON không hợp lệ"),
        ('{"units": [{"code": "A", "indicators": {"XYZ": {"ratio": 1}}}]}', "XYZ"),
        (
            '{"units": [{"code": "A", "indicators": {"DOSSIER_ON_TIME": {"numerator": 9, "denominator": 4}}}]}',
            "DOSSIER_ON_TIME",
        ),
        ('{"rows": []}', "units"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, content, needle):
    path = tmp_path / "input.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    proc = run(tmp_path, path, "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert needle in lines[0] and str(path) in lines[0]


def test_in_process_without_database_access(tmp_path):
    """pytest-django forbids database access in a test without the ``db`` fixture: the command needs none."""
    path = tmp_path / "u.json"
    path.write_text(
        json.dumps({"units": [{"code": "X", "group": "AGENCY", "indicators": {"ONLINE": {"ratio": 50}}}]}),
        encoding="utf-8",
    )
    out = StringIO()
    call_command("score766", str(path), "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["units"][0]["groups"]["ONLINE"] == 6
    assert doc["units"][0]["band"] == "Yếu"
    out = StringIO()
    call_command("score766", str(path), stdout=out)
    assert "X" in out.getvalue()
