"""PAR index (Chỉ số CCHC) scoring core — pure Python, no Django.

The rules are those of `contracts/parindex.md` (methodology.md §2.2 and §9 item 25):

- leaves carry ``max`` > 0; an inner node's maximum is the sum of its children's;
- a leaf's score is ``self`` (stage "self"; missing → 0 with a warning) or ``round2`` else ``round1``
  (stage "appraised"; neither → error, the appraisal is not finished);
- ``not_applicable`` (an approved "hạ chuẩn") removes the leaf from both achieved points and the maximum;
- bonus = min(sum of bonus points, bonus_cap); penalty = sum of penalty points;
- index = (achieved + bonus − penalty) / max × 100, computed exactly and rounded half-up to 2 places once;
- band = the band with the largest ``min`` not above the index (an index below every minimum — negative after
  penalties — gets the lowest band); ranks are shared on ties (1, 2, 2, 4).

Every number is a ``Decimal``; nothing here touches floats. Input mistakes raise ``DomainError`` naming the unit
and the criterion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, NamedTuple

from cchc.core.errors import DomainError, gettext_noop

Stage = Literal["self", "appraised"]
STAGES: tuple[Stage, ...] = ("self", "appraised")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


# --------------------------------------------------------------------------------------------------- framework


@dataclass(frozen=True)
class Criterion:
    """A node of the criteria tree. ``max`` of an inner node is always the sum of its children's."""

    code: str
    title: str
    max: Decimal
    children: tuple[Criterion, ...] = ()
    # Metadata the UI uses (guidance, evidence_required, method, thresholds, survey_measured…); scoring ignores it.
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterable[Criterion]:
        """This node and its descendants, depth first, in order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Band:
    name: str
    min: Decimal


@dataclass(frozen=True)
class Framework:
    """A validated criteria framework. Build it with :func:`build_framework`."""

    name: str
    year: int | None
    bonus_cap: Decimal
    bands: tuple[Band, ...]  # highest ``min`` first
    criteria: tuple[Criterion, ...]  # top-level criteria (the "fields", lĩnh vực)
    description: str = ""
    leaves: tuple[Criterion, ...] = ()
    by_code: Mapping[str, Criterion] = field(default_factory=dict, compare=False, hash=False)
    field_of: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)  # leaf → top code

    @property
    def max(self) -> Decimal:
        return sum((c.max for c in self.criteria), ZERO)

    def band_for(self, index: Decimal | None) -> str | None:
        if index is None:
            return None
        for band in self.bands:
            if band.min <= index:
                return band.name
        # Below every minimum (a negative index after penalties): the lowest band, so every index has one.
        return self.bands[-1].name if self.bands else None


@dataclass(frozen=True)
class CriterionSpec:
    """Unvalidated criterion as read from a file: ``max`` may be missing on inner nodes."""

    code: str
    title: str
    max: Decimal | None
    children: tuple[CriterionSpec, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)


def build_framework(
    *,
    name: str,
    year: int | None,
    bonus_cap: Decimal,
    bands: Sequence[Band],
    criteria: Sequence[CriterionSpec],
    description: str = "",
) -> Framework:
    """Validate the tree (unique codes, leaf max > 0, inner max = sum of children) and the bands."""
    if bonus_cap < 0:
        raise DomainError(
            "invalid_framework",
            gettext_noop("Điểm thưởng tối đa (bonus_cap) không được âm: %(bonus_cap)s"),
            bonus_cap=bonus_cap,
        )
    seen_mins: set[Decimal] = set()
    for band in bands:
        if not band.name:
            raise DomainError("invalid_framework", gettext_noop("Xếp loại thiếu tên"))
        if band.min in seen_mins:
            raise DomainError(
                "invalid_framework",
                gettext_noop("Hai xếp loại có cùng mức điểm từ %(band_min)s"),
                band_min=band.min,
            )
        seen_mins.add(band.min)
    if not criteria:
        raise DomainError("invalid_framework", gettext_noop("Bộ tiêu chí không có tiêu chí nào"))
    seen: set[str] = set()
    built = tuple(_build_node(spec, seen) for spec in criteria)
    by_code: dict[str, Criterion] = {}
    field_of: dict[str, str] = {}
    leaves: list[Criterion] = []
    for top in built:
        for node in top.walk():
            by_code[node.code] = node
            if node.is_leaf:
                leaves.append(node)
                field_of[node.code] = top.code
    return Framework(
        name=name,
        year=year,
        bonus_cap=bonus_cap,
        bands=tuple(sorted(bands, key=lambda b: b.min, reverse=True)),
        criteria=built,
        description=description,
        leaves=tuple(leaves),
        by_code=by_code,
        field_of=field_of,
    )


def _build_node(spec: CriterionSpec, seen: set[str]) -> Criterion:
    code = spec.code
    if not code:
        raise DomainError("missing_code", gettext_noop("Có tiêu chí thiếu mã"))
    if code in seen:
        raise DomainError(
            "duplicate_criterion", gettext_noop("Mã tiêu chí %(code_value)s bị trùng"), code_value=code
        )
    seen.add(code)
    if not spec.children:
        if spec.max is None or spec.max <= 0:
            raise DomainError(
                "invalid_framework",
                gettext_noop("Tiêu chí %(code_value)s: điểm tối đa phải lớn hơn 0 (đang là %(spec_max)s)"),
                code_value=code,
                spec_max=spec.max,
            )
        return Criterion(code, spec.title, spec.max, (), dict(spec.meta))
    children = tuple(_build_node(child, seen) for child in spec.children)
    total = sum((c.max for c in children), ZERO)
    if spec.max is not None and spec.max != total:
        raise DomainError(
            "invalid_framework",
            gettext_noop(
                "Tiêu chí %(code_value)s: điểm tối đa %(spec_max)s khác tổng điểm các tiêu chí con %(total)s"
            ),
            code_value=code,
            spec_max=spec.max,
            total=total,
        )
    return Criterion(code, spec.title, total, children, dict(spec.meta))


# --------------------------------------------------------------------------------------------------- unit input


class LeafScore(NamedTuple):  # a tuple: there are (units × criteria) of these, construction must be cheap
    self_score: Decimal | None = None
    round1: Decimal | None = None
    round2: Decimal | None = None
    not_applicable: bool = False


@dataclass(frozen=True)
class Adjustment:
    """A bonus (điểm thưởng) or penalty (điểm phạt) entry."""

    points: Decimal
    reason: str = ""


@dataclass(frozen=True)
class UnitInput:
    code: str
    name: str
    scores: Mapping[str, LeafScore]
    bonus: tuple[Adjustment, ...] = ()
    penalties: tuple[Adjustment, ...] = ()


# --------------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class FieldResult:
    code: str
    title: str
    achieved: Decimal
    max: Decimal
    percent: Decimal | None  # None when every leaf of the field is not applicable


@dataclass
class UnitResult:
    code: str
    name: str
    achieved: Decimal
    max: Decimal
    bonus: Decimal
    penalty: Decimal
    index: Decimal | None  # None only when no criterion applies to the unit (max = 0)
    band: str | None
    fields: list[FieldResult]
    warnings: list[str]
    leaf_scores: dict[str, Decimal | None]  # leaf code → score used; None = not applicable (hạ chuẩn)
    rank: int = 0


@dataclass
class Evaluation:
    framework: Framework
    stage: Stage
    units: list[UnitResult]  # by rank, then code


# --------------------------------------------------------------------------------------------------- scoring


def ratio_percent(num: Decimal, den: Decimal) -> Decimal | None:
    """num / den × 100, computed exactly and rounded half-up (away from zero on ties) to 2 places."""
    if den == 0:
        return None
    # Exact integer arithmetic: num/den × 10,000 = (p1 · q2 · 10,000) / (q1 · p2); fractions.Fraction gave the same
    # result several times slower (it normalises by gcd at every step).
    p1, q1 = num.as_integer_ratio()
    p2, q2 = den.as_integer_ratio()
    top = p1 * q2 * 10_000
    bottom = q1 * p2
    if bottom < 0:
        top, bottom = -top, -bottom
    cents = (2 * abs(top) + bottom) // (2 * bottom)  # floor(|x| + 1/2)
    if top < 0:
        cents = -cents
    return Decimal(cents).scaleb(-2)


def quantize2(value: Decimal) -> Decimal:
    """Half-up to 2 places, for display of sums that are already exact."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _leaf_value(
    unit: UnitInput, leaf: Criterion, entry: LeafScore | None, stage: Stage, warnings: list[str]
) -> Decimal | None:
    """The score used for one leaf, or None when the leaf is not applicable."""
    if entry is not None:
        top = leaf.max
        for value in (entry.self_score, entry.round1, entry.round2):
            if value is not None and (value < 0 or value > top):
                _out_of_range(unit, leaf, entry)
        if entry.not_applicable:
            return None
    if stage == "self":
        if entry is None or entry.self_score is None:
            warnings.append(
                f"Tiêu chí {leaf.code} chưa có điểm tự đánh giá, tính 0 điểm"
                f" / criterion {leaf.code} has no self score, counted as 0"
            )
            return ZERO
        return entry.self_score
    if entry is not None and entry.round2 is not None:
        return entry.round2
    if entry is not None and entry.round1 is not None:
        return entry.round1
    raise DomainError(
        "appraisal_unfinished",
        gettext_noop(
            "Đơn vị %(unit_code)s, tiêu chí %(leaf_code)s: chưa thẩm định xong (không có điểm round1/round2)"
        ),
        unit_code=unit.code,
        leaf_code=leaf.code,
    )


