"""The national 766 index: pure scoring of units from the counts the portal publishes (no Django).

Contract: ``../shared/contracts/onestop.md`` "Scoring the 766 index". Definitions (groups, indicators, maxima,
scoring functions, payment formula, bands) come from versioned data (``definitions766``); nothing here hard-codes a
rule. Every score is kept in whole cents so that groups and totals are exact sums of rounded indicator scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from cchc.onestop.definitions766 import Definitions, IndicatorDef, load_definitions
from cchc.onestop.scoring import cents_to_number, ratio_of, ready_score_cents, round2, to_cents

__all__ = [
    "Definitions",
    "IndicatorInput",
    "IndicatorResult",
    "PaymentCounts",
    "PaymentResult",
    "UnitInput",
    "UnitResult",
    "competition_ranks",
    "load_definitions",
    "payment_cents",
    "results_to_json",
    "score_indicator",
    "score_unit",
    "score_units",
]

Source = Literal["counts", "ratio", "score", "missing"]


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator (or a directly given group) as published: counts, or a ratio, or a ready score.
    Counts win over a ratio, a ratio over a score."""

    numerator: float | None = None
    denominator: float | None = None
    ratio: float | None = None
    score: float | None = None


@dataclass(frozen=True)
class PaymentCounts:
    """Counts of the payment formula, keyed by the names of the definitions' payment terms."""

    values: Mapping[str, float]


@dataclass(frozen=True)
class UnitInput:
    code: str
    name: str = ""
    group: str | None = None
    indicators: Mapping[str, IndicatorInput] = field(default_factory=dict)  # indicator or direct-group codes
    payment: PaymentCounts | None = None


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    group: str | None
    max: float
    numerator: float | None
    denominator: float | None
    ratio: float | None  # full precision; None when not known (zero denominator, ready score, missing)
    score_cents: int | None  # None: not scored (monitoring item)
    source: Source

    @property
    def score(self) -> float | None:
        return cents_to_number(self.score_cents)


@dataclass(frozen=True)
class PaymentResult:
    terms: dict[str, int]  # term name -> cents
    cents: int


@dataclass
class UnitResult:
    code: str
    name: str
    group: str | None
    indicators: list[IndicatorResult]
    group_cents: dict[str, int]
    total_cents: int
    band: str
    payment: PaymentResult | None = None
    missing: list[str] = field(default_factory=list)
    rank: int = 0
    group_rank: int = 0


def score_indicator(defn: IndicatorDef, given: IndicatorInput | None) -> IndicatorResult:
    """Score one indicator as the portal does: ratio = num / den * 100, min(max, max * ratio / T), rounded."""

    def base(
        *,
        numerator: float | None,
        denominator: float | None,
        ratio: float | None,
        score_cents: int | None,
        source: Source,
    ) -> IndicatorResult:
        return IndicatorResult(
            defn.code, defn.group, defn.max, numerator, denominator, ratio, score_cents, source
        )

    if given is None:
        cents = None if defn.scoring.fn == "none" else 0
        return base(numerator=None, denominator=None, ratio=None, score_cents=cents, source="missing")
    if given.numerator is not None and given.denominator is not None:
        ratio = ratio_of(given.numerator, given.denominator)
        cents = defn.scoring.cents(defn.max, ratio)
        return base(
            numerator=given.numerator,
            denominator=given.denominator,
            ratio=ratio,
            score_cents=cents,
            source="counts",
        )
    if given.ratio is not None:
        cents = defn.scoring.cents(defn.max, given.ratio)
        return base(numerator=None, denominator=None, ratio=given.ratio, score_cents=cents, source="ratio")
    cents = (
        None if defn.scoring.fn == "none" or given.score is None else ready_score_cents(defn.max, given.score)
    )
    return base(numerator=None, denominator=None, ratio=None, score_cents=cents, source="score")


def payment_cents(defs: Definitions, counts: PaymentCounts) -> PaymentResult:
    """Payment group: sum of terms ``min(cap, weight * num / den)`` each rounded to 2 places (0 on a zero
    denominator), capped at the group maximum."""
    terms: dict[str, int] = {}
    for t in defs.payment_terms:
        den = counts.values[t.denominator]
        if den == 0:
            terms[t.name] = 0
            continue
        value = t.weight * (counts.values[t.numerator] / den)
        terms[t.name] = to_cents(min(t.cap, value) if t.cap is not None else value)
    cap = to_cents(defs.group(defs.payment_group).max)
    return PaymentResult(terms=terms, cents=min(cap, sum(terms.values())))


