"""Two changes of one review or initiative at once (a double click, two officers): the second waits for the first
and is refused with a clear message — one conclusion numbered, one review opened. Outside a test transaction: each
change on a connection of its own."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.documents.models import IssuedDocument
from cchc.initiatives import services
from cchc.initiatives.models import Adoption, Contest, Initiative, Review
from tests.concurrency import while_held

from .support import council, proposal, recognised

pytestmark = pytest.mark.django_db(transaction=True)


def _submitted(org, personas) -> Initiative:
    initiative = proposal(org, personas)
    services.initiative_submit(initiative=initiative, actor=personas.ward_officer)
    return initiative


def test_a_double_decision_is_numbered_once(org, personas):
    initiative = _submitted(org, personas)
    review = services.review_open(
        initiative=initiative, actor=personas.coordinator, council=council(org, personas)
    )
    for member in (personas.leader, personas.appraiser):
        services.scores_save(review=review, actor=member, points={"1": "25", "2": "25", "3": "30"})
    documents = IssuedDocument.objects.count()

    def decide():
        fresh = Review.objects.get(pk=review.pk)  # each request reads the review before deciding
        return services.review_decide(review=fresh, actor=personas.coordinator, recognised=True).outcome

    outcome, refused = while_held(decide, decide)
    assert outcome == Review.Outcome.RECOGNISED
    assert isinstance(refused, DomainError) and refused.code == "already_decided", refused
    assert IssuedDocument.objects.count() == documents + 2  # one minutes, one decision


def test_a_double_opening_opens_one_review(org, personas):
    initiative = _submitted(org, personas)
    board = council(org, personas)

    def open_review():
        fresh = Initiative.objects.get(pk=initiative.pk)
        return services.review_open(initiative=fresh, actor=personas.coordinator, council=board).pk

    opened, refused = while_held(open_review, open_review)
    assert isinstance(opened, int)
    assert isinstance(refused, DomainError) and refused.code == "wrong_state", refused
    assert Review.objects.filter(initiative=initiative).count() == 1


def test_a_score_saved_while_the_council_concludes_is_refused(org, personas):
    initiative = _submitted(org, personas)
    review = services.review_open(
        initiative=initiative, actor=personas.coordinator, council=council(org, personas)
    )
    services.scores_save(review=review, actor=personas.leader, points={"1": "25", "2": "25", "3": "30"})

    def decide():
        fresh = Review.objects.get(pk=review.pk)
        return services.review_decide(review=fresh, actor=personas.coordinator, recognised=True).score

    def score():
        fresh = Review.objects.get(pk=review.pk)
        return services.scores_save(
            review=fresh, actor=personas.appraiser, points={"1": "5", "2": "5", "3": "5"}
        )

    decided, refused = while_held(decide, score)
    assert decided is not None
    assert not isinstance(decided, BaseException), decided
    assert isinstance(refused, PermissionDenied), refused
    review.refresh_from_db()
    assert review.score == decided  # the concluded score stands


def test_an_adoption_declared_twice_at_once_is_declared_once(org, personas):
    initiative = recognised(org, personas)

    def declare():
        fresh = Initiative.objects.get(pk=initiative.pk)
        return services.adoption_declare(
            initiative=fresh, actor=personas.sibling_officer, unit=org.sibling, since=date(2026, 10, 1)
        ).pk

    declared, refused = while_held(declare, declare)
    assert isinstance(declared, int), declared
    assert isinstance(refused, DomainError) and refused.code == "already_adopted", refused
    assert Adoption.objects.filter(initiative=initiative).count() == 1


def test_a_contest_closed_twice_at_once_sends_each_entry_to_the_jury_once(org, personas):
    today = timezone.localdate()
    contest = services.contest_create(
        actor=personas.coordinator, jury=council(org, personas), title="Ý tưởng", year=2026, opens_on=today,
        closes_on=today,
    )  # fmt: skip
    entry = services.initiative_create(
        actor=personas.ward_officer, unit=org.ward, title="Ki-ốt tra cứu", authors=[{"name": "Vũ Lan", "share": 100}],
        contest=contest, situation_before="a", solution="b", novelty="c", effect_after="d",
    )  # fmt: skip
    services.initiative_submit(initiative=entry, actor=personas.ward_officer)

    def close():
        fresh = Contest.objects.get(pk=contest.pk)
        return services.contest_close(contest=fresh, actor=personas.coordinator).state

    state, refused = while_held(close, close)
    assert state == Contest.State.JUDGING
    assert isinstance(refused, DomainError) and refused.code == "contest_not_open", refused
    assert Review.objects.filter(initiative=entry).count() == 1