def _out_of_range(unit: UnitInput, leaf: Criterion, entry: LeafScore) -> None:
    for label, value in (("self", entry.self_score), ("round1", entry.round1), ("round2", entry.round2)):
        if value is not None and (value < 0 or value > leaf.max):
            raise DomainError(
                "score_out_of_range",
                gettext_noop(
                    "Đơn vị %(unit_code)s, tiêu chí %(leaf_code)s: điểm %(label)s = %(value)s ngoài khoảng 0–%(leaf_max)s"
                ),
                unit_code=unit.code,
                leaf_code=leaf.code,
                label=label,
                value=value,
                leaf_max=leaf.max,
            )


_POINTS_MESSAGES = {  # (kind, strict) → msgid: the kind named in the text so each language says it its way
    ("thưởng", False): gettext_noop("Đơn vị %(unit_code)s: điểm thưởng phải không âm (đang là %(points)s)"),
    ("thưởng", True): gettext_noop("Đơn vị %(unit_code)s: điểm thưởng phải lớn hơn 0 (đang là %(points)s)"),
    ("phạt", False): gettext_noop("Đơn vị %(unit_code)s: điểm phạt phải không âm (đang là %(points)s)"),
    ("phạt", True): gettext_noop("Đơn vị %(unit_code)s: điểm phạt phải lớn hơn 0 (đang là %(points)s)"),
}


