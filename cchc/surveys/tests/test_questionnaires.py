"""Questionnaire files: every shipped file validates; the validator refuses malformed documents."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cchc.core.errors import DomainError
from cchc.surveys.desk_evaluation import CRITERIA, score_desk_evaluation
from cchc.surveys.questionnaires import (
    current_version,
    desk_bands,
    load_questionnaire,
    load_shipped,
    parse_likert,
    parse_questionnaire,
    shipped_paths,
)
from cchc.surveys.results import NOT_IN_INDEX, ResponseRecord, aggregate_responses, compute_results

SIPAS_DIMENSIONS = ["tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "gop_y"]
LIKERT_LABELS = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]
EXPECTED_FILES = {
    "sipas_citizen_v1.json",
    "org_survey_phieu01_v1.json",
    "org_survey_phieu02_v1.json",
    "desk_evaluation_9_v1.json",
}


def shipped() -> dict[str, Any]:
    return {q.id: q for q in load_shipped()}


def test_expected_files_are_shipped() -> None:
    assert {p.name for p in shipped_paths()} >= EXPECTED_FILES


@pytest.mark.parametrize("path", shipped_paths(), ids=lambda p: p.name)
def test_every_shipped_file_validates(path: Path) -> None:
    q = load_questionnaire(path)
    assert path.stem == f"{q.id}_v{q.version}"
    assert q.title and q.source and isinstance(q.effective_from, date)
    data = json.loads(path.read_text(encoding="utf-8"))
    for name in ("id", "version", "title", "effective_from", "source"):
        assert name in data
    for question in q.questions:
        assert question.type in {"likert", "single", "multiple", "text"}
    if any(question.type == "likert" for question in q.questions):
        assert [o.label for o in q.scale] == LIKERT_LABELS
        assert q.skip_label == "Không có ý kiến"


def test_shipped_files_are_generated_from_source() -> None:
    from cchc.surveys.data import make_questionnaires as src

    for doc in (src.SIPAS_CITIZEN, src.PHIEU01, src.PHIEU02, src.DESK_EVALUATION):
        path = src.OUT / f"{doc['id']}_v{doc['version']}.json"
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(doc))


def test_sipas_citizen_questionnaire() -> None:
    q = shipped()["sipas_citizen"]
    assert q.kind == "citizen"
    assert list(q.index_dimensions()) == SIPAS_DIMENSIONS
    assert q.not_in_index() == NOT_IN_INDEX == {"tong_the"}
    titles = q.dimension_titles()
    assert titles["cong_chuc"] == "Công chức giải quyết công việc"
    assert titles["gop_y"] == "Tiếp nhận và xử lý góp ý, phản ánh, kiến nghị"
    likert = [x for x in q.questions if x.type == "likert"]
    assert [x.key for x in likert] == [f"q{i}" for i in range(1, len(likert) + 1)]
    for dim in SIPAS_DIMENSIONS:
        assert 2 <= sum(x.dimension == dim for x in likert) <= 5
    assert sum(x.dimension == "tong_the" for x in likert) == 1
    assert q.question("comment").type == "text"


@pytest.mark.parametrize("qid", ["org_survey_phieu01", "org_survey_phieu02"])
def test_org_surveys(qid: str) -> None:
    q = shipped()[qid]
    assert q.kind == "organisation"
    assert "seed 001" in q.source
    assert q.not_in_index() == {"tong_the"}
    assert any(x.type == "single" for x in q.questions)


def test_desk_evaluation_questionnaire_matches_scoring() -> None:
    q = shipped()["desk_evaluation_9"]
    assert [x.key for x in q.questions] == list(CRITERIA)
    bands = desk_bands(q)
    assert all(not b.confirmed for b in bands)
    result = score_desk_evaluation(dict.fromkeys(CRITERIA, 1), bands=bands)
    assert result.total == 9 and result.band is not None and result.band.label == "Khá"


def test_questionnaire_feeds_results() -> None:
    q = shipped()["sipas_citizen"]
    answers: dict[str, int | None] = dict.fromkeys(q.dimension_of(), 5)
    result = compute_results(aggregate_responses([ResponseRecord("U", answers)], q.dimension_of()))["U"]
    assert result.index == 100
    assert len(result.dimensions) == 6


def test_current_version() -> None:
    qs = load_shipped()
    assert current_version("sipas_citizen", date(2025, 6, 1), qs).version == 1
    assert current_version("sipas_citizen", date(2026, 1, 1), qs).version == 2
    newer = copy.deepcopy(json.loads((shipped_paths()[0]).read_text(encoding="utf-8")))
    newer.update(version=2, effective_from="2030-01-01")
    v2 = parse_questionnaire(newer)
    assert current_version(newer["id"], date(2029, 12, 31), [*qs, v2]).version == 1
    assert current_version(newer["id"], date(2030, 1, 1), [*qs, v2]).version == 2
    with pytest.raises(DomainError):
        current_version("sipas_citizen", date(2000, 1, 1), qs)


# --- the validator refuses malformed documents ---------------------------------------------------------------


def base() -> dict[str, Any]:
    return json.loads((shipped_paths()[-1].parent / "sipas_citizen_v1.json").read_text(encoding="utf-8"))


def _set(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    target: Any = doc
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is _DELETE:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return doc


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "needle"),
    [
        ("id", "Bad Id", "mã phiếu"),
        ("id", _DELETE, "'id'"),
        ("version", 0, "'version'"),
        ("version", "1", "'version'"),
        ("title", "", "'title'"),
        ("source", _DELETE, "'source'"),
        ("effective_from", "17/01/2025", "'effective_from'"),
        ("kind", "poll", "loại phiếu"),
        ("questions", [], "chưa có câu hỏi"),
        ("questions.1.key", "q1", "mã câu hỏi bị trùng"),
        ("questions.0.type", "slider", "loại câu hỏi"),
        ("questions.0.dimension", "khac", "chưa khai báo"),
        ("questions.0.dimension", _DELETE, "phải thuộc một tiêu chí"),
        ("questions.0.text", " ", "'text'"),
        ("questions.0.key", "token", "dành riêng"),
        ("questions.0.key", "Q 1", "không hợp lệ"),
        ("questions.0.options", [{"value": 1, "label": "a"}, {"value": 2, "label": "b"}], "'options'"),
        ("questions.0.required", "yes", "'required'"),
        ("dimensions.1.code", "tiep_can", "mã tiêu chí bị trùng"),
        ("dimensions.0.in_index", "true", "'in_index'"),
        ("dimensions.0.title", _DELETE, "'title'"),
        ("scale.options.0.value", 0, "thang đo"),
        ("scale.skip_label", "", "'skip_label'"),
        ("scale", _DELETE, "'scale'"),
    ],
)
def test_validator_refuses(path: str, value: Any, needle: str) -> None:
    doc = _set(base(), path, value)
    with pytest.raises(DomainError) as info:
        parse_questionnaire(doc, where="test.json")
    assert needle in info.value.vi
    assert info.value.vi.startswith("test.json")


@contextmanager
def refused_en(pattern: str) -> Iterator[Any]:
    """A ``DomainError`` whose Vietnamese text matches ``pattern``."""
    with pytest.raises(DomainError) as info:
        yield info
    assert re.search(pattern, info.value.vi), info.value.vi


def test_unused_dimension_refused() -> None:
    doc = base()
    doc["dimensions"].append({"code": "moi", "title": "Mới"})
    with refused_en("tiêu chí không có câu hỏi"):
        parse_questionnaire(doc)


def test_comment_key_only_for_text() -> None:
    doc = base()
    doc["questions"][0]["key"] = "comment"
    doc["questions"] = [q for q in doc["questions"] if q.get("type") != "text"]
    with refused_en("chỉ dùng cho câu hỏi tự luận"):
        parse_questionnaire(doc)


def test_choice_questions_need_options() -> None:
    doc = base()
    doc["questions"].append(
        {"key": "x1", "type": "multiple", "text": "Chọn", "options": [{"value": 1, "label": "a"}]}
    )
    with refused_en("ít nhất 2"):
        parse_questionnaire(doc)
    doc["questions"][-1]["options"] = [{"value": 1, "label": "a"}, {"value": 1, "label": "b"}]
    with refused_en("giá trị lựa chọn bị trùng"):
        parse_questionnaire(doc)


def test_desk_evaluation_validation() -> None:
    path = shipped_paths()[0].parent / "desk_evaluation_9_v1.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    bad_options = copy.deepcopy(doc)
    bad_options["questions"][0]["options"][0]["value"] = 3
    with refused_en("0, 1, 2"):
        parse_questionnaire(bad_options)
    no_bands = copy.deepcopy(doc)
    del no_bands["bands"]
    with refused_en("bands"):
        parse_questionnaire(no_bands)
    bad_bands = copy.deepcopy(doc)
    bad_bands["bands"].reverse()
    with refused_en("giảm dần"):
        parse_questionnaire(bad_bands)


def test_load_errors(tmp_path: Path) -> None:
    with refused_en("Không đọc được"):
        load_questionnaire(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with refused_en("không phải JSON"):
        load_questionnaire(broken)
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with refused_en("đối tượng JSON"):
        load_questionnaire(listed)


@pytest.mark.parametrize(
    ("raw", "expected"), [(None, None), ("", None), ("  ", None), ("4", 4), (5, 5), (3.0, 3), (" 1 ", 1)]
)
def test_parse_likert(raw: object, expected: int | None) -> None:
    assert parse_likert(raw, "dòng 2, q1") == expected


@pytest.mark.parametrize("raw", ["0", "6", "4.5", "x", True, 2.5, -1])
def test_parse_likert_refuses(raw: object) -> None:
    with pytest.raises(DomainError, match="dòng 2, q1"):
        parse_likert(raw, "dòng 2, q1")
