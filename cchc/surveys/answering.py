"""Reading one filled-in form against its questionnaire — pure, no Django.

Used by the public form, the paper-entry screen and ``import_survey_responses``:

- ``read_answers(questionnaire, data)`` takes the posted fields (``{key: value or [values]}``) and returns the
  answers to store, the comment and the errors by question key. Likert: "1"–"5"; "0" or empty = skipped
  ("Không có ý kiến"). Single choice: one of the options' values. Multiple: a list of them. Text: trimmed, at most
  ``MAX_TEXT`` characters.
- ``tally(questionnaire, answers)`` counts the Likert answers per dimension and value, what ``DailyTally`` adds up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cchc.core.errors import DomainError

from .questionnaires import Question, Questionnaire, parse_likert

MAX_TEXT = 2000
SKIP = "0"


@dataclass
class Reading:
    answers: dict[str, Any] = field(default_factory=dict)
    comment: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(v not in (None, [], "") for v in self.answers.values()) and not self.comment


def _values(data: Mapping[str, Any], key: str) -> list[Any]:
    getlist = getattr(data, "getlist", None)
    if getlist is not None:
        return list(getlist(key))
    raw = data.get(key)
    if raw is None:
        return []
    return list(raw) if isinstance(raw, list | tuple) else [raw]


def _option_value(q: Question, raw: Any) -> int | str | None:
    for option in q.options:
        if str(option.value) == str(raw).strip():
            return option.value
    return None


def read_answers(questionnaire: Questionnaire, data: Mapping[str, Any]) -> Reading:
    out = Reading()
    for q in questionnaire.questions:
        values = _values(data, q.key)
        if q.type == "likert":
            raw = values[0] if values else None
            if isinstance(raw, str) and raw.strip() == SKIP:
                raw = None
            try:
                value = parse_likert(raw, q.key)
            except DomainError:
                out.errors[q.key] = "Giá trị phải là 1–5 hoặc để trống"
                continue
            out.answers[q.key] = value
        elif q.type == "single":
            raw = values[0] if values else None
            if raw is None or str(raw).strip() == "":
                out.answers[q.key] = None
            else:
                option = _option_value(q, raw)
                if option is None:
                    out.errors[q.key] = "Lựa chọn không hợp lệ"
                    continue
                out.answers[q.key] = option
        elif q.type == "multiple":
            chosen = []
            for raw in values:
                if str(raw).strip() == "":
                    continue
                picked = _option_value(q, raw)
                if picked is None:
                    out.errors[q.key] = "Lựa chọn không hợp lệ"
                    break
                if picked not in chosen:
                    chosen.append(picked)
            out.answers[q.key] = chosen
        else:  # text
            text = str(values[0]).strip() if values and values[0] is not None else ""
            if len(text) > MAX_TEXT:
                out.errors[q.key] = f"Tối đa {MAX_TEXT} ký tự"
                continue
            if q.key == "comment":
                out.comment = text
            else:
                out.answers[q.key] = text
        if q.required and q.key not in out.errors and out.answers.get(q.key) in (None, [], ""):
            out.errors[q.key] = "Câu này bắt buộc"
    return out


def tally(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, list[int]]:
    """dimension -> [count of 1s, 2s, 3s, 4s, 5s] over the Likert answers (skipped ones count nowhere)."""
    dims = questionnaire.dimension_of()
    out: dict[str, list[int]] = {}
    for key, dim in dims.items():
        value = answers.get(key)
        if value.__class__ is int and 1 <= value <= 5:
            out.setdefault(dim, [0, 0, 0, 0, 0])[value - 1] += 1
    return out