def _sum_points(unit: UnitInput, entries: Sequence[Adjustment], kind: str, strict: bool) -> Decimal:
    total = ZERO
    for entry in entries:
        if entry.points < 0 or (strict and entry.points == 0):
            raise DomainError(
                "score_out_of_range", _POINTS_MESSAGES[kind, strict], unit_code=unit.code, points=entry.points
            )
        total += entry.points
    return total


def score_unit(framework: Framework, unit: UnitInput, stage: Stage) -> UnitResult:
    """Score one unit (rank left at 0; :func:`evaluate` ranks)."""
    if stage not in STAGES:
        raise DomainError(
            "invalid_stage",
            gettext_noop("Giai đoạn (stage) không hợp lệ: %(stage_r)s, cần 'self' hoặc 'appraised'"),
            stage_r=f"{stage!r}",
        )
    for code in unit.scores:
        node = framework.by_code.get(code)
        if node is None:
            raise DomainError(
                "unknown_criterion",
                gettext_noop("Đơn vị %(unit_code)s: không có tiêu chí mã %(code_value)s trong bộ tiêu chí"),
                unit_code=unit.code,
                code_value=code,
            )
        if not node.is_leaf:
            raise DomainError(
                "not_a_leaf_criterion",
                gettext_noop(
                    "Đơn vị %(unit_code)s, tiêu chí %(code_value)s: chỉ chấm điểm ở tiêu chí thành phần (không có tiêu chí con)"
                ),
                unit_code=unit.code,
                code_value=code,
            )
    warnings: list[str] = []
    leaf_scores: dict[str, Decimal | None] = {}
    field_achieved: dict[str, Decimal] = {c.code: ZERO for c in framework.criteria}
    field_max: dict[str, Decimal] = {c.code: ZERO for c in framework.criteria}
    scores = unit.scores
    field_of = framework.field_of
    for leaf in framework.leaves:
        value = _leaf_value(unit, leaf, scores.get(leaf.code), stage, warnings)
        leaf_scores[leaf.code] = value
        if value is not None:
            top = field_of[leaf.code]
            field_achieved[top] += value
            field_max[top] += leaf.max
    achieved = sum(field_achieved.values(), ZERO)
    total_max = sum(field_max.values(), ZERO)
    bonus = min(_sum_points(unit, unit.bonus, "thưởng", strict=False), framework.bonus_cap)
    penalty = _sum_points(unit, unit.penalties, "phạt", strict=True)
    index = ratio_percent(achieved + bonus - penalty, total_max)
    if index is None:
        warnings.append(
            "Không có tiêu chí nào áp dụng cho đơn vị (tất cả đều hạ chuẩn), không tính được chỉ số"
            " / no criterion applies to the unit, the index cannot be computed"
        )
    fields = [
        FieldResult(
            c.code,
            c.title,
            field_achieved[c.code],
            field_max[c.code],
            ratio_percent(field_achieved[c.code], field_max[c.code]),
        )
        for c in framework.criteria
    ]
    return UnitResult(
        code=unit.code,
        name=unit.name,
        achieved=achieved,
        max=total_max,
        bonus=bonus,
        penalty=penalty,
        index=index,
        band=framework.band_for(index),
        fields=fields,
        warnings=warnings,
        leaf_scores=leaf_scores,
    )


