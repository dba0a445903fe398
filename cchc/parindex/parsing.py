"""Turn the JSON-shaped input of `contracts/parindex.md` into scoring objects — pure Python, no Django.

Both loaders (JSON and Excel) produce the same plain structure and hand it to :func:`parse_input`. Keys the
contract does not know (``guidance``, ``evidence_required``, ``method``, ``thresholds``, ``survey_measured``…)
are kept as criterion metadata and never affect the score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from cchc.core.errors import DomainError, gettext_noop
from cchc.parindex.scoring import (
    STAGES,
    Adjustment,
    Band,
    CriterionSpec,
    Framework,
    LeafScore,
    Stage,
    UnitInput,
    build_framework,
)

_new_leaf = (
    tuple.__new__
)  # builds a LeafScore without the NamedTuple's Python-level __new__ (500,000 per run)

# Criterion keys that belong to the tree itself; every other key is metadata.
TREE_KEYS = frozenset({"code", "title", "max", "children"})
TRUE_WORDS = frozenset({"true", "x", "1", "có", "co", "yes", "y", "hạ chuẩn", "ha chuan"})
FALSE_WORDS = frozenset({"false", "0", "không", "khong", "no", "n", ""})


@dataclass(frozen=True)
class EvaluationInput:
    framework: Framework
    stage: Stage
    units: list[UnitInput]


def to_decimal(value: Any, where_vi: str, where_en: str) -> Decimal:
    """A number from JSON or a spreadsheet cell as an exact Decimal (a decimal comma is accepted)."""
    if isinstance(value, bool) or value is None:
        raise DomainError("invalid_number", gettext_noop("%(where)s: cần một số"), where=where_vi)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))  # the shortest decimal that round-trips, e.g. 2.25 → Decimal("2.25")
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise DomainError(
                "invalid_number",
                gettext_noop("%(where)s: '%(value)s' không phải là số"),
                where=where_vi,
                value=value,
            ) from None
    else:
        raise DomainError("invalid_number", gettext_noop("%(where)s: cần một số"), where=where_vi)
    if not result.is_finite():
        raise DomainError(
            "invalid_number",
            gettext_noop("%(where)s: '%(value)s' không phải là số"),
            where=where_vi,
            value=value,
        )
    return result


def to_bool(value: Any, where_vi: str, where_en: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise DomainError(
        "invalid_boolean",
        gettext_noop("%(where)s: '%(value)s' không phải giá trị đúng/sai"),
        where=where_vi,
        value=value,
    )


def to_code(value: Any, where_vi: str, where_en: str) -> str:
    """A code as text; numbers typed into a spreadsheet (1, 1.1) are read back as written."""
    if isinstance(value, bool) or value is None:
        raise DomainError("missing_code", gettext_noop("%(where)s: thiếu mã"), where=where_vi)
    if isinstance(value, float):
        value = repr(value).removesuffix(".0")
    text = str(value).strip()
    if not text:
        raise DomainError("missing_code", gettext_noop("%(where)s: thiếu mã"), where=where_vi)
    return text


def _mapping(value: Any, where_vi: str, where_en: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise DomainError("invalid_json", gettext_noop("%(where)s: cần một đối tượng JSON"), where=where_vi)
    return value


def _list(value: Any, where_vi: str, where_en: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise DomainError("invalid_json", gettext_noop("%(where)s: cần một danh sách"), where=where_vi)
    return list(value)


def parse_criterion(raw: Any, path: str = "criteria") -> CriterionSpec:
    item = _mapping(raw, f"Tiêu chí tại {path}", f"criterion at {path}")
    code = to_code(item.get("code"), f"Tiêu chí tại {path}", f"criterion at {path}")
    where_vi, where_en = f"Tiêu chí {code}", f"criterion {code}"
    raw_max = item.get("max")
    children = tuple(
        parse_criterion(child, f"{code}/{i + 1}")
        for i, child in enumerate(_list(item.get("children"), where_vi, where_en))
    )
    return CriterionSpec(
        code=code,
        title=str(item.get("title") or ""),
        max=None if raw_max is None else to_decimal(raw_max, f"{where_vi}, max", f"{where_en}, max"),
        children=children,
        meta={k: v for k, v in item.items() if k not in TREE_KEYS},
    )


def parse_framework(raw: Any) -> Framework:
    """A framework object; a document ``{"framework": {...}}`` is accepted as well."""
    data = _mapping(raw, "Bộ tiêu chí (framework)", "framework")
    if "framework" in data and "criteria" not in data:
        data = _mapping(data["framework"], "Bộ tiêu chí (framework)", "framework")
    year = data.get("year")
    if year is not None:
        year_dec = to_decimal(year, "Năm (year)", "year")
        if year_dec != year_dec.to_integral_value():
            raise DomainError("invalid_year", gettext_noop("Năm (year) không hợp lệ: %(year)s"), year=year)
        year = int(year_dec)
    bands = []
    for i, raw_band in enumerate(_list(data.get("bands"), "Xếp loại (bands)", "bands")):
        band = _mapping(raw_band, f"Xếp loại thứ {i + 1}", f"band {i + 1}")
        bands.append(
            Band(
                str(band.get("name") or "").strip(),
                to_decimal(band.get("min"), f"Xếp loại thứ {i + 1}, min", f"band {i + 1}, min"),
            )
        )
    cap = data.get("bonus_cap")
    return build_framework(
        name=str(data.get("name") or "").strip(),
        year=year,
        bonus_cap=Decimal(0) if cap is None else to_decimal(cap, "bonus_cap", "bonus_cap"),
        bands=bands,
        criteria=[
            parse_criterion(c, f"criteria/{i + 1}")
            for i, c in enumerate(_list(data.get("criteria"), "Danh sách tiêu chí", "criteria"))
        ],
        description=str(data.get("description") or ""),
    )


def _optional(entry: Mapping[str, Any], key: str, unit: str, criterion: str) -> Decimal | None:
    value = entry.get(key)
    # Fast paths for what the JSON loader produces; messages are only built on the slow path.
    if value is None:
        return None
    if type(value) is Decimal and value.is_finite():
        return value
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, str) and not value.strip():
        return None
    return to_decimal(
        value, f"Đơn vị {unit}, tiêu chí {criterion}, {key}", f"unit {unit}, criterion {criterion}, {key}"
    )


def _adjustments(raw: Any, unit: str, key: str) -> tuple[Adjustment, ...]:
    wvi, wen = f"Đơn vị {unit}, {key}", f"unit {unit}, {key}"
    out = []
    for i, item in enumerate(_list(raw, wvi, wen)):
        entry = _mapping(item, f"{wvi} thứ {i + 1}", f"{wen} #{i + 1}")
        points = to_decimal(entry.get("points"), f"{wvi} thứ {i + 1}, points", f"{wen} #{i + 1}, points")
        out.append(Adjustment(points, str(entry.get("reason") or "")))
    return tuple(out)


def parse_unit(raw: Any, position: int) -> UnitInput:
    data = _mapping(raw, f"Đơn vị thứ {position}", f"unit #{position}")
    code = to_code(data.get("code"), f"Đơn vị thứ {position}", f"unit #{position}")
    scores: dict[str, LeafScore] = {}
    raw_scores = data.get("scores") or {}
    for key, entry in _mapping(raw_scores, f"Đơn vị {code}, scores", f"unit {code}, scores").items():
        if type(entry) is not dict and not isinstance(entry, Mapping):  # the ABC check only off the fast path
            _mapping(entry, f"Đơn vị {code}, tiêu chí {key}", f"unit {code}, criterion {key}")
        get = entry.get
        na = get("not_applicable")
        if type(na) is not bool:
            na = to_bool(
                na,
                f"Đơn vị {code}, tiêu chí {key}, not_applicable",
                f"unit {code}, criterion {key}, not_applicable",
            )
        # 500,000 of these in a large run: Decimals (what the JSON loader produces) and None skip the checks.
        self_score, round1, round2 = get("self"), get("round1"), get("round2")
        if self_score is not None and type(self_score) is not Decimal:
            self_score = _optional(entry, "self", code, key)
        if round1 is not None and type(round1) is not Decimal:
            round1 = _optional(entry, "round1", code, key)
        if round2 is not None and type(round2) is not Decimal:
            round2 = _optional(entry, "round2", code, key)
        scores[key if type(key) is str else str(key)] = _new_leaf(LeafScore, (self_score, round1, round2, na))
    return UnitInput(
        code=code,
        name=str(data.get("name") or ""),
        scores=scores,
        bonus=_adjustments(data.get("bonus"), code, "bonus"),
        penalties=_adjustments(data.get("penalties"), code, "penalties"),
    )


def parse_stage(raw: Any) -> Stage:
    if raw not in STAGES:
        raise DomainError(
            "invalid_stage",
            gettext_noop("Giai đoạn (stage) phải là 'self' hoặc 'appraised' (đang là %(raw_r)s)"),
            raw_r=f"{raw!r}",
        )
    return raw


def parse_input(raw: Any) -> EvaluationInput:
    """The whole input document: framework, stage and units."""
    data = _mapping(raw, "Tệp đầu vào", "input document")
    if "framework" not in data:
        raise DomainError("missing_value", gettext_noop("Thiếu khóa 'framework'"))
    framework = parse_framework(data["framework"])
    units = [parse_unit(u, i + 1) for i, u in enumerate(_list(data.get("units"), "units", "units"))]
    return EvaluationInput(framework, parse_stage(data.get("stage")), units)
