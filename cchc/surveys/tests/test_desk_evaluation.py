"""Desk evaluation (methodology §3.4): 9 criteria × {0, 1, 2}, total /18, configurable unconfirmed bands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.core.errors import DomainError
from cchc.surveys.desk_evaluation import (
    CRITERIA,
    DEFAULT_BANDS,
    Band,
    bands_from_data,
    classify,
    score_desk_evaluation,
    validate_bands,
)


def scores_for(total: int) -> dict[str, int]:
    """Nine scores summing to ``total`` (0–18)."""
    out = {}
    left = total
    for key in CRITERIA:
        out[key] = min(2, left)
        left -= out[key]
    return out


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (18, "xuat_sac"),
        (16, "xuat_sac"),
        (15, "tot"),  # the source's gap at exactly 15 falls in Tốt
        (12, "tot"),
        (11, "kha"),
        (9, "kha"),
        (8, "trung_binh"),
        (6, "trung_binh"),
        (5, "yeu"),
        (0, "yeu"),
    ],
)
def test_default_bands(total: int, band: str) -> None:
    result = score_desk_evaluation(scores_for(total))
    assert result.total == total and result.maximum == 18
    assert result.band is not None and result.band.code == band


def test_default_bands_are_marked_unconfirmed() -> None:
    assert all(not b.confirmed for b in DEFAULT_BANDS)
    assert [b.label for b in DEFAULT_BANDS] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def test_every_total_has_exactly_one_band() -> None:
    for total in range(19):
        assert classify(total) is not None


def test_custom_bands() -> None:
    bands = bands_from_data(
        [
            {"code": "dat", "label": "Đạt", "min_points": 9},
            {"code": "chua_dat", "label": "Chưa đạt", "min_points": "4.5", "confirmed": True},
        ]
    )
    assert score_desk_evaluation(scores_for(9), bands=bands).band == bands[0]
    assert classify(Decimal("4.5"), bands) == bands[1]
    assert classify(4, bands) is None


@pytest.mark.parametrize(
    "scores",
    [
        {**scores_for(10), "q1": 3},
        {**scores_for(10), "q2": -1},
        {**scores_for(10), "q3": True},
        {**scores_for(10), "q4": 1.0},
        {k: v for k, v in scores_for(10).items() if k != "q9"},
        {**scores_for(10), "q10": 1},
    ],
)
def test_invalid_scores(scores: dict[str, int]) -> None:
    with pytest.raises(DomainError):
        score_desk_evaluation(scores)


def test_scores_kept_in_criterion_order() -> None:
    result = score_desk_evaluation(dict(reversed(list(scores_for(3).items()))))
    assert [k for k, _ in result.scores] == list(CRITERIA)


@pytest.mark.parametrize(
    "bands",
    [
        [],
        [Band("a", "A", Decimal(5)), Band("a", "B", Decimal(1))],
        [Band("a", "A", Decimal(5)), Band("b", "B", Decimal(6))],
        [Band("a", "A", Decimal(5)), Band("b", "B", Decimal(5))],
    ],
)
def test_invalid_band_tables(bands: list[Band]) -> None:
    with pytest.raises(DomainError):
        validate_bands(bands)


def test_same_threshold_exclusive_above_inclusive_is_valid() -> None:
    validate_bands([Band("a", "A", Decimal(5), inclusive=False), Band("b", "B", Decimal(5))])


@pytest.mark.parametrize(
    "rows",
    [
        [{"code": "a", "label": "A"}],
        [{"code": "a", "label": "A", "min_points": "x"}],
        [{"code": "a", "label": "A", "min_points": True}],
        [{"code": "a", "label": "A", "min_points": 1, "inclusive": "yes"}],
    ],
)
def test_invalid_band_rows(rows: list[dict[str, object]]) -> None:
    with pytest.raises(DomainError):
        bands_from_data(rows)
