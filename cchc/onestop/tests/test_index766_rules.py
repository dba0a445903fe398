"""Pure rules of the 766 scoring: lin, thr, rounding, petition items, payment, totals, bands, ranks, versions."""

import json
from datetime import date

import pytest

from cchc.core.errors import DomainError
from cchc.onestop.definitions766 import load_definitions, load_versions
from cchc.onestop.index766 import (
    IndicatorInput,
    PaymentCounts,
    UnitInput,
    competition_ranks,
    payment_cents,
    results_to_json,
    score_indicator,
    score_unit,
    score_units,
)
from cchc.onestop.input766 import parse_units
from cchc.onestop.scoring import Scoring, ratio_of, round2, to_cents

DEFS = load_definitions()


def score(code, **given):
    return score_indicator(DEFS.indicator(code), IndicatorInput(**given))


def test_definitions_are_versioned_data():
    assert DEFS.id == "766-dvcqg-2026"
    assert DEFS.effective_from == date(2022, 6, 23)
    assert {g.code: g.max for g in DEFS.groups} == {
        "CKMB": 18, "TDGQ": 20, "ONLINE": 12, "TTTT": 10, "MDSH": 22, "MDHL": 18,
    }  # fmt: skip
    assert sum(g.max for g in DEFS.groups) == 100
    assert DEFS.indicator("REUSED_DIGITIZED_DATA").scoring == Scoring("thr", 80)
    assert DEFS.indicator("DOSSIER_RECEIVING_SATISFACTION").scoring == Scoring("thr", 90)
    assert DEFS.indicator("PETITION_PROCESSING_ON_TIME").scoring.zero_denominator == "full"
    assert not DEFS.bands_confirmed
    assert [b.name for b in DEFS.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def test_version_selection_by_date_and_id(tmp_path):
    from cchc.onestop.definitions766 import DEFAULT_PATH

    doc = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    newer = json.loads(json.dumps(doc["versions"][0]))
    newer["id"], newer["effective_from"] = "766-test-2027", "2027-01-01"
    newer["bands"]["levels"][0]["min"] = 95  # a rule change is a data change
    doc["versions"].append(newer)
    path = tmp_path / "defs.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert [v.id for v in load_versions(path)] == ["766-dvcqg-2026", "766-test-2027"]
    assert load_definitions(on=date(2026, 12, 31), path=path).id == "766-dvcqg-2026"
    assert load_definitions(on=date(2027, 1, 1), path=path).id == "766-test-2027"
    assert load_definitions(path=path).band_for(9300) == "Tốt"
    assert load_definitions("766-dvcqg-2026", path=path).band_for(9300) == "Xuất sắc"
    with pytest.raises(LookupError):
        load_definitions(on=date(2020, 1, 1), path=path)
    with pytest.raises(LookupError):
        load_definitions("nope", path=path)


def test_inconsistent_definitions_are_refused(tmp_path):
    from cchc.onestop.definitions766 import DEFAULT_PATH

    doc = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    doc["versions"][0]["indicators"][0]["max"] = 7  # CKMB would add up to 19
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ValueError, match="CKMB"):
        load_versions(path)


def test_rounding_is_floor_of_x100_plus_half():
    assert to_cents(19.965) == 1997  # 19.965 * 100 is exactly 1996.5 in doubles → half up
    assert round2(0.125) == 0.13  # Python's round(0.125, 2) gives 0.12 (half to even)
    assert round2(2.675) == 2.68  # round(2.675, 2) gives 2.67; 2.675 * 100 is 267.5 in doubles
    assert round2(1.005) == 1.0  # 1.005 * 100 is 100.49999999999999: the portal's double arithmetic, kept
    assert to_cents(0.0) == 0


def test_lin_and_thr():
    assert score("DOSSIER_ON_TIME", numerator=573, denominator=574).score == 19.97
    assert score("PUBLISH_ON_TIME", numerator=1, denominator=47).score == 0.13
    assert score("REUSED_DIGITIZED_DATA", numerator=80, denominator=100).score == 2
    assert score("REUSED_DIGITIZED_DATA", numerator=40, denominator=100).score == 1
    assert score("REUSED_DIGITIZED_DATA", numerator=100, denominator=100).score == 2  # capped at max
    assert score("DOSSIER_RECEIVING_SATISFACTION", numerator=45, denominator=100).score == 3
    assert score("DOSSIER_RECEIVING_SATISFACTION", numerator=95, denominator=100).score == 6
    assert score("ELECTRONIC_CERTIFIED_COPY", ratio=50).score == 1
    assert score("ELECTRONIC_CERTIFIED_COPY", score=1.5).score == 1.5
    r = score("PUBLIC_UPDATE_ON_TIME", numerator=43, denominator=47)
    assert r.ratio == 43 / 47 * 100 and r.score == 3.66


