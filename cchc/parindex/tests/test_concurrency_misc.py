"""Writes of one unit's assessment, one round's minutes or one framework's numbering at once (a double click, two
council officers): the second waits for the first and sees what it left — bonuses stay within the cap, the minutes
are numbered once, a member's scores saved twice are saved once, a round's edit never undoes its submission to the
leader, two imports number their versions in turn. Outside a test transaction: each on a connection of its own."""

from __future__ import annotations

import pytest

from cchc.core.errors import DomainError
from cchc.documents.models import IssuedDocument
from tests.concurrency import while_held

from .conftest import SMALL, assessment_of

pytestmark = pytest.mark.django_db(transaction=True)


def _in_round1(par_round, personas):
    from cchc.parindex.models import Round

    par_round.chair = personas.appraiser
    par_round.phase = Round.Phase.ROUND1
    par_round.save()
    return par_round


def test_two_bonuses_at_once_stay_within_the_cap(par_round, org, personas):
    from cchc.parindex import services
    from cchc.parindex.models import Adjustment, Assessment

    pc06 = assessment_of(_in_round1(par_round, personas), org.pc06)

    def bonus(reason):
        def add():
            fresh = Assessment.objects.get(pk=pc06.pk)
            return services.adjustment_add(
                assessment=fresh, actor=personas.appraiser, kind="bonus", points="1,5", reason=reason
            ).points

        return add

    given, refused = while_held(bonus("Sáng kiến"), bonus("Giải thưởng"))
    assert not isinstance(given, BaseException), given
    assert isinstance(refused, DomainError) and refused.code == "bonus_over_cap", refused
    assert Adjustment.objects.filter(assessment=pc06).count() == 1  # the cap is 2 points


def test_a_members_scores_saved_twice_at_once_are_saved_once(par_round, org, personas):
    from cchc.parindex import council
    from cchc.parindex.models import Assessment, MemberScore

    pc06 = assessment_of(_in_round1(par_round, personas), org.pc06)

    def save():
        fresh = Assessment.objects.get(pk=pc06.pk)
        return council.member_score_save(
            assessment=fresh, actor=personas.appraiser, round_no=1, entries={"1.1": {"score": "3"}}
        )

    assert while_held(save, save) == [1, 0]
    assert MemberScore.objects.filter(score__assessment=pc06).count() == 1


def test_the_minutes_drawn_up_twice_at_once_are_numbered_once(par_round, personas):
    from cchc.parindex import council
    from cchc.parindex.models import CouncilMinutes, Round

    rnd = _in_round1(par_round, personas)
    documents = IssuedDocument.objects.count()

    def minutes():
        fresh = Round.objects.get(pk=rnd.pk)
        return council.minutes_create(rnd=fresh, actor=personas.appraiser, round_no=1).document_id

    first, second = while_held(minutes, minutes)
    assert isinstance(first, int), first
    assert second == first
    assert CouncilMinutes.objects.filter(round=rnd).count() == 1
    assert IssuedDocument.objects.count() == documents + 1


def test_a_round_edited_while_submitted_to_the_leader_stays_submitted(par_round, personas):
    from cchc.parindex import services
    from cchc.parindex.models import Round

    from .test_views import _appraise_round2

    _appraise_round2(par_round, personas)

    def request_publication():
        fresh = Round.objects.get(pk=par_round.pk)
        return services.round_request_publication(
            rnd=fresh, actor=personas.coordinator, confirm_unsubmitted=True
        ).phase

    def edit():
        fresh = Round.objects.get(pk=par_round.pk)  # read before the submission commits: round 2
        return services.round_update(rnd=fresh, actor=personas.coordinator, data={"note": "Ghi chú"}).phase

    phase, refused = while_held(request_publication, edit)
    assert phase == Round.Phase.APPROVAL
    assert isinstance(refused, DomainError) and refused.code == "round_awaiting_approval", refused
    par_round.refresh_from_db()
    assert par_round.phase == Round.Phase.APPROVAL


def test_two_imports_of_one_framework_at_once_number_their_versions_in_turn():
    from cchc.parindex import services

    def imported():
        return services.framework_import(document=SMALL).version

    assert sorted(while_held(imported, imported)) == [1, 2]


def test_a_self_score_saved_while_the_unit_submits_is_refused(par_round, org, personas):
    from cchc.parindex import services
    from cchc.parindex.models import Assessment

    from .test_workflow import _complete_self

    ward = assessment_of(par_round, org.ward)
    _complete_self(ward, personas.ward_officer)

    def submit():
        fresh = Assessment.objects.get(pk=ward.pk)
        return services.self_assessment_submit(assessment=fresh, actor=personas.ward_officer).status

    def save():
        fresh = Assessment.objects.get(pk=ward.pk)  # read before the submission commits: a draft
        return services.self_assessment_save(
            assessment=fresh, actor=personas.ward_officer, entries={"1.1": {"self": "1"}}
        )

    status, refused = while_held(submit, save)
    assert status == Assessment.Status.AWAITING_HEAD
    assert isinstance(refused, DomainError) and refused.code == "assessment_submitted", refused
    assert ward.scores.get(criterion__code="1.1").self_score == 3.5  # the submitted score stands


def test_an_appraisal_saved_while_the_round_moves_on_is_refused(par_round, org, personas):
    """The council's round-1 score saved as the coordinator closes round 1: the save waits for the change of phase
    and is refused; before, it landed in round 1 after the round had moved on."""
    from cchc.parindex import services
    from cchc.parindex.models import Assessment, Round

    Round.objects.filter(pk=par_round.pk).update(phase=Round.Phase.ROUND1)
    ward = assessment_of(par_round, org.ward)

    def advance():
        rnd = Round.objects.get(pk=par_round.pk)
        return services.round_advance(rnd=rnd, actor=personas.coordinator, confirm=True).phase

    def score():
        fresh = Assessment.objects.select_related("round").get(pk=ward.pk)  # read in round 1
        return services.appraisal_save(
            assessment=fresh, actor=personas.appraiser, round_no=1, entries={"1.1": {"score": "2"}}
        )

    phase, refused = while_held(advance, score)
    assert phase == Round.Phase.EXPLANATION
    assert isinstance(refused, DomainError) and refused.code == "wrong_phase", refused
    assert ward.scores.get(criterion__code="1.1").round1 is None
