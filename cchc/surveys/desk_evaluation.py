"""Per-dossier desk evaluation (methodology §3.4) — pure, no Django.

Nine criteria, each scored 0, 1 or 2; the total is out of 18. The classification bands come from a third-party
implementation and are **unconfirmed** (no official text seen), so they are data: ``bands_from_data`` reads them
from the questionnaire file (``desk_evaluation_9_v1.json``), ``DEFAULT_BANDS`` mirrors that file.

Bands are lower bounds, checked from the highest down; the first one met wins. The source's "Xuất sắc >15,
Tốt 12–<15" leaves a total of exactly 15 in no band; reading the bands as lower bounds puts 15 in "Tốt".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from cchc.core.errors import DomainError, gettext_noop

CRITERIA: tuple[str, ...] = tuple(f"q{i}" for i in range(1, 10))
POINTS: frozenset[int] = frozenset({0, 1, 2})
MAX_PER_CRITERION = 2


@dataclass(frozen=True, slots=True)
class Band:
    code: str
    label: str
    min_points: Decimal
    inclusive: bool = True  # True: total >= min_points; False: total > min_points
    confirmed: bool = False

    def admits(self, total: Decimal) -> bool:
        return total >= self.min_points if self.inclusive else total > self.min_points


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("xuat_sac", "Xuất sắc", Decimal(15), inclusive=False),
    Band("tot", "Tốt", Decimal(12)),
    Band("kha", "Khá", Decimal(9)),
    Band("trung_binh", "Trung bình", Decimal(6)),
    Band("yeu", "Yếu", Decimal(0)),
)


@dataclass(frozen=True, slots=True)
class DeskEvaluation:
    scores: tuple[tuple[str, int], ...]
    total: int
    maximum: int
    band: Band | None


def validate_bands(bands: Sequence[Band]) -> tuple[Band, ...]:
    """Bands must be non-empty, with unique codes and strictly decreasing thresholds."""
    if not bands:
        raise DomainError("invalid_bands", gettext_noop("Chưa khai báo mức xếp loại"))
    codes = [b.code for b in bands]
    if len(set(codes)) != len(codes):
        raise DomainError("invalid_bands", gettext_noop("Mã mức xếp loại bị trùng"))
    for upper, lower in pairwise(bands):
        if (upper.min_points, upper.inclusive is False) <= (lower.min_points, lower.inclusive is False):
            raise DomainError(
                "invalid_bands",
                gettext_noop("Mức xếp loại phải giảm dần: %(upper)s trước %(lower)s"),
                upper=upper.label,
                lower=lower.label,
            )
    return tuple(bands)


def bands_from_data(rows: Iterable[Mapping[str, object]]) -> tuple[Band, ...]:
    """Bands from JSON rows ``{"code", "label", "min_points", "inclusive"?, "confirmed"?}``."""
    bands: list[Band] = []
    for i, row in enumerate(rows, start=1):
        try:
            code, label = str(row["code"]), str(row["label"])
            raw = row["min_points"]
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                raise TypeError
            min_points = Decimal(str(raw))
        except (KeyError, TypeError, InvalidOperation) as exc:
            raise DomainError(
                "invalid_bands",
                gettext_noop("Mức xếp loại thứ %(number)s thiếu hoặc sai code/label/min_points"),
                number=i,
            ) from exc
        inclusive = row.get("inclusive", True)
        confirmed = row.get("confirmed", False)
        if not isinstance(inclusive, bool) or not isinstance(confirmed, bool):
            raise DomainError(
                "invalid_bands",
                gettext_noop("Mức xếp loại thứ %(number)s: inclusive/confirmed phải là true/false"),
                number=i,
            )
        bands.append(Band(code, label, min_points, inclusive, confirmed))
    return validate_bands(bands)


def classify(total: Decimal | int, bands: Sequence[Band] = DEFAULT_BANDS) -> Band | None:
    """The first band (highest first) whose threshold ``total`` meets; None when below every band."""
    value = Decimal(total)
    for band in bands:
        if band.admits(value):
            return band
    return None


def score_desk_evaluation(
    scores: Mapping[str, int],
    *,
    criteria: Sequence[str] = CRITERIA,
    bands: Sequence[Band] = DEFAULT_BANDS,
) -> DeskEvaluation:
    """Total and band of one evaluation; every criterion must be scored 0, 1 or 2, and no other key given."""
    unknown = sorted(set(scores) - set(criteria))
    if unknown:
        raise DomainError(
            "unknown_criterion",
            gettext_noop("Tiêu chí không có trong bảng đánh giá: %(keys)s"),
            keys=", ".join(unknown),
        )
    missing = [c for c in criteria if c not in scores]
    if missing:
        raise DomainError(
            "missing_value", gettext_noop("Chưa chấm tiêu chí: %(keys)s"), keys=", ".join(missing)
        )
    for key in criteria:
        value = scores[key]
        if value.__class__ is not int or value not in POINTS:
            raise DomainError(
                "invalid_value",
                gettext_noop("Điểm tiêu chí %(key)s phải là 0, 1 hoặc 2 (nhận được %(value)s)"),
                key=key,
                value=repr(value),
            )
    total = sum(scores[c] for c in criteria)
    ordered = tuple((c, scores[c]) for c in criteria)
    return DeskEvaluation(ordered, total, MAX_PER_CRITERION * len(criteria), classify(total, bands))
