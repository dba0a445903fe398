"""Reading the input of ``score766`` (the shape of ``../shared/data/766/gialai_2026-09-24.json`` per the contract)
into ``UnitInput`` values. Pure; every problem raises ``BadInput`` naming where it is."""

from __future__ import annotations

import math
from typing import Any

from cchc.core.cli import BadInput
from cchc.onestop.definitions766 import Definitions
from cchc.onestop.index766 import IndicatorInput, PaymentCounts, UnitInput


def _number(value: Any, path: str, *, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadInput(f"{path}: phải là một số", f"{path}: must be a number")
    if value < 0:
        raise BadInput(f"{path}: không được âm", f"{path}: must not be negative")
    if integer and not float(value).is_integer():
        raise BadInput(f"{path}: phải là số nguyên", f"{path}: must be a whole number")
    return int(value) if integer else value


def _indicator(raw: Any, path: str, max_points: float) -> IndicatorInput:
    if not isinstance(raw, dict):
        raise BadInput(f"{path}: phải là một đối tượng JSON", f"{path}: must be a JSON object")
    num, den = raw.get("numerator"), raw.get("denominator")
    if num is not None or den is not None:
        if num is None or den is None:
            raise BadInput(
                f"{path}: cần cả numerator và denominator", f"{path}: numerator and denominator go together"
            )
        n = _number(num, f"{path}.numerator", integer=True)
        d = _number(den, f"{path}.denominator", integer=True)
        if n > d:
            raise BadInput(
                f"{path}: numerator ({n}) lớn hơn denominator ({d})", f"{path}: numerator exceeds denominator"
            )
        return IndicatorInput(numerator=n, denominator=d)
    if raw.get("ratio") is not None:
        r = _number(raw["ratio"], f"{path}.ratio")
        if r > 100:
            raise BadInput(f"{path}.ratio: vượt quá 100", f"{path}.ratio: above 100")
        return IndicatorInput(ratio=r)
    if raw.get("score") is not None:
        s = _number(raw["score"], f"{path}.score")
        if s > max_points:
            raise BadInput(
                f"{path}.score: vượt quá điểm tối đa {max_points}",
                f"{path}.score: above the maximum {max_points}",
            )
        return IndicatorInput(score=s)
    raise BadInput(
        f"{path}: cần numerator/denominator, ratio hoặc score",
        f"{path}: needs numerator/denominator, ratio or score",
    )


def _payment(raw: Any, path: str, defs: Definitions) -> PaymentCounts:
    if not isinstance(raw, dict):
        raise BadInput(f"{path}: phải là một đối tượng JSON", f"{path}: must be a JSON object")
    values: dict[str, float] = {}
    for name in defs.payment_fields():
        if raw.get(name) is None:
            raise BadInput(f"{path}.{name}: thiếu giá trị", f"{path}.{name}: missing")
        values[name] = _number(raw[name], f"{path}.{name}", integer=True)
    for t in defs.payment_terms:
        if values[t.numerator] > values[t.denominator]:
            raise BadInput(
                f"{path}: {t.numerator} lớn hơn {t.denominator}",
                f"{path}: {t.numerator} exceeds {t.denominator}",
            )
    return PaymentCounts(values)


def _unit(raw: Any, path: str, defs: Definitions) -> UnitInput:
    if not isinstance(raw, dict):
        raise BadInput(f"{path}: phải là một đối tượng JSON", f"{path}: must be a JSON object")
    code = raw.get("code")
    if not isinstance(code, str) or not code.strip():
        raise BadInput(f"{path}.code: thiếu mã đơn vị", f"{path}.code: unit code missing")
    path = f"{path} ({code})"
    name, group = raw.get("name", ""), raw.get("group")
    if not isinstance(name, str) or (group is not None and not isinstance(group, str)):
        raise BadInput(f"{path}: name và group phải là chuỗi", f"{path}: name and group must be strings")
    given = raw.get("indicators", {})
    if not isinstance(given, dict):
        raise BadInput(
            f"{path}.indicators: phải là một đối tượng JSON", f"{path}.indicators: must be a JSON object"
        )
    maxima = {i.code: i.max for i in defs.indicators} | {
        g.code: g.max for g in defs.groups if g.direct is not None
    }
    indicators: dict[str, IndicatorInput] = {}
    for key, value in given.items():
        if key not in maxima:
            raise BadInput(
                f"{path}.indicators.{key}: mã chỉ số không có trong bộ chỉ số {defs.id}",
                f"{path}.indicators.{key}: unknown indicator code",
            )
        indicators[key] = _indicator(value, f"{path}.indicators.{key}", maxima[key])
    payment = _payment(raw["payment"], f"{path}.payment", defs) if raw.get("payment") is not None else None
    return UnitInput(code=code, name=name, group=group, indicators=indicators, payment=payment)


def parse_units(doc: Any, defs: Definitions) -> list[UnitInput]:
    """``{"units": [...]}`` → units; raises ``BadInput`` on a wrong shape, a value out of range, an unknown code or
    a repeated unit code."""
    if not isinstance(doc, dict) or not isinstance(doc.get("units"), list):
        raise BadInput(
            'cần một đối tượng JSON có danh sách "units"', 'expected a JSON object with a "units" list'
        )
    units = [_unit(raw, f"units[{n}]", defs) for n, raw in enumerate(doc["units"])]
    seen: set[str] = set()
    for n, u in enumerate(units):
        if u.code in seen:
            raise BadInput(
                f"units[{n}].code: mã đơn vị {u.code} bị trùng", f"units[{n}].code: duplicate unit code"
            )
        seen.add(u.code)
    return units