def test_zero_denominator_scores_zero_except_petitions():
    for code in ("DOSSIER_ON_TIME", "DOSSIER_SYNC", "DOSSIER_RECEIVING_SATISFACTION"):
        r = score(code, numerator=0, denominator=0)
        assert r.ratio is None and r.score == 0
    for code in ("PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION"):
        assert score(code, numerator=0, denominator=0).score == 6
        assert score(code, numerator=0, denominator=1).score == 0
    assert score("PETITION_CLASSIFICATION_TTHC", numerator=1, denominator=1).score is None
    assert ratio_of(1, 0) is None


def pay(**counts):
    base = {
        "paid_online": 0, "fee_dossiers": 0, "fee_procedures_paid_online": 0,
        "fee_procedures_with_dossiers": 0, "fee_procedures": 0,
    }  # fmt: skip
    return payment_cents(DEFS, PaymentCounts(base | counts))


def test_payment_formula_each_term_rounded():
    r = pay(
        paid_online=125,
        fee_dossiers=146,
        fee_procedures_paid_online=8,
        fee_procedures_with_dossiers=8,
        fee_procedures=12,
    )
    # 6·125/146 = 5.1369… → 5.14; 2.5·8/12 = 1.666… → 1.67 (under the cap 2); 2.5·8/12 → 1.67
    assert r.terms == {"A": 514, "B": 167, "C": 167}
    assert r.cents == 848  # the portal's 8.48 for this unit
    capped = pay(
        paid_online=1,
        fee_dossiers=1,
        fee_procedures_paid_online=9,
        fee_procedures_with_dossiers=9,
        fee_procedures=10,
    )
    assert capped.terms == {"A": 600, "B": 200, "C": 225}  # min(2, 2.25)
    full = pay(
        paid_online=5,
        fee_dossiers=5,
        fee_procedures_paid_online=4,
        fee_procedures_with_dossiers=4,
        fee_procedures=4,
    )
    assert full.cents == 1000  # 6 + 2 + 2.5 = 10.5, capped at the group's 10
    assert pay(fee_procedures=0).cents == 0


def unit(code, group="AGENCY", **indicators):
    return UnitInput(
        code=code, group=group, indicators={k: IndicatorInput(**v) for k, v in indicators.items()}
    )


def test_unit_groups_total_and_band():
    u = unit(
        "U1",
        DOSSIER_ON_TIME={"numerator": 99, "denominator": 100},
        ONLINE={"ratio": 50},
        TTTT={"score": 8.48},
        PETITION_PROCESSING_ON_TIME={"numerator": 0, "denominator": 0},
        PETITION_HANDLING_SATISFACTION={"numerator": 0, "denominator": 0},
    )
    r = score_unit(DEFS, u)
    assert r.group_cents["TDGQ"] == 1980
    assert r.group_cents["ONLINE"] == 600
    assert r.group_cents["TTTT"] == 848
    assert r.group_cents["MDHL"] == 1200
    assert r.total_cents == 1980 + 600 + 848 + 1200
    assert r.band == "Yếu"
    assert "PUBLISH_ON_TIME" in r.missing
    paid = UnitInput(
        code="U2",
        payment=PaymentCounts(
            {
                "paid_online": 1,
                "fee_dossiers": 1,
                "fee_procedures_paid_online": 0,
                "fee_procedures_with_dossiers": 0,
                "fee_procedures": 1,
            }
        ),
    )
    assert score_unit(DEFS, paid).group_cents["TTTT"] == 600
    assert "TTTT" in score_unit(DEFS, UnitInput(code="U3")).missing


@pytest.mark.parametrize(
    ("cents", "band"),
    [(10000, "Xuất sắc"), (9000, "Xuất sắc"), (8999, "Tốt"), (8000, "Tốt"), (7999, "Khá"), (7000, "Khá"),
     (6999, "Trung bình"), (5000, "Trung bình"), (4999, "Yếu"), (0, "Yếu")],
)  # fmt: skip
def test_bands(cents, band):
    assert DEFS.band_for(cents) == band


def test_competition_ranks_share_ties():
    assert competition_ranks([90, 80, 80, 70]) == [1, 2, 2, 4]
    assert competition_ranks([70, 80, 90, 80]) == [4, 2, 1, 2]
    assert competition_ranks([]) == []
    assert competition_ranks([5, 5, 5]) == [1, 1, 1]


