"""Scoring primitives shared by the 766 index and the dossier indicators (pure, no Django).

They compute exactly as the national portal does (`../shared/contracts/onestop.md`, "Scoring the 766 index"):
IEEE-754 doubles, ``ratio = numerator / denominator * 100``, ``score = min(max, max * ratio / T)`` and rounding with
``floor(x * 100 + 0.5) / 100``. Scores are carried as whole cents (int) so that sums are exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

ScoringFn = Literal["lin", "thr", "none"]
ZeroDenominator = Literal["zero", "full"]


def to_cents(value: float) -> int:
    """Round half up to 2 places the portal's way and return whole cents: floor(value * 100 + 0.5)."""
    return math.floor(value * 100 + 0.5)


def round2(value: float) -> float:
    """``floor(value * 100 + 0.5) / 100``."""
    return to_cents(value) / 100


def ratio_of(numerator: float, denominator: float) -> float | None:
    """Ratio in percent, ``numerator / denominator * 100``; None when the denominator is 0."""
    if denominator == 0:
        return None
    return numerator / denominator * 100


@dataclass(frozen=True)
class Scoring:
    """A scoring function: ``lin`` (T = 100), ``thr`` (threshold T) or ``none`` (monitoring only)."""

    fn: ScoringFn = "lin"
    threshold: float = 100
    zero_denominator: ZeroDenominator = "zero"

    @property
    def t(self) -> float:
        return self.threshold if self.fn == "thr" else 100

    def raw(self, max_points: float, ratio: float) -> float:
        """Unrounded score: ``min(max, max * ratio / T)``."""
        return min(max_points, max_points * ratio / self.t)

    def cents(self, max_points: float, ratio: float | None) -> int | None:
        """Rounded score in cents; None for ``none``. A missing ratio (zero denominator) gives 0, or the
        maximum when ``zero_denominator`` is ``full`` (the petition items)."""
        if self.fn == "none":
            return None
        if ratio is None:
            return to_cents(max_points) if self.zero_denominator == "full" else 0
        return to_cents(self.raw(max_points, ratio))


def ready_score_cents(max_points: float, score: float) -> int:
    """A score given ready-made (what the portal computes from data it does not publish), rounded and kept within
    0 and the item's maximum: a typed 15 for a 12-point group counts 12, never more."""
    return min(to_cents(max_points), max(0, to_cents(score)))


def cents_to_number(cents: int | None) -> float | None:
    """Cents as a JSON-ready float (the nearest double to the 2-place decimal)."""
    return None if cents is None else cents / 100
