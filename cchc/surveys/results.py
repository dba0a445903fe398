"""Satisfaction-survey results (contract `surveys.md` § Formulas; methodology §3.3) — pure, no Django.

Two stages, so that the ORM can replace the first one with one SQL aggregate:

1. ``aggregate_responses(records, dimensions)`` turns raw responses into an ``Aggregate``: answer counts per
   (unit, dimension) and per value 1–5, plus per unit the number of responses counted and the number left out
   as flagged. The database path produces the same shape with
   ``GROUP BY unit, dimension, value`` (``Aggregate.from_rows``).
2. ``compute_results(aggregate)`` applies the formulas and returns one ``UnitResult`` per unit.

``roll_up(aggregate, children)`` sits between the two: a unit's figures then include its sub-units'.

Rules:
- ``answers`` counts the answers (1–5) to a dimension's questions; a skipped question ("Không có ý kiến") counts
  nowhere; ``satisfied`` counts the 4s and 5s; ``percent`` = satisfied / answers × 100; ``mean`` = average answer.
- ``index`` = arithmetic mean of the dimensions' ``percent`` over the dimensions that have answers and take part in
  the index. The overall question (dimension ``tong_the``) is reported but kept out of the index, which is the mean
  of the five SIPAS dimensions only (``NOT_IN_INDEX``).
- A flagged response is left out unless a coordinator accepted it; ``flagged`` counts those left out, ``responses``
  counts the responses that were counted.
- Arithmetic is exact (``Fraction``); values are rounded half-up to 2 places only when a result is built.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from cchc.core.errors import DomainError, gettext_noop

SCALE: tuple[int, ...] = (1, 2, 3, 4, 5)
SATISFIED: frozenset[int] = frozenset({4, 5})
OVERALL_DIMENSION = "tong_the"
NOT_IN_INDEX: frozenset[str] = frozenset({OVERALL_DIMENSION})

Counts = dict[int, int]  # answer value (1–5) -> number of answers
CountsByKey = dict[tuple[str, str], Counts]  # (unit code, dimension code) -> counts


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    """One response: its unit, answers by question key (None = skipped) and its review state.

    ``dimensions`` maps question key -> dimension code for this response's questionnaire; when None, the mapping
    passed to ``aggregate_responses`` applies.
    """

    unit: str
    answers: Mapping[str, int | None]
    flagged: bool = False
    accepted: bool = False
    dimensions: Mapping[str, str] | None = None

    @property
    def counted(self) -> bool:
        return not self.flagged or self.accepted


@dataclass(slots=True)
class Aggregate:
    """Counts that feed ``compute_results``; what one SQL aggregate per query can also produce."""

    counts: CountsByKey = field(default_factory=dict)
    responses: dict[str, int] = field(default_factory=dict)  # counted responses per unit
    flagged: dict[str, int] = field(default_factory=dict)  # flagged responses left out, per unit

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[str, str, int, int]],
        responses: Mapping[str, int] | None = None,
        flagged: Mapping[str, int] | None = None,
    ) -> Aggregate:
        """Build from SQL rows ``(unit, dimension, value, n)``; values outside 1–5 are refused."""
        agg = cls(responses=dict(responses or {}), flagged=dict(flagged or {}))
        for unit, dimension, value, n in rows:
            _check_value(value, f"{unit}/{dimension}")
            bucket = agg.counts.setdefault((unit, dimension), dict.fromkeys(SCALE, 0))
            bucket[value] += int(n)
        return agg

    def units(self) -> set[str]:
        return {u for u, _ in self.counts} | set(self.responses) | set(self.flagged)


@dataclass(frozen=True, slots=True)
class DimensionResult:
    code: str
    answers: int
    satisfied: int
    percent: Decimal | None  # None when the dimension has no answers
    mean: Decimal | None
    in_index: bool


@dataclass(frozen=True, slots=True)
class UnitResult:
    unit: str
    responses: int
    flagged: int
    index: Decimal | None  # None when no dimension of the index has answers
    dimensions: tuple[DimensionResult, ...]


# --- rounding -------------------------------------------------------------------------------------------------


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Exact half-up rounding (away from zero on ties) to ``places`` decimals."""
    fr = Fraction(value)
    return _round_ratio(fr.numerator, fr.denominator, places)


