"""Indicators of ``pakn_indicators`` from a unit's counts (``contracts/pakn.md`` "Indicators"). Pure.

Ratios and scores are computed the portal's way (:mod:`cchc.onestop.scoring`): ``ratio = n / d * 100`` rounded half
up to 2 places, ``score = max * ratio / 100`` rounded the same way; no record ⇒ ratio ``null`` and full points.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from cchc.onestop.scoring import Scoring, cents_to_number, ratio_of, round2

ON_TIME = "PETITION_PROCESSING_ON_TIME"
SATISFACTION = "PETITION_HANDLING_SATISFACTION"
TTHC = "PETITION_CLASSIFICATION_TTHC"
STAFF = "PETITION_CLASSIFICATION_STAFF"
SCORED_MAX = 6
_LIN_FULL = Scoring("lin", 100, "full")


@dataclass
class Counts:
    """The counts of one unit (or of a subtree, added up) over P."""

    received: int = 0
    refused: int = 0
    handled: int = 0
    published: int = 0
    waiting: int = 0
    in_progress: int = 0
    on_time: int = 0
    overdue: int = 0
    satisfied: int = 0  # P less disliked, overdue or followed up
    regulation: int = 0
    conduct: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        mine, theirs = self.__dict__, other.__dict__  # added up per unit for thousands of units
        for name in _COUNT_FIELDS:
            mine[name] += theirs[name]
        return self


_COUNT_FIELDS = tuple(f.name for f in fields(Counts))


def indicator(code: str, numerator: int, denominator: int, *, scored: bool) -> dict[str, Any]:
    raw = ratio_of(numerator, denominator)
    ratio = None if raw is None else round2(raw)
    if scored:
        score = cents_to_number(_LIN_FULL.cents(SCORED_MAX, raw))
        return {
            "code": code,
            "numerator": numerator,
            "denominator": denominator,
            "ratio": ratio,
            "score": score,
            "max": SCORED_MAX,
        }
    return {
        "code": code,
        "numerator": numerator,
        "denominator": denominator,
        "ratio": ratio,
        "score": None,
        "max": 0,
    }


def unit_json(code: str, name: str, c: Counts) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "received": c.received,
        "refused": c.refused,
        "handled": c.handled,
        "published": c.published,
        "waiting": c.waiting,
        "in_progress": c.in_progress,
        "on_time": c.on_time,
        "overdue": c.overdue,
        "indicators": [
            indicator(ON_TIME, c.on_time, c.received, scored=True),
            indicator(SATISFACTION, c.satisfied, c.received, scored=True),
            indicator(TTHC, c.regulation, c.received, scored=False),
            indicator(STAFF, c.conduct, c.received, scored=False),
        ],
    }
