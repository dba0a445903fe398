"""Results per question (the distribution of every answer) — pure, no Django.

For a 1–5 question: how many chose each level, the share satisfied (4 and 5) and the mean, by the same rules as a
dimension (``results``: skipped answers count nowhere). For a single or multiple choice (the respondent profile, the
procedure): how many chose each option and its share of those who answered the question (a multiple choice may
add up to more than 100%).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .questionnaires import Question, Questionnaire
from .results import SATISFIED, SCALE, round_half_up


@dataclass(frozen=True, slots=True)
class OptionCount:
    value: int | str
    label: str
    count: int
    percent: Decimal | None  # of the respondents who answered the question


@dataclass(frozen=True, slots=True)
class QuestionResult:
    question: Question
    section: str
    answered: int  # respondents who answered (likert: with 1–5)
    options: tuple[OptionCount, ...]
    satisfied_percent: Decimal | None = None  # likert only
    mean: Decimal | None = None  # likert only


def question_results(
    questionnaire: Questionnaire,
    counts: Mapping[str, Mapping[object, int]],
    answered: Mapping[str, int] | None = None,
) -> list[QuestionResult]:
    """``counts``: question key -> {answer value -> number of responses}; ``answered``: question key -> number of
    responses that answered it (needed for multiple choices; defaults to the sum of the counts)."""
    out: list[QuestionResult] = []
    for section in questionnaire.sections():
        for q in section.questions:
            if q.type == "text":
                continue
            got = counts.get(q.key, {})
            if q.type == "likert":
                levels: list[tuple[int | str, str]] = [
                    (v, o.label) for v, o in zip(SCALE, questionnaire.scale, strict=False)
                ]
            else:
                levels = [(o.value, o.label) for o in q.options]
            total = (answered or {}).get(q.key)
            if total is None:
                total = sum(int(got.get(v, 0)) for v, _label in levels)
            options = tuple(
                OptionCount(v, label, int(got.get(v, 0)), _share(int(got.get(v, 0)), total))
                for v, label in levels
            )
            satisfied = mean = None
            if q.type == "likert" and total:
                happy = sum(int(got.get(v, 0)) for v in SATISFIED)
                satisfied = round_half_up(Fraction(happy * 100, total))
                mean = round_half_up(Fraction(sum(int(v) * int(got.get(v, 0)) for v in SCALE), total))
            out.append(QuestionResult(q, section.title, total, options, satisfied, mean))
    return out


def _share(n: int, total: int) -> Decimal | None:
    return round_half_up(Fraction(n * 100, total)) if total else None
