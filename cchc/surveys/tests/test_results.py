"""Formulas of contract surveys.md § Formulas (pure; no database)."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from cchc.core.errors import DomainError
from cchc.surveys.results import (
    Aggregate,
    ResponseRecord,
    aggregate_responses,
    compute_results,
    compute_unit,
    descendants,
    results_from_counts,
    roll_up,
    round_half_up,
    unit_result_as_dict,
)

DIMS = {"q1": "tiep_can", "q2": "tiep_can", "q3": "thu_tuc", "q9": "tong_the"}


def rec(unit: str, flagged: bool = False, accepted: bool = False, **answers: int | None) -> ResponseRecord:
    return ResponseRecord(unit, answers, flagged=flagged, accepted=accepted)


def test_contract_example_formulas() -> None:
    agg = aggregate_responses(
        [rec("PC06", q1=5, q2=4, q3=3), rec("PC06", q1=2, q2=None, q3=4), rec("PC06", q1=4, q3=1)], DIMS
    )
    result = compute_results(agg)["PC06"]
    dims = {d.code: d for d in result.dimensions}
    assert result.responses == 3 and result.flagged == 0
    # tiep_can: answers 5,4,2,4 -> 4 answers, 3 satisfied, 75 %, mean 3.75
    assert (dims["tiep_can"].answers, dims["tiep_can"].satisfied) == (4, 3)
    assert dims["tiep_can"].percent == Decimal("75.00")
    assert dims["tiep_can"].mean == Decimal("3.75")
    # thu_tuc: 3,4,1 -> 1 of 3 satisfied = 33.33 %, mean 2.67
    assert dims["thu_tuc"].percent == Decimal("33.33")
    assert dims["thu_tuc"].mean == Decimal("2.67")
    # index: mean of exact percents (75 + 100/3) / 2 = 54.1666… -> 54.17
    assert result.index == Decimal("54.17")


def test_skipped_questions_count_nowhere() -> None:
    agg = aggregate_responses([rec("U", q1=None, q2=None, q3=5), rec("U", q1=None, q3=None)], DIMS)
    result = compute_results(agg)["U"]
    assert result.responses == 2
    assert [d.code for d in result.dimensions] == ["thu_tuc"]
    assert result.dimensions[0].answers == 1
    assert result.index == Decimal("100.00")


def test_dimension_with_only_skips_is_not_in_index() -> None:
    result = compute_unit("U", {"tiep_can": {4: 1}, "thu_tuc": {}}, order=["tiep_can", "thu_tuc", "ket_qua"])
    dims = {d.code: d for d in result.dimensions}
    assert [d.code for d in result.dimensions] == ["tiep_can", "thu_tuc", "ket_qua"]
    assert dims["thu_tuc"].answers == 0 and dims["thu_tuc"].percent is None and dims["thu_tuc"].mean is None
    assert dims["ket_qua"].answers == 0
    assert result.index == Decimal("100.00")


def test_unit_without_answers_has_no_index() -> None:
    agg = aggregate_responses([rec("U", q1=None), rec("V", flagged=True, q1=5)], DIMS)
    results = compute_results(agg)
    assert results["U"].index is None and results["U"].responses == 1
    assert results["V"].index is None and results["V"].flagged == 1 and results["V"].responses == 0


def test_overall_question_reported_but_not_in_index() -> None:
    agg = aggregate_responses([rec("U", q1=5, q9=1), rec("U", q1=4, q9=2)], DIMS)
    result = compute_results(agg)["U"]
    overall = next(d for d in result.dimensions if d.code == "tong_the")
    assert overall.in_index is False and overall.percent == Decimal("0.00")
    assert result.index == Decimal("100.00")
    # With no exclusions the overall question would pull the index down.
    assert compute_results(agg, not_in_index=())["U"].index == Decimal("50.00")


def test_flagged_left_out_unless_accepted() -> None:
    records = [
        rec("U", q1=5),
        rec("U", flagged=True, q1=1),  # left out
        rec("U", flagged=True, accepted=True, q1=1),  # accepted: counted
        rec("U", accepted=True, q1=3),  # accepted but never flagged: counted
    ]
    result = compute_results(aggregate_responses(records, DIMS))["U"]
    assert result.flagged == 1
    assert result.responses == 3
    assert result.dimensions[0].answers == 3
    assert result.dimensions[0].satisfied == 1


def test_per_record_dimensions_override_default() -> None:
    other = ResponseRecord("U", {"a1": 5}, dimensions={"a1": "ket_qua"})
    result = compute_results(aggregate_responses([other, rec("U", q1=1)], DIMS))["U"]
    assert {d.code: d.answers for d in result.dimensions} == {"ket_qua": 1, "tiep_can": 1}


@pytest.mark.parametrize("bad", [0, 6, "5", 4.0, True, -1])
def test_invalid_answer_values_refused(bad: object) -> None:
    with pytest.raises(DomainError):
        aggregate_responses([ResponseRecord("U", {"q1": bad})], DIMS)  # type: ignore[dict-item]


def test_unknown_question_key_refused() -> None:
    with pytest.raises(DomainError, match="zz"):
        aggregate_responses([rec("U", zz=5)], DIMS)


def test_unknown_key_skipped_is_harmless() -> None:
    assert aggregate_responses([rec("U", zz=None)], DIMS).counts == {}


def test_from_rows_matches_raw_aggregation() -> None:
    records = [rec("U", q1=5, q3=2), rec("U", q1=5), rec("V", q2=4)]
    raw = aggregate_responses(records, DIMS)
    rows = [(u, d, v, n) for (u, d), c in raw.counts.items() for v, n in c.items() if n]
    sql = Aggregate.from_rows(rows, responses=raw.responses, flagged=raw.flagged)
    assert compute_results(sql) == compute_results(raw)
    with pytest.raises(DomainError):
        Aggregate.from_rows([("U", "tiep_can", 7, 1)])


def test_results_from_counts_shape() -> None:
    results = results_from_counts({("U", "tiep_can"): {1: 1, 2: 0, 3: 0, 4: 2, 5: 1}, ("U", "gop_y"): {3: 2}})
    assert results["U"].index == Decimal("37.50")  # (75 + 0) / 2
    with pytest.raises(DomainError):
        results_from_counts({("U", "tiep_can"): {4: -1}})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 8), "0.13"),  # 0.125 -> half-up
        (Fraction(-1, 8), "-0.13"),
        (Fraction(-1, 1000), "0.00"),
        (Fraction(1005, 1000), "1.01"),  # binary floats would give 1.00
        (Fraction(2, 3), "0.67"),
        (Decimal("2.675"), "2.68"),
        (100, "100.00"),
        (0, "0.00"),
    ],
)
def test_round_half_up(value: Fraction | Decimal | int, expected: str) -> None:
    assert round_half_up(value) == Decimal(expected)
    assert str(round_half_up(value)) == expected


def test_percent_and_mean_rounded_half_up() -> None:
    # 1 of 8 satisfied = 12.5 %; 1 of 3 = 33.333… %; mean 17/8 = 2.125 -> 2.13 (half-up, not banker's 2.12)
    result = compute_unit("U", {"a": {4: 1, 3: 1, 2: 4, 1: 2}, "b": {5: 1, 1: 2}}, not_in_index=())
    dims = {d.code: d for d in result.dimensions}
    assert dims["a"].percent == Decimal("12.50") and dims["a"].mean == Decimal("2.13")
    assert dims["b"].percent == Decimal("33.33") and dims["b"].mean == Decimal("2.33")
    # exact (12.5 + 33.333…) / 2 = 22.91666… -> 22.92
    assert result.index == Decimal("22.92")


def test_index_uses_exact_percents_not_rounded_ones() -> None:
    # percents 2/3 % -> 0.6666… (shows 0.67) and 0 % -> exact mean 0.3333… -> 0.33,
    # while the mean of the rounded percents (0.67 + 0) / 2 = 0.335 would round to 0.34.
    result = compute_unit("U", {"a": {4: 2, 1: 298}, "b": {1: 1}}, not_in_index=())
    assert result.dimensions[0].percent == Decimal("0.67")
    assert result.index == Decimal("0.33")


def test_roll_up_sums_unit_and_descendants() -> None:
    records = [rec("CAT", q1=5), rec("PC06", q1=1), rec("X1", q1=4, q3=5), rec("X2", flagged=True, q1=5)]
    agg = aggregate_responses(records, DIMS)
    tree = {"CAT": ["PC06", "CAH"], "CAH": ["X1", "X2"], "X3": []}
    rolled = compute_results(roll_up(agg, tree))
    assert set(rolled) == {"CAT", "PC06", "CAH", "X1", "X2", "X3"}
    assert rolled["CAT"].responses == 3 and rolled["CAT"].flagged == 1
    assert {d.code: d.answers for d in rolled["CAT"].dimensions} == {"tiep_can": 3, "thu_tuc": 1}
    assert rolled["CAH"].responses == 1 and rolled["CAH"].flagged == 1
    assert rolled["X3"].responses == 0 and rolled["X3"].index is None
    assert rolled["PC06"].index == Decimal("0.00")
    # Roll-up of a roll-up is not what callers want; the original is untouched.
    assert compute_results(agg)["CAT"].responses == 1


def test_roll_up_counts_shared_child_once_per_ancestor() -> None:
    agg = aggregate_responses([rec("C", q1=5)], DIMS)
    rolled = roll_up(agg, {"A": ["B", "C"], "B": ["C"]})
    assert rolled.counts[("A", "tiep_can")][5] == 1
    assert rolled.responses["A"] == 1


def test_roll_up_refuses_cycles() -> None:
    with pytest.raises(DomainError, match="vòng lặp"):
        descendants({"A": ["B"], "B": ["C"], "C": ["A"]})


def test_descendants() -> None:
    assert descendants({"A": ["B"], "B": ["C", "D"]}) == {
        "A": frozenset("BCD"),
        "B": frozenset("CD"),
        "C": frozenset(),
        "D": frozenset(),
    }


def _reference(records: list[ResponseRecord]) -> dict[str, tuple[int, int, Decimal | None]]:
    """Naive restatement of the contract, for a randomised cross-check."""
    out: dict[str, tuple[int, int, Decimal | None]] = {}
    for unit in {r.unit for r in records}:
        mine = [r for r in records if r.unit == unit]
        kept = [r for r in mine if not r.flagged or r.accepted]
        percents = []
        for dim in ("tiep_can", "thu_tuc"):
            vals = [v for r in kept for k, v in r.answers.items() if v is not None and DIMS[k] == dim]
            if vals:
                percents.append(Fraction(100 * sum(v >= 4 for v in vals), len(vals)))
        index = round_half_up(sum(percents, Fraction(0)) / len(percents)) if percents else None
        out[unit] = (len(kept), len(mine) - len(kept), index)
    return out


def test_randomised_against_reference() -> None:
    rng = random.Random(20250117)
    for _ in range(30):
        records = [
            ResponseRecord(
                rng.choice("ABC"),
                {k: rng.choice([None, 1, 2, 3, 4, 5]) for k in ("q1", "q2", "q3")},
                flagged=rng.random() < 0.2,
                accepted=rng.random() < 0.5,
            )
            for _ in range(rng.randint(1, 60))
        ]
        got = compute_results(aggregate_responses(records, DIMS))
        expected = _reference(records)
        assert {u: (r.responses, r.flagged, r.index) for u, r in got.items()} == expected


def test_unit_result_as_dict() -> None:
    result = compute_unit("U", {"tiep_can": {5: 1}}, responses=1)
    doc = unit_result_as_dict(result, {"tiep_can": "Tiếp cận dịch vụ"})
    assert doc["index"] == Decimal("100.00")
    assert doc["dimensions"] == [
        {
            "code": "tiep_can",
            "title": "Tiếp cận dịch vụ",
            "answers": 1,
            "satisfied": 1,
            "percent": Decimal("100.00"),
            "mean": Decimal("5.00"),
            "in_index": True,
        }
    ]
