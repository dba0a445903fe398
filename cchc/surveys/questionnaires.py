"""Questionnaires as versioned data: load and validate the JSON files under ``data/questionnaires/`` — pure.

A file ``<id>_v<version>.json`` holds::

    {"id": "sipas_citizen", "version": 1, "title": "…", "effective_from": "2025-01-01", "source": "…",
     "kind": "citizen" | "organisation" | "desk_evaluation",
     "scale": {"options": [{"value": 1, "label": "Rất không hài lòng"}, …], "skip_label": "Không có ý kiến"},
     "dimensions": [{"code": "tiep_can", "title": "Tiếp cận dịch vụ", "in_index": true}],
     "questions": [{"key": "q1", "type": "likert", "dimension": "tiep_can", "text": "…"}],
     "bands": [...]}                      # desk evaluation only, see desk_evaluation.bands_from_data

Question types: ``likert`` (answered on ``scale``, may be skipped; needs a dimension), ``single`` and ``multiple``
(own ``options``), ``text``. A question's ``key`` is also its column name for paper imports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cchc.core.errors import DomainError, gettext_noop
from cchc.surveys.desk_evaluation import POINTS, Band, bands_from_data

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "data" / "questionnaires"
TYPES: frozenset[str] = frozenset({"likert", "single", "multiple", "text"})
KINDS: frozenset[str] = frozenset({"citizen", "organisation", "desk_evaluation"})
RESERVED_KEYS: frozenset[str] = frozenset({"token", "submitted_at"})  # other columns of the import file
LIKERT_VALUES: tuple[int, ...] = (1, 2, 3, 4, 5)
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Option:
    value: int | str
    label: str


@dataclass(frozen=True, slots=True)
class Dimension:
    code: str
    title: str
    in_index: bool = True


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    type: str
    text: str
    dimension: str | None = None
    options: tuple[Option, ...] = ()
    required: bool = False
    section: str | None = None  # a heading on the form; by default the dimension's title


@dataclass(frozen=True, slots=True)
class Section:
    """A run of questions under one heading on the form (``Questionnaire.sections``)."""

    number: int
    title: str
    questions: tuple[Question, ...]


# Time a citizen takes per question on a phone (seconds), for an honest "khoảng N phút": a 5-point scale or a single
# choice read and tapped, a multiple choice read through; free text is optional and not counted.
SECONDS_PER_QUESTION: dict[str, int] = {"likert": 5, "single": 5, "multiple": 8, "text": 0}
OTHER_SECTION = "Ý kiến khác"


@dataclass(frozen=True, slots=True)
class Questionnaire:
    id: str
    version: int
    title: str
    effective_from: date
    source: str
    kind: str
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    scale: tuple[Option, ...] = ()
    skip_label: str | None = None
    raw: Mapping[str, Any] | None = None  # the parsed document, for extra keys such as "bands"

    def dimension_of(self) -> dict[str, str]:
        """Question key -> dimension code, for the Likert questions (the input of results.aggregate_responses)."""
        return {q.key: q.dimension for q in self.questions if q.type == "likert" and q.dimension}

    def dimension_titles(self) -> dict[str, str]:
        return {d.code: d.title for d in self.dimensions}

    def index_dimensions(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.dimensions if d.in_index)

    def not_in_index(self) -> frozenset[str]:
        return frozenset(d.code for d in self.dimensions if not d.in_index)

    def sections(self) -> tuple[Section, ...]:
        """Consecutive questions under the same heading: their ``section``, else their dimension's title, else
        "Ý kiến khác" (the free comment)."""
        titles = self.dimension_titles()
        runs: list[tuple[str, list[Question]]] = []
        for q in self.questions:
            title = q.section or (titles.get(q.dimension, "") if q.dimension else "") or OTHER_SECTION
            if runs and runs[-1][0] == title:
                runs[-1][1].append(q)
            else:
                runs.append((title, [q]))
        return tuple(Section(i, title, tuple(qs)) for i, (title, qs) in enumerate(runs, start=1))

    def estimate_seconds(self) -> int:
        return sum(SECONDS_PER_QUESTION.get(q.type, 5) for q in self.questions)

    def estimate_minutes(self) -> int:
        """What the poster and the form promise: whole minutes, rounded up, at least 1."""
        return max(1, -(-self.estimate_seconds() // 60))

    def question(self, key: str) -> Question:
        for q in self.questions:
            if q.key == key:
                return q
        raise DomainError(
            "unknown_question", gettext_noop("Phiếu %(qid)s không có câu hỏi %(key)s"), qid=self.id, key=key
        )


def _bad(where: str, message: str, **params: Any) -> DomainError:
    """An invalid questionnaire: ``message`` is a msgid marked with ``gettext_noop``; ``where`` is the place."""
    return DomainError("invalid_questionnaire", message, **params).within(where)


def _text(data: Mapping[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _bad(where, gettext_noop("thiếu hoặc sai trường '%(name)s'"), name=name)
    return value.strip()


def _options(raw: Any, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise _bad(where, gettext_noop("cần ít nhất 2 lựa chọn"))
    options: list[Option] = []
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            raise _bad(where, gettext_noop("lựa chọn %(number)s không hợp lệ"), number=i)
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise _bad(where, gettext_noop("lựa chọn %(number)s thiếu giá trị"), number=i)
        options.append(Option(value, _text(item, "label", f"{where}, lựa chọn {i}")))
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise _bad(where, gettext_noop("giá trị lựa chọn bị trùng"))
    return tuple(options)


def _scale(raw: Any, where: str) -> tuple[tuple[Option, ...], str | None]:
    if raw is None:
        return (), None
    if not isinstance(raw, Mapping):
        raise _bad(where, gettext_noop("'scale' phải là một đối tượng"))
    options = _options(raw.get("options"), f"{where}, scale")
    if tuple(o.value for o in options) != LIKERT_VALUES:
        raise _bad(where, gettext_noop("thang đo phải gồm các mức 1–5 theo thứ tự"))
    skip = raw.get("skip_label")
    if skip is not None and (not isinstance(skip, str) or not skip.strip()):
        raise _bad(where, gettext_noop("'skip_label' không hợp lệ"))
    return options, skip


def _dimensions(raw: Any, where: str) -> tuple[Dimension, ...]:
    if not isinstance(raw, list):
        raise _bad(where, gettext_noop("'dimensions' phải là một danh sách"))
    dims: list[Dimension] = []
    for i, item in enumerate(raw, start=1):
        at = f"{where}, tiêu chí {i}"
        if not isinstance(item, Mapping):
            raise _bad(at, gettext_noop("không hợp lệ"))
        code = _text(item, "code", at)
        if not _KEY.match(code):
            raise _bad(at, gettext_noop("mã '%(value)s' không hợp lệ"), value=code)
        in_index = item.get("in_index", True)
        if not isinstance(in_index, bool):
            raise _bad(at, gettext_noop("'in_index' phải là true/false"))
        dims.append(Dimension(code, _text(item, "title", at), in_index))
    codes = [d.code for d in dims]
    if len(set(codes)) != len(codes):
        raise _bad(where, gettext_noop("mã tiêu chí bị trùng"))
    return tuple(dims)


def _question(item: Any, i: int, where: str, dims: set[str], has_scale: bool) -> Question:
    at = f"{where}, câu hỏi {i}"
    if not isinstance(item, Mapping):
        raise _bad(at, gettext_noop("không hợp lệ"))
    key = _text(item, "key", at)
    at = f"{where}, câu hỏi {key}"
    if not _KEY.match(key) or key in RESERVED_KEYS:
        raise _bad(at, gettext_noop("mã câu hỏi không hợp lệ hoặc trùng tên cột dành riêng"))
    qtype = item.get("type")
    if qtype not in TYPES:
        raise _bad(at, gettext_noop("loại câu hỏi '%(type)s' không hợp lệ"), type=qtype)
    dimension = item.get("dimension")
    if dimension is not None and dimension not in dims:
        raise _bad(at, gettext_noop("tiêu chí '%(dimension)s' chưa khai báo"), dimension=dimension)
    if qtype == "likert":
        if dimension is None:
            raise _bad(at, gettext_noop("câu hỏi thang đo phải thuộc một tiêu chí"))
        if not has_scale:
            raise _bad(at, gettext_noop("phiếu chưa khai báo thang đo 'scale'"))
    if key == "comment" and qtype != "text":
        raise _bad(at, gettext_noop("'comment' chỉ dùng cho câu hỏi tự luận"))
    options: tuple[Option, ...] = ()
    if qtype in ("single", "multiple"):
        options = _options(item.get("options"), at)
    elif "options" in item:
        raise _bad(at, gettext_noop("chỉ câu hỏi lựa chọn mới có 'options'"))
    required = item.get("required", False)
    if not isinstance(required, bool):
        raise _bad(at, gettext_noop("'required' phải là true/false"))
    section = item.get("section")
    if section is not None and (not isinstance(section, str) or not section.strip()):
        raise _bad(at, gettext_noop("'section' phải là một tiêu đề"))
    return Question(
        key,
        qtype,
        _text(item, "text", at),
        dimension,
        options,
        required,
        section.strip() if section else None,
    )


def parse_questionnaire(data: Any, where: str = "phiếu") -> Questionnaire:
    """Validate a parsed JSON document and build a ``Questionnaire``; raises ``DomainError`` naming the problem."""
    if not isinstance(data, Mapping):
        raise _bad(where, gettext_noop("nội dung phải là một đối tượng JSON"))
    qid = _text(data, "id", where)
    if not _KEY.match(qid):
        raise _bad(where, gettext_noop("mã phiếu '%(qid)s' không hợp lệ"), qid=qid)
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _bad(where, gettext_noop("'version' phải là số nguyên dương"))
    try:
        effective_from = date.fromisoformat(_text(data, "effective_from", where))
    except ValueError as exc:
        raise _bad(where, gettext_noop("'effective_from' phải là ngày YYYY-MM-DD")) from exc
    kind = data.get("kind")
    if kind not in KINDS:
        raise _bad(where, gettext_noop("loại phiếu '%(kind)s' không hợp lệ"), kind=kind)
    scale, skip_label = _scale(data.get("scale"), where)
    dims = _dimensions(data.get("dimensions", []), where)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise _bad(where, gettext_noop("phiếu chưa có câu hỏi"))
    codes = {d.code for d in dims}
    questions = tuple(
        _question(q, i, where, codes, bool(scale)) for i, q in enumerate(raw_questions, start=1)
    )
    keys = [q.key for q in questions]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise _bad(where, gettext_noop("mã câu hỏi bị trùng: %(keys)s"), keys=", ".join(duplicates))
    unused = sorted(codes - {q.dimension for q in questions if q.dimension})
    if unused:
        raise _bad(where, gettext_noop("tiêu chí không có câu hỏi: %(codes)s"), codes=", ".join(unused))
    if kind == "desk_evaluation":
        _check_desk(questions, data, where)
    return Questionnaire(
        id=qid,
        version=version,
        title=_text(data, "title", where),
        effective_from=effective_from,
        source=_text(data, "source", where),
        kind=kind,
        dimensions=dims,
        questions=questions,
        scale=scale,
        skip_label=skip_label,
        raw=data,
    )


def _check_desk(questions: Sequence[Question], data: Mapping[str, Any], where: str) -> None:
    """A desk evaluation scores every criterion 0, 1 or 2 and carries its bands."""
    for q in questions:
        if q.type != "single" or {o.value for o in q.options} != POINTS:
            raise _bad(where, gettext_noop("tiêu chí %(key)s phải có các mức 0, 1, 2"), key=q.key)
    bands = data.get("bands")
    if not isinstance(bands, list):
        raise _bad(where, gettext_noop("thiếu ngưỡng xếp loại 'bands'"))
    try:
        bands_from_data(bands)
    except DomainError as exc:
        raise exc.within(where) from None


def desk_bands(q: Questionnaire) -> tuple[Band, ...]:
    """The classification bands of a desk-evaluation questionnaire."""
    if q.kind != "desk_evaluation" or q.raw is None:
        raise DomainError(
            "not_a_desk_evaluation", gettext_noop("Phiếu %(qid)s không phải bảng đánh giá"), qid=q.id
        )
    return bands_from_data(q.raw["bands"])


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Read, parse and validate one questionnaire file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DomainError(
            "unreadable_file", gettext_noop("Không đọc được tệp %(path)s"), path=str(path)
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError(
            "invalid_json", gettext_noop("Tệp %(path)s không phải JSON hợp lệ"), path=str(path)
        ) from exc
    return parse_questionnaire(data, where=path.name)


def shipped_paths() -> list[Path]:
    return sorted(QUESTIONNAIRE_DIR.glob("*.json"))


def load_shipped() -> list[Questionnaire]:
    """Every shipped questionnaire; each file must be named ``<id>_v<version>.json``."""
    result: list[Questionnaire] = []
    for path in shipped_paths():
        q = load_questionnaire(path)
        if path.stem != f"{q.id}_v{q.version}":
            raise DomainError(
                "invalid_questionnaire",
                gettext_noop("Tên tệp %(name)s không khớp mã và phiên bản phiếu (%(expected)s)"),
                name=path.name,
                expected=f"{q.id}_v{q.version}.json",
            )
        result.append(q)
    return result


def current_version(
    qid: str, on: date, questionnaires: Sequence[Questionnaire] | None = None
) -> Questionnaire:
    """The latest version of questionnaire ``qid`` in effect on ``on``."""
    candidates = [q for q in (questionnaires or load_shipped()) if q.id == qid and q.effective_from <= on]
    if not candidates:
        raise DomainError(
            "unknown_questionnaire",
            gettext_noop("Không có phiếu %(qid)s có hiệu lực vào ngày %(day)s"),
            qid=qid,
            day=f"{on:%d/%m/%Y}",
        )
    return max(candidates, key=lambda q: q.version)


def parse_likert(raw: object, where: str) -> int | None:
    """A Likert cell from a form or an import: empty means skipped ("Không có ý kiến"), else 1–5."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise _bad(where, gettext_noop("giá trị phải là 1–5 hoặc để trống"))
    text = str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if text not in {"1", "2", "3", "4", "5"}:
        raise _bad(where, gettext_noop("giá trị '%(value)s' phải là 1–5 hoặc để trống"), value=text)
    return int(text)