def test_rank_and_group_rank():
    units = [
        unit("A1", "AGENCY", DOSSIER_ON_TIME={"numerator": 1, "denominator": 2}),  # 10
        unit("C1", "COMMUNE", DOSSIER_ON_TIME={"numerator": 1, "denominator": 1}),  # 20
        unit("A2", "AGENCY", DOSSIER_ON_TIME={"numerator": 1, "denominator": 1}),  # 20
        unit("C2", "COMMUNE", DOSSIER_ON_TIME={"numerator": 0, "denominator": 1}),  # 0
        unit("A3", "AGENCY", DOSSIER_ON_TIME={"numerator": 2, "denominator": 4}),  # 10
    ]
    got = {r.code: (r.rank, r.group_rank) for r in score_units(DEFS, units)}
    assert got == {"C1": (1, 1), "A2": (1, 1), "A1": (3, 2), "A3": (3, 2), "C2": (5, 2)}
    assert [r.code for r in score_units(DEFS, units)] == ["C1", "A2", "A1", "A3", "C2"]


def test_json_numbers_are_plain():
    doc = results_to_json(
        DEFS, score_units(DEFS, [unit("A1", DOSSIER_ON_TIME={"numerator": 573, "denominator": 574})])
    )
    text = json.dumps(doc, ensure_ascii=False)
    u = json.loads(text)["units"][0]
    ind = next(i for i in u["indicators"] if i["code"] == "DOSSIER_ON_TIME")
    assert ind == {"code": "DOSSIER_ON_TIME", "group": "TDGQ", "numerator": 573, "denominator": 574,
                   "ratio": 99.83, "score": 19.97, "max": 20}  # fmt: skip
    assert u["groups"]["TDGQ"] == 19.97 and u["total"] == 19.97 and u["rank"] == 1 and u["band"] == "Yếu"


@pytest.mark.parametrize(
    ("doc", "where"),
    [
        ([], "units"),
        ({"units": [{"name": "x"}]}, "units[0].code"),
        ({"units": [{"code": "A", "indicators": {"NOPE": {"ratio": 1}}}]}, "NOPE"),
        ({"units": [{"code": "A", "indicators": {"DOSSIER_ON_TIME": {"numerator": 5, "denominator": 4}}}]}, "DOSSIER_ON_TIME"),
        ({"units": [{"code": "A", "indicators": {"DOSSIER_ON_TIME": {"numerator": -1, "denominator": 4}}}]}, "numerator"),
        ({"units": [{"code": "A", "indicators": {"DOSSIER_ON_TIME": {"numerator": 1}}}]}, "DOSSIER_ON_TIME"),
        ({"units": [{"code": "A", "indicators": {"DOSSIER_ON_TIME": {"numerator": 1.5, "denominator": 4}}}]}, "numerator"),
        ({"units": [{"code": "A", "indicators": {"ONLINE": {"score": 12.5}}}]}, "ONLINE"),
        ({"units": [{"code": "A", "indicators": {"ONLINE": {"ratio": "x"}}}]}, "ONLINE"),
        ({"units": [{"code": "A", "indicators": {"ONLINE": {}}}]}, "ONLINE"),
        ({"units": [{"code": "A", "payment": {"paid_online": 1}}]}, "payment"),
        ({"units": [{"code": "A", "payment": {"paid_online": 3, "fee_dossiers": 2, "fee_procedures_paid_online": 0,
                                               "fee_procedures_with_dossiers": 0, "fee_procedures": 1}}]}, "payment"),
        ({"units": [{"code": "A"}, {"code": "A"}]}, "units[1].code"),
    ],
)  # fmt: skip
def test_bad_input_names_where(doc, where):
    with pytest.raises(DomainError) as exc:
        parse_units(doc, DEFS)
    assert where in exc.value.vi


def test_contract_example_parses():
    doc = {"units": [{"code": "H21.17", "name": "…", "group": "AGENCY",
        "indicators": {"PUBLISH_ON_TIME": {"numerator": 1, "denominator": 47}, "DOSSIER_ON_TIME": {"numerator": 573, "denominator": 574},
                       "ELECTRONIC_CERTIFIED_COPY": {"ratio": 100}, "ONLINE": {"score": 6.68}},
        "payment": {"paid_online": 125, "fee_dossiers": 147, "fee_procedures_paid_online": 8, "fee_procedures_with_dossiers": 8, "fee_procedures": 12}}]}  # fmt: skip
    (r,) = score_units(DEFS, parse_units(doc, DEFS))
    assert r.group_cents["TDGQ"] == 1997 and r.group_cents["ONLINE"] == 668
    assert r.payment is not None and r.payment.terms == {"A": 510, "B": 167, "C": 167}