def rank_units(results: list[UnitResult]) -> list[UnitResult]:
    """Competition ranking by index, highest first (1, 2, 2, 4); units without an index come last.

    Returns the results ordered by rank, then code.
    """

    def key(r: UnitResult) -> tuple[int, Decimal, str]:
        return (0, -r.index, r.code) if r.index is not None else (1, ZERO, r.code)

    ordered = sorted(results, key=key)
    previous: tuple[int, Decimal] | None = None
    for position, result in enumerate(ordered, start=1):
        current = key(result)[:2]
        if current != previous:
            result.rank = position
            previous = current
        else:
            result.rank = ordered[position - 2].rank
    return ordered


def evaluate(framework: Framework, units: Sequence[UnitInput], stage: Stage) -> Evaluation:
    """Score and rank every unit. Unit codes must be unique."""
    seen: set[str] = set()
    for unit in units:
        if not unit.code:
            raise DomainError("missing_code", gettext_noop("Có đơn vị thiếu mã"))
        if unit.code in seen:
            raise DomainError(
                "duplicate_unit", gettext_noop("Mã đơn vị %(unit_code)s bị trùng"), unit_code=unit.code
            )
        seen.add(unit.code)
    results = [score_unit(framework, unit, stage) for unit in units]
    return Evaluation(framework, stage, rank_units(results))


# --------------------------------------------------------------------------------------------------- what-if


@dataclass(frozen=True)
class Gain:
    code: str
    title: str
    score: Decimal
    max: Decimal
    gain: Decimal  # max − score


@dataclass(frozen=True)
class NextBand:
    band: str | None  # the next band up, None when the unit is already in the top band
    points_needed: Decimal  # raw points to add to reach the band's minimum (0 when already there)
    reachable: bool  # whether the criteria still open can supply the points
    gains: list[Gain]  # applicable leaves with points left, largest gain first, then framework order


def gains_to_next_band(framework: Framework, unit_result: UnitResult) -> NextBand:
    """What-if helper: which criteria could still gain points, and how many points the next band needs.

    ``points_needed`` is the exact amount that lifts the unrounded index to the next band's minimum
    (``min × max / 100 − (achieved + bonus − penalty)``); rounding can only make the band reachable sooner.
    """
    gains = [
        Gain(leaf.code, leaf.title, score, leaf.max, leaf.max - score)
        for leaf in framework.leaves
        if (score := unit_result.leaf_scores.get(leaf.code)) is not None and score < leaf.max
    ]
    order = {leaf.code: i for i, leaf in enumerate(framework.leaves)}
    gains.sort(key=lambda g: (-g.gain, order[g.code]))
    open_points = sum((g.gain for g in gains), ZERO)
    index = unit_result.index
    above = [b for b in framework.bands if index is None or b.min > index]
    if not above:
        return NextBand(None, ZERO, True, gains)
    target = above[-1]  # the lowest band above the current index
    net = unit_result.achieved + unit_result.bonus - unit_result.penalty
    needed = max(target.min * unit_result.max / HUNDRED - net, ZERO)
    return NextBand(target.name, needed, needed <= open_points, gains)
