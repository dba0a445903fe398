"""The JSON document of `contracts/parindex.md` for an :class:`Evaluation`.

Numbers leave the scoring core as Decimals and become JSON numbers only here, at the edge: rounded half-up to
2 places, whole values as integers (``1``), others as the shortest float that prints the 2-place value (``3.25``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cchc.parindex.scoring import Evaluation, UnitResult, quantize2


def json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    q = quantize2(value)
    if q == q.to_integral_value():
        return int(q)
    return float(q)  # a 2-place decimal prints back as itself (repr is the shortest round-trip form)


def unit_to_json(unit: UnitResult) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "achieved": json_number(unit.achieved),
        "max": json_number(unit.max),
        "bonus": json_number(unit.bonus),
        "penalty": json_number(unit.penalty),
        "index": json_number(unit.index),
        "band": unit.band,
        "rank": unit.rank,
        "fields": [
            {
                "code": f.code,
                "title": f.title,
                "achieved": json_number(f.achieved),
                "max": json_number(f.max),
                "percent": json_number(f.percent),
            }
            for f in unit.fields
        ],
        "warnings": list(unit.warnings),
    }


def evaluation_to_json(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "framework": evaluation.framework.name,
        "stage": evaluation.stage,
        "units": [unit_to_json(u) for u in evaluation.units],
    }
