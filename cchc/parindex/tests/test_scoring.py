"""Pure tests of every scoring rule of contracts/parindex.md."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cchc.core.errors import DomainError
from cchc.parindex.output import evaluation_to_json
from cchc.parindex.parsing import parse_input
from cchc.parindex.scoring import evaluate, gains_to_next_band, ratio_percent

from .factories import CONTRACT_INPUT, CONTRACT_OUTPUT, contract_input, flat_doc, run, unit

D = Decimal


def test_contract_example_gives_the_contract_output():
    assert evaluation_to_json(run(contract_input())) == CONTRACT_OUTPUT


def test_contract_example_values_are_decimals_inside():
    result = run(contract_input()).units[0]
    assert result.achieved == D("3.25") and result.max == D("3.5")
    assert result.index == D("64.29") and isinstance(result.index, Decimal)
    assert result.leaf_scores == {"1.1": D("2.25"), "1.2.1": D("1"), "1.2.2": None}


def test_appraised_uses_round2_then_round1_never_self():
    doc = flat_doc(
        {"a": 10, "b": 10}, [unit("U", {"a": {"self": 10, "round1": 4}, "b": {"round1": 3, "round2": 7}})]
    )
    result = run(doc).units[0]
    assert result.leaf_scores == {"a": D(4), "b": D(7)}
    assert result.index == D("55.00")


def test_self_stage_uses_self_and_warns_on_missing_leaf():
    doc = flat_doc(
        {"a": 4, "b": 6, "c": 10},
        [unit("U", {"a": {"self": 4, "round1": 1}, "b": {"round1": 6}})],
        stage="self",
    )
    result = run(doc).units[0]
    assert result.leaf_scores == {"a": D(4), "b": D(0), "c": D(0)}
    assert result.achieved == D(4) and result.index == D("20.00")
    assert len(result.warnings) == 2
    assert "b" in result.warnings[0] and "c" in result.warnings[1]
    assert "tính 0 điểm" in result.warnings[0]


def test_not_applicable_removes_leaf_from_achieved_and_max():
    doc = flat_doc(
        {"a": 5, "b": 5}, [unit("U", {"a": {"round1": 4}, "b": {"not_applicable": True, "round1": 5}})]
    )
    result = run(doc).units[0]
    assert (result.achieved, result.max, result.index) == (D(4), D(5), D("80.00"))
    assert result.band == "Tốt"


def test_not_applicable_leaf_needs_no_appraisal():
    doc = flat_doc({"a": 5, "b": 5}, [unit("U", {"a": {"round1": 5}, "b": {"not_applicable": True}})])
    assert run(doc).units[0].index == D("100.00")


def test_bonus_is_capped_and_penalties_are_summed():
    doc = flat_doc(
        {"a": 100},
        [
            unit(
                "U",
                {"a": {"round1": 80}},
                bonus=[{"points": 1.5, "reason": "x"}, {"points": 1.5, "reason": "y"}],
                penalties=[{"points": 2, "reason": "p"}, {"points": 2, "reason": "q"}],
            )
        ],
    )
    result = run(doc).units[0]
    assert result.bonus == D(2) and result.penalty == D(4)
    assert result.index == D("78.00") and result.band == "Khá"


def test_bonus_under_cap_counts_fully():
    doc = flat_doc({"a": 100}, [unit("U", {"a": {"round1": 90}}, bonus=[{"points": 1.25}])])
    assert run(doc).units[0].index == D("91.25")


def test_index_is_not_clamped_above_100_or_below_0():
    high = flat_doc({"a": 10}, [unit("U", {"a": {"round1": 10}}, bonus=[{"points": 2}])])
    assert run(high).units[0].index == D("120.00")
    low = flat_doc({"a": 10}, [unit("U", {"a": {"round1": 0}}, penalties=[{"points": 2}])])
    result = run(low).units[0]
    assert result.index == D("-20.00")
    assert result.band == "Chưa hoàn thành nhiệm vụ"  # below every minimum: the lowest band (issue 15)


def test_index_computed_exactly_and_rounded_once():
    # 1 achieved + 1 bonus over 3: exactly 66.666… → 66.67; rounding the parts (33.33 + 33.33) would give 66.66.
    doc = flat_doc(
        {"a": 1, "b": 1, "c": 1},
        [unit("U", {"a": {"round1": 1}, "b": {"round1": 0}, "c": {"round1": 0}}, bonus=[{"points": 1}])],
    )
    result = run(doc).units[0]
    assert result.index == D("66.67")
    parts = ratio_percent(D(1), D(3)) + ratio_percent(D(1), D(3))
    assert parts == D("66.66") != result.index


def test_rounding_is_half_up_on_an_exact_tie():
    # 5.0004 / 8 × 100 = 62.505 exactly: half-up gives 62.51 (half-even or binary floats would give 62.50).
    doc = flat_doc({"a": 8}, [unit("U", {"a": {"round1": D("5.0004")}})])
    assert run(doc).units[0].index == D("62.51")
    assert ratio_percent(D("-0.0125"), D(1)) == D("-1.25")
    assert ratio_percent(D("-0.00125"), D(1)) == D("-0.13")  # ties go away from zero


def test_no_float_anywhere_in_results():
    result = run(contract_input()).units[0]
    values = [result.achieved, result.max, result.bonus, result.penalty, result.index]
    values += [v for f in result.fields for v in (f.achieved, f.max, f.percent)]
    assert all(isinstance(v, Decimal) for v in values)


def test_band_is_largest_min_not_above_index():
    doc = flat_doc(
        {"a": 100},
        [
            unit(c, {"a": {"round1": s}})
            for c, s in [("A", 95), ("B", D("94.99")), ("C", 50), ("D", D("49.99"))]
        ],
    )
    bands = {u.code: u.band for u in run(doc).units}
    assert bands == {"A": "Xuất sắc", "B": "Tốt", "C": "Hoàn thành nhiệm vụ", "D": "Chưa hoàn thành nhiệm vụ"}


def test_band_uses_the_rounded_index():
    # 79.995 rounds to 80.00 → "Tốt"
    doc = flat_doc({"a": 200}, [unit("U", {"a": {"round1": D("159.99")}})])
    result = run(doc).units[0]
    assert result.index == D("80.00") and result.band == "Tốt"


def test_ties_share_rank_and_units_are_listed_by_rank_then_code():
    scores = {"Z": 90, "B": 80, "A": 80, "C": 70, "E": 80}
    doc = flat_doc({"a": 100}, [unit(c, {"a": {"round1": s}}) for c, s in scores.items()])
    listed = [(u.code, u.rank) for u in run(doc).units]
    assert listed == [("Z", 1), ("A", 2), ("B", 2), ("E", 2), ("C", 5)]


def test_ties_are_judged_on_the_rounded_index():
    doc = flat_doc(
        {"a": 300}, [unit("A", {"a": {"round1": 200}}), unit("B", {"a": {"round1": D("200.001")}})]
    )
    assert [(u.code, u.rank) for u in run(doc).units] == [("A", 1), ("B", 1)]


def test_fields_per_top_level_criterion_with_null_percent_when_max_zero():
    doc = {
        "framework": {
            "name": "F",
            "bonus_cap": 2,
            "bands": [],
            "criteria": [
                {"code": "1", "title": "Một", "children": [{"code": "1.1", "title": "x", "max": 3}]},
                {"code": "2", "title": "Hai", "max": 2},
            ],
        },
        "stage": "appraised",
        "units": [unit("U", {"1.1": {"round1": 1}, "2": {"not_applicable": True}})],
    }
    fields = evaluation_to_json(run(doc))["units"][0]["fields"]
    assert fields == [
        {"code": "1", "title": "Một", "achieved": 1, "max": 3, "percent": 33.33},
        {"code": "2", "title": "Hai", "achieved": 0, "max": 0, "percent": None},
    ]


def test_unit_with_every_leaf_not_applicable_has_no_index_and_ranks_last():
    doc = flat_doc({"a": 10}, [unit("A", {"a": {"not_applicable": True}}), unit("B", {"a": {"round1": 1}})])
    units = run(doc).units
    assert [(u.code, u.rank, u.index, u.band) for u in units] == [
        ("B", 1, D("10.00"), "Chưa hoàn thành nhiệm vụ"),
        ("A", 2, None, None),
    ]
    assert units[1].warnings


# ----------------------------------------------------------------------------------------------- bad input


def _error(doc) -> DomainError:
    with pytest.raises(DomainError) as info:
        run(doc)
    return info.value


def test_duplicate_criterion_codes_are_rejected():
    doc = flat_doc({"a": 1}, [])
    doc["framework"]["criteria"].append({"code": "a", "title": "again", "max": 1})
    err = _error(doc)
    assert "a" in err.vi and "trùng" in err.vi and err.code == "duplicate_criterion"


def test_inner_max_differing_from_children_sum_is_rejected():
    doc = contract_input()
    doc["framework"]["criteria"][0]["children"][1]["max"] = 3
    err = _error(doc)
    assert "1.2" in err.vi and "3" in err.vi and "2" in err.vi


def test_inner_max_equal_to_children_sum_is_accepted():
    doc = contract_input()
    doc["framework"]["criteria"][0]["max"] = D("4.50")
    assert evaluation_to_json(run(doc))["units"][0]["index"] == 64.29


@pytest.mark.parametrize("bad_max", [0, -1, None])
def test_leaf_max_must_be_positive(bad_max):
    doc = flat_doc({"a": bad_max}, [])
    assert "a" in _error(doc).vi


def test_score_above_max_names_unit_and_criterion():
    doc = flat_doc({"a": 2}, [unit("PC06", {"a": {"self": 1, "round1": D("2.01")}})])
    err = _error(doc)
    assert "PC06" in err.vi and "tiêu chí a" in err.vi and "round1" in err.vi


def test_negative_score_is_rejected_even_in_self_stage():
    doc = flat_doc({"a": 2}, [unit("PC06", {"a": {"self": -1}})], stage="self")
    err = _error(doc)
    assert "PC06" in err.vi and "-1" in err.vi


def test_appraisal_not_finished():
    doc = flat_doc({"a": 2, "b": 2}, [unit("PC06", {"a": {"round1": 1}, "b": {"self": 2}})])
    err = _error(doc)
    assert "PC06" in err.vi and "tiêu chí b" in err.vi and err.code == "appraisal_unfinished"


def test_appraisal_not_finished_for_a_leaf_with_no_entry():
    doc = flat_doc({"a": 2, "b": 2}, [unit("PC06", {"a": {"round1": 1}})])
    assert "b" in _error(doc).vi


def test_unknown_criterion_code_and_inner_node_scores_are_rejected():
    assert "zz" in _error(flat_doc({"a": 2}, [unit("U", {"a": {"round1": 1}, "zz": {"round1": 1}})])).vi
    doc = contract_input()
    doc["units"][0]["scores"]["1.2"] = {"round1": 1}
    assert "1.2" in _error(doc).vi


@pytest.mark.parametrize("points", [0, -1])
def test_penalty_points_must_be_positive(points):
    doc = flat_doc({"a": 2}, [unit("U", {"a": {"round1": 1}}, penalties=[{"points": points}])])
    assert "phạt" in _error(doc).vi


def test_negative_bonus_is_rejected():
    doc = flat_doc({"a": 2}, [unit("U", {"a": {"round1": 1}}, bonus=[{"points": -1}])])
    assert "thưởng" in _error(doc).vi


def test_duplicate_unit_codes_and_bad_stage_are_rejected():
    doc = flat_doc({"a": 2}, [unit("U", {"a": {"round1": 1}}), unit("U", {"a": {"round1": 1}})])
    assert "U" in _error(doc).vi
    doc = flat_doc({"a": 2}, [], stage="final")
    assert "stage" in _error(doc).vi


@pytest.mark.parametrize("value", ["abc", True, [1]])
def test_non_numbers_are_rejected(value):
    doc = flat_doc({"a": 2}, [unit("U", {"a": {"round1": value}})])
    assert "round1" in _error(doc).vi


def test_decimal_comma_text_is_accepted():
    doc = flat_doc({"a": 2}, [unit("U", {"a": {"round1": "1,5"}})])
    assert run(doc).units[0].index == D("75.00")


# ----------------------------------------------------------------------------------------------- what-if


def test_gains_to_next_band():
    doc = flat_doc(
        {"a": 40, "b": 30, "c": 30},
        [unit("U", {"a": {"round1": 30}, "b": {"round1": 29}, "c": {"round1": 10}})],
    )
    data = parse_input(doc)
    result = evaluate(data.framework, data.units, data.stage).units[0]
    assert result.index == D("69.00") and result.band == "Hoàn thành nhiệm vụ"
    what_if = gains_to_next_band(data.framework, result)
    assert what_if.band == "Khá" and what_if.points_needed == D(1) and what_if.reachable
    assert [(g.code, g.gain) for g in what_if.gains] == [("c", D(20)), ("a", D(10)), ("b", D(1))]


def test_gains_to_next_band_at_the_top_band_and_skipping_not_applicable():
    doc = flat_doc({"a": 10, "b": 10}, [unit("U", {"a": {"round1": 10}, "b": {"not_applicable": True}})])
    data = parse_input(doc)
    result = evaluate(data.framework, data.units, data.stage).units[0]
    what_if = gains_to_next_band(data.framework, result)
    assert what_if.band is None and what_if.points_needed == 0 and what_if.gains == []


def test_extra_criterion_and_unit_keys_are_ignored():
    doc = contract_input()
    leaf = doc["framework"]["criteria"][0]["children"][0]
    leaf.update(
        guidance="…",
        evidence_required=True,
        method="index766",
        thresholds=[{"min": 90, "points": 2}],
        survey_measured=False,
    )
    doc["framework"]["evidence_window"] = {"from": "2023-09-15", "to": "2024-09-14"}
    doc["units"][0]["scores"]["1.1"]["explanation"] = "Giải trình"
    assert evaluation_to_json(run(doc)) == CONTRACT_OUTPUT
    data = parse_input(doc)
    assert data.framework.by_code["1.1"].meta["method"] == "index766"


@pytest.mark.parametrize("seed", range(5))
def test_ratio_percent_matches_high_precision_decimal(seed):
    import random
    from decimal import ROUND_HALF_UP, localcontext

    rng = random.Random(seed)
    for _ in range(2000):
        num = D(rng.randint(-50_000, 150_000)).scaleb(-rng.randint(0, 4))
        den = D(rng.randint(1, 100_000)).scaleb(-rng.randint(0, 2))
        with localcontext() as ctx:
            ctx.prec = 80
            expected = (num * 100 / den).quantize(D("0.01"), rounding=ROUND_HALF_UP)
        assert ratio_percent(num, den) == expected, (num, den)


def test_penalty_error_in_english_names_the_kind_in_english():

    doc = flat_doc({"a": 2}, [unit("U", {"a": {"round1": 1}}, penalties=[{"points": 0}])])
    with pytest.raises(DomainError) as exc:
        data = parse_input(doc)
        evaluate(data.framework, data.units, data.stage)
    assert "phạt" in exc.value.vi and exc.value.code == "score_out_of_range"
    # the kind is in the msgid itself (not a parameter), so the English catalogue says "penalty points"
    assert "phạt" in exc.value.template and "%(kind)s" not in exc.value.template


def _reference(num: Decimal, den: Decimal) -> Decimal:
    value = Fraction(num) * 100 / Fraction(den)
    cents = int(abs(value) * 100 + Fraction(1, 2))
    return Decimal(-cents if value < 0 else cents).scaleb(-2)


@pytest.mark.parametrize(
    ("num", "den"),
    [("1", "3"), ("2", "3"), ("-1", "3"), ("0.125", "1"), ("-0.125", "1"), ("5.005", "10"), ("0", "7"),
     ("123.45", "97"), ("-0.00005", "1"), ("99.995", "100"), ("1", "0.03")],
)  # fmt: skip
def test_ratio_percent_is_exact_half_up(num, den):
    assert ratio_percent(Decimal(num), Decimal(den)) == _reference(Decimal(num), Decimal(den))
    assert ratio_percent(Decimal(num), Decimal(0)) is None


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "NaN", "Infinity"])
def test_non_finite_scores_are_bad_input(bad):
    doc = {**CONTRACT_INPUT, "units": [{**CONTRACT_INPUT["units"][0], "scores": {"1.1": {"round1": bad}}}]}
    with pytest.raises(DomainError):
        data = parse_input(doc)
        evaluate(data.framework, data.units, data.stage)
