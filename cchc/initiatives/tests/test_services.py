"""The life of an initiative through its services: scope, conflicts, escalation, replication, the bonus cap."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.initiatives import services
from cchc.initiatives.models import BonusProposal, Initiative, Review, Score

from .support import council, proposal, recognised

pytestmark = pytest.mark.django_db


def test_a_unit_proposes_submits_and_is_returned_for_supplement(org, personas):
    initiative = proposal(org, personas)
    assert initiative.state == "draft" and [a.share for a in initiative.authors.all()] == [70, 30]
    services.initiative_submit(initiative=initiative, actor=personas.ward_officer)
    services.initiative_return(initiative=initiative, actor=personas.coordinator, reason="Bổ sung số liệu")
    assert initiative.state == "returned" and initiative.return_reason == "Bổ sung số liệu"
    services.initiative_update(
        initiative=initiative, actor=personas.ward_officer, effect_after="3 phút/hồ sơ"
    )
    services.initiative_submit(initiative=initiative, actor=personas.ward_officer)
    assert Initiative.objects.get(pk=initiative.pk).state == "submitted"


def test_an_incomplete_proposal_is_not_sent(org, personas):
    initiative = proposal(org, personas, novelty="", first_applied_on=None)
    with pytest.raises(DomainError) as exc:
        services.initiative_submit(initiative=initiative, actor=personas.ward_officer)
    assert exc.value.code == "incomplete" and "tính mới" in exc.value.vi and "áp dụng lần đầu" in exc.value.vi


def test_a_co_author_below_30_percent_is_refused(org, personas):
    with pytest.raises(DomainError) as exc:
        services.initiative_create(
            actor=personas.ward_officer,
            unit=org.ward,
            title="X",
            authors=[{"name": "A", "share": 80}, {"name": "B", "share": 20}],
        )
    assert exc.value.code == "share_below_minimum"
    assert not Initiative.objects.exists()  # nothing saved half-way


def test_no_unit_proposes_or_edits_for_another(org, personas):
    with pytest.raises(PermissionDenied):
        proposal_by = services.initiative_create
        proposal_by(
            actor=personas.sibling_officer, unit=org.ward, title="X", authors=[{"name": "A", "share": 100}]
        )
    initiative = proposal(org, personas)
    with pytest.raises(PermissionDenied):
        services.initiative_update(initiative=initiative, actor=personas.sibling_officer, title="Đổi")
    with pytest.raises(PermissionDenied):
        services.initiative_submit(initiative=initiative, actor=personas.sibling_officer)
    with pytest.raises(PermissionDenied):
        services.initiative_withdraw(initiative=initiative, actor=personas.sibling_officer)
    services.initiative_submit(initiative=initiative, actor=personas.ward_officer)
    with pytest.raises(PermissionDenied):  # only coordinators managing the unit return it
        services.initiative_return(initiative=initiative, actor=personas.other_coordinator, reason="x")
    with pytest.raises(PermissionDenied):
        services.review_open(
            initiative=initiative, actor=personas.other_coordinator, council=council(org, personas)
        )


def test_each_member_scores_alone_and_conflicts_are_refused(org, personas):
    board = council(
        org,
        personas,
        members=[(personas.leader, "chair"), (personas.appraiser, "member"), (personas.ward_head, "member")],
    )
    initiative = proposal(org, personas)
    services.initiative_submit(initiative=initiative, actor=personas.ward_officer)
    review = services.review_open(initiative=initiative, actor=personas.coordinator, council=board)
    services.scores_save(review=review, actor=personas.leader, points={"1": "25", "2": "26", "3": "35"})
    services.scores_save(review=review, actor=personas.appraiser, points={"1": "26", "2": "25", "3": "36"})
    services.scores_save(review=review, actor=personas.leader, points={"1": "24"})  # own points only
    assert Score.objects.get(review=review, member=personas.appraiser, criterion__code="1").points == 26
    review.refresh_from_db()
    assert review.score == Decimal("86.00")  # (85 + 87) / 2
    with pytest.raises(PermissionDenied, match="xung đột lợi ích"):  # the head of the proposing ward
        services.scores_save(review=review, actor=personas.ward_head, points={"1": "30"})
    with pytest.raises(PermissionDenied):  # not a member
        services.scores_save(review=review, actor=personas.department_head, points={"1": "30"})
    with pytest.raises(DomainError) as exc:
        services.scores_save(review=review, actor=personas.appraiser, points={"1": "31"})
    assert exc.value.code == "points_out_of_range"


def test_an_author_on_the_council_may_not_score(org, personas):
    board = council(org, personas, members=[(personas.leader, "chair"), (personas.appraiser, "member")])
    initiative = services.initiative_create(
        actor=personas.ward_officer,
        unit=org.ward,
        title="Y",
        authors=[
            {"name": "Vũ Lan", "share": 70},
            {"name": "Thẩm định", "share": 30, "user": personas.appraiser},
        ],
        first_applied_on=date(2026, 3, 1),
        situation_before="a",
        solution="b",
        novelty="c",
        effect_after="d",
    )
    services.initiative_submit(initiative=initiative, actor=personas.ward_officer)
    review = services.review_open(initiative=initiative, actor=personas.coordinator, council=board)
    with pytest.raises(PermissionDenied, match="tác giả"):
        services.scores_save(review=review, actor=personas.appraiser, points={"1": "30"})


def test_recognition_is_numbered_and_escalates_to_the_city_then_proposes_the_bonus(org, personas):
    initiative = recognised(org, personas)
    review = initiative.reviews.get()
    assert initiative.state == "recognised" and initiative.scope == "unit"
    assert review.decision.symbol.startswith("QĐ-") and review.minutes.doc_type == "BB"
    assert not BonusProposal.objects.exists()  # unit level earns no PAR-index bonus
    city = council(org, personas, scope="province", members=[(personas.other_coordinator, "chair")])
    with pytest.raises(DomainError):  # a unit-level council again: only the next scope
        services.review_open(
            initiative=initiative, actor=personas.coordinator, council=council(org, personas)
        )
    higher = services.review_open(initiative=initiative, actor=personas.other_coordinator, council=city)
    assert Initiative.objects.get(pk=initiative.pk).state == "in_review"
    services.scores_save(
        review=higher, actor=personas.other_coordinator, points={"1": "20", "2": "20", "3": "30"}
    )
    services.review_decide(review=higher, actor=personas.other_coordinator, recognised=True)
    initiative.refresh_from_db()
    assert (initiative.state, initiative.scope) == ("recognised", "province")
    bonus = BonusProposal.objects.get()
    assert bonus.points == 2 and bonus.state == "proposed" and bonus.unit == org.ward


def test_a_higher_councils_no_keeps_the_lower_recognition(org, personas):
    initiative = recognised(org, personas)
    city = council(org, personas, scope="province", members=[(personas.other_coordinator, "chair")])
    higher = services.review_open(initiative=initiative, actor=personas.other_coordinator, council=city)
    services.scores_save(
        review=higher, actor=personas.other_coordinator, points={"1": "5", "2": "5", "3": "5"}
    )
    services.review_decide(review=higher, actor=personas.other_coordinator, recognised=False)
    initiative.refresh_from_db()
    assert (initiative.state, initiative.scope) == ("recognised", "unit")
    assert higher.outcome == Review.Outcome.NOT_RECOGNISED and higher.decision is None


def test_the_second_bonus_of_a_year_is_capped(org, personas):
    city = council(org, personas, scope="province", members=[(personas.other_coordinator, "chair")])
    unit_board = council(org, personas)
    for title in ("Một", "Hai"):
        initiative = recognised(org, personas, unit_council=unit_board)
        Initiative.objects.filter(pk=initiative.pk).update(title=title)
        initiative.refresh_from_db()
        higher = services.review_open(initiative=initiative, actor=personas.other_coordinator, council=city)
        services.scores_save(
            review=higher, actor=personas.other_coordinator, points={"1": "20", "2": "20", "3": "30"}
        )
        services.review_decide(review=higher, actor=personas.other_coordinator, recognised=True)
    points = list(BonusProposal.objects.order_by("pk").values_list("points", flat=True))
    assert points == [Decimal(2), Decimal(0)]


def test_a_bonus_is_decided_only_by_the_appraisal_side_without_conflict(org, personas):
    initiative = recognised(org, personas)
    city = council(org, personas, scope="province", members=[(personas.other_coordinator, "chair")])
    higher = services.review_open(initiative=initiative, actor=personas.other_coordinator, council=city)
    services.scores_save(
        review=higher, actor=personas.other_coordinator, points={"1": "20", "2": "20", "3": "30"}
    )
    services.review_decide(review=higher, actor=personas.other_coordinator, recognised=True)
    bonus = BonusProposal.objects.get()
    with pytest.raises(
        DomainError
    ) as exc:  # no PAR-index assessment of the ward this year: nobody decides yet
        services.bonus_decide(proposal=bonus, actor=personas.appraiser, accept=True)
    assert exc.value.code == "no_assessment"
    with pytest.raises(DomainError):
        services.bonus_decide(
            proposal=bonus, actor=personas.appraiser, accept=False, note="Không thuộc lĩnh vực"
        )
    assert BonusProposal.objects.get().state == "proposed"
    # decided by the round's council: see test_councils_and_bonus.py


def test_other_units_adopt_a_recognised_initiative(org, personas):
    draft = proposal(org, personas, title="Nháp")
    with pytest.raises(DomainError):
        services.adoption_declare(
            initiative=draft, actor=personas.sibling_officer, unit=org.sibling, since=date(2026, 10, 1)
        )
    initiative = recognised(org, personas)
    services.adoption_declare(
        initiative=initiative,
        actor=personas.sibling_officer,
        unit=org.sibling,
        since=date(2026, 10, 1),
        effect="-5'",
    )
    assert [a.unit for a in initiative.adoptions.all()] == [org.sibling]
    with pytest.raises(DomainError):  # twice
        services.adoption_declare(
            initiative=initiative, actor=personas.sibling_officer, unit=org.sibling, since=date(2026, 10, 2)
        )
    with pytest.raises(PermissionDenied):  # for a unit not theirs
        services.adoption_declare(
            initiative=initiative, actor=personas.sibling_officer, unit=org.pc06, since=date(2026, 10, 1)
        )
    with pytest.raises(DomainError):  # the author's own unit
        services.adoption_declare(
            initiative=initiative, actor=personas.ward_officer, unit=org.ward, since=date(2026, 10, 1)
        )
    with pytest.raises(DomainError):
        services.adoption_declare(
            initiative=initiative,
            actor=personas.department_head,
            unit=org.pc06,
            since=timezone.localdate() + timedelta(days=2),
        )


def test_a_contest_takes_entries_its_jury_scores_and_a_winner_becomes_an_initiative(org, personas):
    jury = council(org, personas)
    today = timezone.localdate()
    contest = services.contest_create(
        actor=personas.coordinator,
        jury=jury,
        title="Ý tưởng 2026",
        year=2026,
        opens_on=today,
        closes_on=today,
    )
    entry = services.initiative_create(
        actor=personas.ward_officer,
        unit=org.ward,
        title="Ki-ốt tra cứu",
        authors=[{"name": "Vũ Lan", "share": 100}],
        contest=contest,
        situation_before="a",
        solution="b",
        novelty="c",
        effect_after="d",
    )
    assert entry.kind == "idea"
    services.initiative_submit(initiative=entry, actor=personas.ward_officer)
    services.contest_close(contest=contest, actor=personas.coordinator)
    review = entry.reviews.get()
    with pytest.raises(DomainError):  # still judging
        services.contest_publish(contest=contest, actor=personas.coordinator)
    services.scores_save(review=review, actor=personas.leader, points={"1": "28", "2": "28", "3": "38"})
    services.review_decide(review=review, actor=personas.coordinator, recognised=True, award="Giải Nhất")
    services.contest_publish(contest=contest, actor=personas.coordinator)
    entry.refresh_from_db()
    assert entry.state == "recognised" and not BonusProposal.objects.exists()
    initiative = services.idea_to_initiative(entry=entry, actor=personas.ward_officer)
    assert (
        initiative.kind == "initiative"
        and initiative.state == "draft"
        and initiative.title == "Ki-ốt tra cứu"
    )
    with pytest.raises(DomainError):  # entries after closing are refused
        services.initiative_create(
            actor=personas.ward_officer,
            unit=org.ward,
            title="Muộn",
            authors=[{"name": "A", "share": 100}],
            contest=contest,
        )


def test_report_figures_count_what_the_pages_list(org, personas):
    from cchc.initiatives.figures import initiative_figures
    from cchc.reports.figures import SOURCES

    assert "initiatives" in SOURCES
    initiative = recognised(org, personas)
    services.adoption_declare(
        initiative=initiative, actor=personas.sibling_officer, unit=org.sibling, since=timezone.localdate()
    )
    today = timezone.localdate()
    figures = initiative_figures([org.ward, org.sibling], date(today.year, 1, 1), today)
    assert figures[org.ward.pk] == {"submitted": 1, "recognised": 1, "recognised_province": 0, "adopted": 0}
    assert figures[org.sibling.pk]["adopted"] == 1


def test_the_par_index_rule_counts_recognitions_in_the_window_and_lists_them(org, personas, client):
    from cchc.core import drill
    from cchc.initiatives.parindex_rule import initiatives_measure
    from cchc.parindex import rules as par_rules

    assert "initiatives" in par_rules.SOURCES
    today = timezone.localdate()
    start = date(today.year, 1, 1)
    none = initiatives_measure(org.ward, start, today, {})
    assert (none.numerator, none.percent) == (0, 0)  # had none: 0 %, not "no data"
    recognised(org, personas)
    m = par_rules.measure("initiatives", org.ward, start, today, {"min": 2})
    assert (m.numerator, m.denominator, m.percent) == (1, 2, Decimal("50.00"))
    assert (
        initiatives_measure(org.city, start, today, {"scope": "province"}).numerator == 0
    )  # unit level only
    assert initiatives_measure(org.sibling, start, today, {}).numerator == 0
    listing = drill.listing(personas.coordinator, "initiatives", org.ward, start, today, {"scope": "unit"})
    assert listing.count == m.numerator
    assert (
        drill.listing(personas.other_coordinator, "initiatives", org.ward, start, today, {}).count == 1
    )  # recognised: public
    assert m.records_url.startswith("/so-lieu/?ds=initiatives")


def test_a_two_round_contest_passes_only_the_entries_the_jury_kept(org, personas):
    jury = council(org, personas)
    today = timezone.localdate()
    contest = services.contest_create(
        actor=personas.coordinator,
        jury=jury,
        title="Hai vòng",
        year=2026,
        opens_on=today,
        closes_on=today,
        rounds=2,
    )
    entries = []
    for title in ("Một", "Hai"):
        entry = services.initiative_create(
            actor=personas.ward_officer,
            unit=org.ward,
            title=title,
            authors=[{"name": "A", "share": 100}],
            contest=contest,
            situation_before="a",
            solution="b",
            novelty="c",
            effect_after="d",
        )
        services.initiative_submit(initiative=entry, actor=personas.ward_officer)
        entries.append(entry)
    services.contest_close(contest=contest, actor=personas.coordinator)
    for entry, keep in zip(entries, (True, False), strict=True):
        review = entry.reviews.get(round_no=1)
        services.scores_save(review=review, actor=personas.leader, points={"1": "20", "2": "20", "3": "20"})
        services.review_decide(review=review, actor=personas.coordinator, recognised=keep)
    with pytest.raises(DomainError):  # one round left: not yet
        services.contest_publish(contest=contest, actor=personas.coordinator)
    with pytest.raises(PermissionDenied):
        services.contest_next_round(contest=contest, actor=personas.other_coordinator)
    services.contest_next_round(contest=contest, actor=personas.coordinator)
    assert [e.reviews.filter(round_no=2).count() for e in entries] == [1, 0]
    assert Initiative.objects.get(pk=entries[1].pk).state == "not_recognised"
    final = entries[0].reviews.get(round_no=2)
    services.scores_save(review=final, actor=personas.leader, points={"1": "28", "2": "28", "3": "38"})
    services.review_decide(review=final, actor=personas.coordinator, recognised=True, award="Giải Nhất")
    services.contest_publish(contest=contest, actor=personas.coordinator)
    assert Initiative.objects.get(pk=entries[0].pk).state == "recognised"