def _round_ratio(num: int, den: int, places: int = 2) -> Decimal:
    """num / den (den > 0) rounded half-up, in integer arithmetic."""
    scale = 10**places
    magnitude = (2 * abs(num) * scale + den) // (2 * den)  # floor(|x| * scale + 1/2)
    sign = 1 if num < 0 and magnitude else 0  # no negative zero
    return Decimal((sign, tuple(map(int, str(magnitude))), -places))


# --- stage 1: raw responses -> counts ---------------------------------------------------------------------------


def _check_value(value: object, where: str) -> None:
    if type(value) is not int or not 1 <= value <= 5:  # a bool is not an answer
        raise DomainError(
            "invalid_answer",
            gettext_noop("Câu trả lời không hợp lệ (%(where)s): %(value)s, phải là 1–5 hoặc để trống"),
            where=where,
            value=repr(value),
        )


def aggregate_responses(
    records: Iterable[ResponseRecord], dimensions: Mapping[str, str] | None = None
) -> Aggregate:
    """Count answers per (unit, dimension, value); flagged responses not accepted only add to ``flagged``.

    A question key with no dimension (e.g. a free comment or a respondent-information question) must be absent
    from ``answers`` or map to None there; an unknown key with a value is refused.
    """
    default_dims = dimensions or {}
    # Internal buckets are lists indexed by answer value for speed; converted to dicts at the end.
    buckets: dict[tuple[str, str], list[int]] = {}
    responses: dict[str, int] = {}
    flagged: dict[str, int] = {}
    for rec in records:
        unit = rec.unit
        if rec.flagged and not rec.accepted:
            flagged[unit] = flagged.get(unit, 0) + 1
            continue
        responses[unit] = responses.get(unit, 0) + 1
        dims = rec.dimensions if rec.dimensions is not None else default_dims
        for key, value in rec.answers.items():
            if value is None:
                continue  # "Không có ý kiến": counts nowhere
            dim = dims.get(key)
            if dim is None:
                raise DomainError(
                    "unknown_question",
                    gettext_noop("Câu hỏi không thuộc tiêu chí nào: %(key)s (đơn vị %(unit)s)"),
                    key=key,
                    unit=unit,
                )
            if value.__class__ is not int or not 1 <= value <= 5:
                _check_value(value, f"{unit}/{key}")
            bucket = buckets.get((unit, dim))
            if bucket is None:
                bucket = buckets[(unit, dim)] = [0] * 6
            bucket[value] += 1
    counts = {k: {v: b[v] for v in SCALE} for k, b in buckets.items()}
    return Aggregate(counts=counts, responses=responses, flagged=flagged)


# --- roll-up ----------------------------------------------------------------------------------------------------


