"""Reading the input of ``score766`` (the shape of ``../shared/data/766/gialai_2026-09-24.json`` per the contract)
into ``UnitInput`` values, and the range rules of one portal figure (:func:`figure_problems`) that both the file
reader and the figures units type on the 766 page obey. Pure; every problem raises ``DomainError`` naming where it
is."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cchc.core.errors import DomainError, Message, gettext_noop
from cchc.onestop.definitions766 import Definitions
from cchc.onestop.index766 import IndicatorInput, PaymentCounts, UnitInput


@dataclass(frozen=True)
class FigureProblem:
    """One broken rule of a figure: the field it is about ("" for the figure as a whole) and the message (shown in
    the active language)."""

    field: str
    message: Message


def _fmt(value: float | Decimal) -> str:
    """A number as typed: 12, 12.5, 95.25 (no exponent, no trailing zeros)."""
    text = f"{Decimal(str(value)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


_NEGATIVE = {
    "numerator": gettext_noop("Tử số không được âm."),
    "denominator": gettext_noop("Mẫu số không được âm."),
}
_FRACTION = {
    "numerator": gettext_noop("Tử số phải là số nguyên."),
    "denominator": gettext_noop("Mẫu số phải là số nguyên."),
}


def figure_problems(
    *,
    numerator: float | Decimal | None = None,
    denominator: float | Decimal | None = None,
    ratio: float | Decimal | None = None,
    score: float | Decimal | None = None,
    max_points: float,
) -> list[FigureProblem]:
    """The range rules of a portal figure: counts whole and not negative, numerator ≤ denominator and both given
    together; a ratio from 0 to 100; a score from 0 to the indicator's maximum; and at least one of them."""
    out: list[FigureProblem] = []
    for name, value in (("numerator", numerator), ("denominator", denominator)):
        if value is None:
            continue
        if value < 0:
            out.append(FigureProblem(name, Message(_NEGATIVE[name])))
        elif value != int(value):
            out.append(FigureProblem(name, Message(_FRACTION[name])))
    if (numerator is None) != (denominator is None):
        out.append(FigureProblem("denominator", Message(gettext_noop("Cần cả tử số và mẫu số."))))
    elif numerator is not None and denominator is not None and numerator > denominator >= 0:
        out.append(
            FigureProblem(
                "numerator",
                Message(
                    gettext_noop("Tử số (%(numerator)s) lớn hơn mẫu số (%(denominator)s)."),
                    numerator=_fmt(numerator),
                    denominator=_fmt(denominator),
                ),
            )
        )
    if ratio is not None and not 0 <= ratio <= 100:
        out.append(
            FigureProblem(
                "ratio",
                Message(gettext_noop("Tỷ lệ phải từ 0 đến 100%% (đã nhập %(ratio)s)."), ratio=_fmt(ratio)),
            )
        )
    if score is not None and not 0 <= score <= Decimal(str(max_points)):
        out.append(
            FigureProblem(
                "score",
                Message(
                    gettext_noop("Điểm phải từ 0 đến điểm tối đa %(max)s của chỉ số (đã nhập %(score)s)."),
                    max=_fmt(max_points),
                    score=_fmt(score),
                ),
            )
        )
    if numerator is None and denominator is None and ratio is None and score is None:
        out.append(FigureProblem("", Message(gettext_noop("Cần tử số và mẫu số, hoặc tỷ lệ, hoặc điểm."))))
    return out


def enterable_figures(defs: Definitions) -> dict[str, tuple[str, float]]:
    """code → (title, maximum) of what a unit may type from the portal: every scored indicator, and the groups the
    portal publishes without their parts."""
    out = {i.code: (i.title, i.max) for i in defs.indicators if i.scoring.fn != "none"}
    out |= {g.code: (g.title, g.max) for g in defs.groups if g.direct is not None}
    return out