def score_unit(defs: Definitions, unit: UnitInput) -> UnitResult:
    """Score one unit (rank and group_rank are set by ``score_units``)."""
    results = [score_indicator(d, unit.indicators.get(d.code)) for d in defs.indicators]
    missing = [r.code for r in results if r.source == "missing"]
    groups = {g.code: 0 for g in defs.groups}
    for r in results:
        if r.group is not None and r.score_cents is not None:
            groups[r.group] += r.score_cents
    payment: PaymentResult | None = None
    for g in defs.groups:
        given = unit.indicators.get(g.code)
        if given is not None and g.direct is not None:
            direct = score_indicator(IndicatorDef(g.code, g.title, None, g.max, g.direct), given)
            groups[g.code] = direct.score_cents or 0
        elif g.computed_by == "payment" and unit.payment is not None:
            payment = payment_cents(defs, unit.payment)
            groups[g.code] = payment.cents
        elif g.direct is not None:
            missing.append(g.code)
    total = sum(groups.values())
    return UnitResult(
        code=unit.code,
        name=unit.name,
        group=unit.group,
        indicators=results,
        group_cents=groups,
        total_cents=total,
        band=defs.band_for(total),
        payment=payment,
        missing=missing,
    )


def competition_ranks(keys: Sequence[int]) -> list[int]:
    """Descending ranks where ties share a rank and the next rank skips (1, 2, 2, 4)."""
    order = sorted(range(len(keys)), key=lambda i: -keys[i])
    ranks = [0] * len(keys)
    for pos, i in enumerate(order):
        if pos > 0 and keys[i] == keys[order[pos - 1]]:
            ranks[i] = ranks[order[pos - 1]]
        else:
            ranks[i] = pos + 1
    return ranks


def score_units(defs: Definitions, units: Sequence[UnitInput]) -> list[UnitResult]:
    """Score every unit, rank by total among all units and within each unit's ``group``; sorted by rank
    (input order among ties)."""
    results = [score_unit(defs, u) for u in units]
    for r, rank in zip(results, competition_ranks([r.total_cents for r in results]), strict=True):
        r.rank = rank
    by_group: dict[str | None, list[UnitResult]] = {}
    for r in results:
        by_group.setdefault(r.group, []).append(r)
    for members in by_group.values():
        for r, rank in zip(members, competition_ranks([m.total_cents for m in members]), strict=True):
            r.group_rank = rank
    return sorted(results, key=lambda r: r.rank)


def _number(value: float | None) -> float | int | None:
    """A plain JSON number: ints stay ints, floats are given as they are."""
    if value is None or isinstance(value, int):
        return value
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def results_to_json(defs: Definitions, results: Sequence[UnitResult]) -> dict[str, Any]:
    """The command's JSON document (numbers as plain JSON numbers, ratios and scores to 2 places)."""
    units = []
    for r in results:
        unit: dict[str, Any] = {
            "code": r.code,
            "name": r.name,
            "group": r.group,
            "indicators": [
                {
                    "code": i.code,
                    "group": i.group,
                    "numerator": _number(i.numerator),
                    "denominator": _number(i.denominator),
                    "ratio": None if i.ratio is None else round2(i.ratio),
                    "score": cents_to_number(i.score_cents),
                    "max": _number(i.max),
                }
                for i in r.indicators
            ],
            "groups": {code: cents_to_number(c) for code, c in r.group_cents.items()},
            "total": cents_to_number(r.total_cents),
            "band": r.band,
            "rank": r.rank,
            "group_rank": r.group_rank,
        }
        if r.payment is not None:
            unit["payment"] = {
                "terms": {k: cents_to_number(v) for k, v in r.payment.terms.items()},
                "score": cents_to_number(r.payment.cents),
            }
        if r.missing:
            unit["missing"] = list(r.missing)
        units.append(unit)
    return {
        "version": defs.id,
        "effective_from": defs.effective_from.isoformat(),
        "bands_confirmed": defs.bands_confirmed,
        "units": units,
    }