def descendants(children: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """Each unit's strict descendants; a cycle is refused."""
    kids = {parent: tuple(cs) for parent, cs in children.items()}
    done: dict[str, frozenset[str]] = {}

    def visit(unit: str, path: tuple[str, ...]) -> frozenset[str]:
        if unit in done:
            return done[unit]
        if unit in path:
            raise DomainError(
                "unit_cycle", gettext_noop("Cây đơn vị có vòng lặp: %(path)s"), path=" → ".join((*path, unit))
            )
        acc: set[str] = set()
        for child in kids.get(unit, ()):
            acc.add(child)
            acc |= visit(child, (*path, unit))
        done[unit] = frozenset(acc)
        return done[unit]

    for unit in kids:
        visit(unit, ())
    return done


def _iter_units(agg: Aggregate, children: Mapping[str, Iterable[str]]) -> Iterator[str]:
    seen: set[str] = set(agg.units())
    for parent, cs in children.items():
        seen.add(parent)
        seen.update(cs)
    yield from sorted(seen)


def roll_up(agg: Aggregate, children: Mapping[str, Iterable[str]]) -> Aggregate:
    """A unit's counts, responses and flagged become the sums over the unit and all its descendants.

    Every unit named in ``children`` or in ``agg`` appears in the result, even with nothing to count.
    A unit reached through two parents is counted once per ancestor, never twice for the same ancestor.
    """
    desc = descendants(children)
    by_unit: dict[str, list[tuple[str, Counts]]] = {}
    for (unit, dim), counts in agg.counts.items():
        by_unit.setdefault(unit, []).append((dim, counts))
    out = Aggregate()
    for unit in _iter_units(agg, children):
        members = (unit, *sorted(desc.get(unit, ())))
        for member in members:
            for dim, counts in by_unit.get(member, ()):
                bucket = out.counts.setdefault((unit, dim), dict.fromkeys(SCALE, 0))
                for value, n in counts.items():
                    bucket[value] = bucket.get(value, 0) + n
        out.responses[unit] = sum(agg.responses.get(m, 0) for m in members)
        out.flagged[unit] = sum(agg.flagged.get(m, 0) for m in members)
    return out


# --- stage 2: counts -> results ---------------------------------------------------------------------------------


def _dimension(
    code: str, counts: Mapping[int, int], in_index: bool
) -> tuple[DimensionResult, Fraction | None]:
    answers = 0
    total = 0
    satisfied = 0
    for value, n in counts.items():
        _check_value(value, code)
        if n < 0:
            raise DomainError(
                "invalid_value", gettext_noop("Số lượng âm ở tiêu chí %(dimension)s"), dimension=code
            )
        answers += n
        total += value * n
        if value in SATISFIED:
            satisfied += n
    if answers == 0:
        return DimensionResult(code, 0, 0, None, None, in_index), None
    percent = Fraction(satisfied * 100, answers)
    result = DimensionResult(
        code,
        answers,
        satisfied,
        _round_ratio(satisfied * 100, answers),
        _round_ratio(total, answers),
        in_index,
    )
    return result, percent


def compute_unit(
    unit: str,
    counts_by_dimension: Mapping[str, Mapping[int, int]],
    *,
    responses: int = 0,
    flagged: int = 0,
    order: Collection[str] | None = None,
    not_in_index: Collection[str] = NOT_IN_INDEX,
) -> UnitResult:
    """One unit's result from its counts per dimension.

    ``order`` lists dimension codes that are always shown, first and in that order (with ``answers`` 0 when nobody
    answered them); other dimensions with counts follow by code.
    """
    order = list(dict.fromkeys(order or ()))
    codes = order + sorted(set(counts_by_dimension) - set(order))
    dims: list[DimensionResult] = []
    percents: list[Fraction] = []
    for code in codes:
        in_index = code not in not_in_index
        result, percent = _dimension(code, counts_by_dimension.get(code, {}), in_index)
        dims.append(result)
        if in_index and percent is not None:
            percents.append(percent)
    index = round_half_up(sum(percents, Fraction(0)) / len(percents)) if percents else None
    return UnitResult(unit, responses, flagged, index, tuple(dims))


def compute_results(
    agg: Aggregate,
    *,
    order: Collection[str] | None = None,
    not_in_index: Collection[str] = NOT_IN_INDEX,
) -> dict[str, UnitResult]:
    """Results for every unit in ``agg``, keyed and sorted by unit code."""
    per_unit: dict[str, dict[str, Mapping[int, int]]] = {u: {} for u in agg.units()}
    for (unit, dim), counts in agg.counts.items():
        per_unit[unit][dim] = counts
    return {
        unit: compute_unit(
            unit,
            per_unit[unit],
            responses=agg.responses.get(unit, 0),
            flagged=agg.flagged.get(unit, 0),
            order=order,
            not_in_index=not_in_index,
        )
        for unit in sorted(per_unit)
    }


def results_from_counts(
    counts: Mapping[tuple[str, str], Mapping[int, int]],
    *,
    order: Collection[str] | None = None,
    not_in_index: Collection[str] = NOT_IN_INDEX,
) -> dict[str, UnitResult]:
    """Shortcut for the bare ``{(unit, dimension): {1: n1, …, 5: n5}}`` shape (responses and flagged are 0)."""
    agg = Aggregate(counts={k: dict(v) for k, v in counts.items()})
    return compute_results(agg, order=order, not_in_index=not_in_index)


def unit_result_as_dict(result: UnitResult, titles: Mapping[str, str] | None = None) -> dict[str, object]:
    """The contract's JSON shape for one unit (without ``code``/``name``, which the caller knows)."""
    titles = titles or {}
    return {
        "responses": result.responses,
        "flagged": result.flagged,
        "index": result.index,
        "dimensions": [
            {
                "code": d.code,
                "title": titles.get(d.code, d.code),
                "answers": d.answers,
                "satisfied": d.satisfied,
                "percent": d.percent,
                "mean": d.mean,
                "in_index": d.in_index,
            }
            for d in result.dimensions
        ],
    }
