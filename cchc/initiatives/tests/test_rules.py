from decimal import Decimal

import pytest

from cchc.core.errors import DomainError
from cchc.initiatives import rules
from cchc.initiatives.rules import AuthorShare


def test_shares_must_add_up_to_100():
    rules.check_shares([AuthorShare("A", 70), AuthorShare("B", 30)])
    rules.check_shares([AuthorShare("A", 100)])
    with pytest.raises(DomainError) as exc:
        rules.check_shares([AuthorShare("A", 70), AuthorShare("B", 40)])
    assert exc.value.code == "shares_not_100" and "110%" in exc.value.vi


def test_a_co_author_below_the_minimum_share_is_refused_with_the_reason():
    with pytest.raises(DomainError) as exc:
        rules.check_shares([AuthorShare("Nguyễn A", 75), AuthorShare("Trần B", 25)])
    assert exc.value.code == "share_below_minimum"
    assert "Trần B" in exc.value.vi and "25%" in exc.value.vi and "30%" in exc.value.vi


@pytest.mark.parametrize(
    "authors, code",
    [
        ([], "no_authors"),
        ([AuthorShare(" ", 100)], "author_name_missing"),
        ([AuthorShare("A", 50), AuthorShare("a", 50)], "author_repeated"),
        ([AuthorShare("A", 0)], "share_out_of_range"),
    ],
)
def test_bad_author_lists(authors, code):
    with pytest.raises(DomainError) as exc:
        rules.check_shares(authors)
    assert exc.value.code == code


def test_the_council_score_averages_the_members_who_scored_every_criterion():
    scores = {
        1: {"1": Decimal(25), "2": Decimal(26), "3": Decimal(35)},
        2: {"1": Decimal(26), "2": Decimal(25), "3": Decimal(36)},
        3: {"1": Decimal(30)},  # unfinished: not counted
    }
    assert rules.council_score(scores, ["1", "2", "3"]) == Decimal("86.50")
    assert rules.council_score({3: {"1": Decimal(30)}}, ["1", "2", "3"]) is None


def test_points_within_the_criterion():
    rules.check_points(Decimal(30), Decimal(30), criterion="1")
    with pytest.raises(DomainError):
        rules.check_points(Decimal("30.5"), Decimal(30), criterion="1")
    with pytest.raises(DomainError):
        rules.check_points(Decimal(-1), Decimal(30), criterion="1")


def test_scopes_escalate_one_step_at_a_time():
    assert rules.next_scope("unit") == "province"
    assert rules.next_scope("province") == "national"
    assert rules.next_scope("national") is None


def test_the_bonus_is_capped_with_the_units_other_bonuses():
    assert rules.bonus_points(scope="unit", others=Decimal(0)) == 0  # unit level earns none
    assert rules.bonus_points(scope="province", others=Decimal(0)) == 2
    assert rules.bonus_points(scope="national", others=Decimal("1.5")) == Decimal("0.50")
    assert rules.bonus_points(scope="province", others=Decimal(2)) == 0
    assert rules.bonus_points(scope="province", others=Decimal(0), wanted=Decimal(1)) == 1