def _number(value: Any, path: str, *, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DomainError("invalid_number", gettext_noop("%(path)s: phải là một số"), path=path)
    if value < 0:
        raise DomainError("invalid_number", gettext_noop("%(path)s: không được âm"), path=path)
    if integer and not float(value).is_integer():
        raise DomainError("invalid_number", gettext_noop("%(path)s: phải là số nguyên"), path=path)
    return int(value) if integer else value


def _checked(path: str, max_points: float, **given: float) -> None:
    problems = figure_problems(max_points=max_points, **given)
    if problems:
        p = problems[0]
        where = f"{path}.{p.field}" if p.field else path
        raise DomainError(
            "invalid_figure", gettext_noop("%(where)s: %(problem)s"), where=where, problem=p.message
        )


def _indicator(raw: Any, path: str, max_points: float) -> IndicatorInput:
    if not isinstance(raw, dict):
        raise DomainError("invalid_json", gettext_noop("%(path)s: phải là một đối tượng JSON"), path=path)
    num, den = raw.get("numerator"), raw.get("denominator")
    if num is not None or den is not None:
        if num is None or den is None:
            raise DomainError(
                "invalid_indicator", gettext_noop("%(path)s: cần cả numerator và denominator"), path=path
            )
        n = _number(num, f"{path}.numerator", integer=True)
        d = _number(den, f"{path}.denominator", integer=True)
        _checked(path, max_points, numerator=n, denominator=d)
        return IndicatorInput(numerator=n, denominator=d)
    if raw.get("ratio") is not None:
        r = _number(raw["ratio"], f"{path}.ratio")
        _checked(path, max_points, ratio=r)
        return IndicatorInput(ratio=r)
    if raw.get("score") is not None:
        sc = _number(raw["score"], f"{path}.score")
        _checked(path, max_points, score=sc)
        return IndicatorInput(score=sc)
    raise DomainError(
        "invalid_indicator", gettext_noop("%(path)s: cần numerator/denominator, ratio hoặc score"), path=path
    )


def _payment(raw: Any, path: str, defs: Definitions) -> PaymentCounts:
    if not isinstance(raw, dict):
        raise DomainError("invalid_json", gettext_noop("%(path)s: phải là một đối tượng JSON"), path=path)
    values: dict[str, float] = {}
    for name in defs.payment_fields():
        if raw.get(name) is None:
            raise DomainError(
                "missing_value", gettext_noop("%(path)s.%(name)s: thiếu giá trị"), path=path, name=name
            )
        values[name] = _number(raw[name], f"{path}.{name}", integer=True)
    for t in defs.payment_terms:
        if values[t.numerator] > values[t.denominator]:
            raise DomainError(
                "invalid_figure",
                gettext_noop("%(path)s: %(t_numerator)s lớn hơn %(t_denominator)s"),
                path=path,
                t_numerator=t.numerator,
                t_denominator=t.denominator,
            )
    return PaymentCounts(values)


def _unit(raw: Any, path: str, defs: Definitions) -> UnitInput:
    if not isinstance(raw, dict):
        raise DomainError("invalid_json", gettext_noop("%(path)s: phải là một đối tượng JSON"), path=path)
    code = raw.get("code")
    if not isinstance(code, str) or not code.strip():
        raise DomainError("missing_code", gettext_noop("%(path)s.code: thiếu mã đơn vị"), path=path)
    path = f"{path} ({code})"
    name, group = raw.get("name", ""), raw.get("group")
    if not isinstance(name, str) or (group is not None and not isinstance(group, str)):
        raise DomainError("invalid_json", gettext_noop("%(path)s: name và group phải là chuỗi"), path=path)
    given = raw.get("indicators", {})
    if not isinstance(given, dict):
        raise DomainError(
            "invalid_json", gettext_noop("%(path)s.indicators: phải là một đối tượng JSON"), path=path
        )
    maxima = {i.code: i.max for i in defs.indicators} | {
        g.code: g.max for g in defs.groups if g.direct is not None
    }
    indicators: dict[str, IndicatorInput] = {}
    for key, value in given.items():
        if key not in maxima:
            raise DomainError(
                "unknown_indicator",
                gettext_noop("%(path)s.indicators.%(key)s: mã chỉ số không có trong bộ chỉ số %(defs_id)s"),
                path=path,
                key=key,
                defs_id=defs.id,
            )
        indicators[key] = _indicator(value, f"{path}.indicators.{key}", maxima[key])
    payment = _payment(raw["payment"], f"{path}.payment", defs) if raw.get("payment") is not None else None
    return UnitInput(code=code, name=name, group=group, indicators=indicators, payment=payment)


def parse_units(doc: Any, defs: Definitions) -> list[UnitInput]:
    """``{"units": [...]}`` → units; raises ``DomainError`` on a wrong shape, a value out of range, an unknown code or
    a repeated unit code."""
    if not isinstance(doc, dict) or not isinstance(doc.get("units"), list):
        raise DomainError("invalid_json", gettext_noop('cần một đối tượng JSON có danh sách "units"'))
    units = [_unit(raw, f"units[{n}]", defs) for n, raw in enumerate(doc["units"])]
    seen: set[str] = set()
    for n, u in enumerate(units):
        if u.code in seen:
            raise DomainError(
                "duplicate_unit",
                gettext_noop("units[%(n)s].code: mã đơn vị %(u_code)s bị trùng"),
                n=n,
                u_code=u.code,
            )
        seen.add(u.code)
    return units
