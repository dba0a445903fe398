"""Conflicts of interest: nobody appraises a unit they belong to or a self-assessment they submitted; the head
approves what staff submitted (never their own), and a coordinator approves for a unit with no head account."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cchc.orgs.scope import forget_scope
from cchc.parindex import council, services
from cchc.parindex.models import Adjustment, Assessment, MemberScore, Round
from tests.factories import member

from .conftest import assessment_of

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"parindex:{name}", args=args)


def _complete_self(a, actor):
    services.self_assessment_save(
        assessment=a,
        actor=actor,
        entries={
            code: {"self": v, "note": "Đã làm", "no_evidence_note": "Lưu tại đơn vị"}
            for code, v in {"1.1": "3.5", "1.2": "2", "2.1": "2"}.items()
        },
    )


def _join(user, unit, role="staff"):
    member(user, unit, role)
    forget_scope(user)
    return user


@pytest.fixture
def round1(par_round, org):
    """The test round over PC06, ward A and sibling B, in appraisal round 1."""
    services.round_set_units(round=par_round, units=[org.sibling])
    par_round.phase = Round.Phase.ROUND1
    par_round.save()
    return par_round


def test_appraiser_who_is_staff_of_ward_a_cannot_score_it_but_scores_sibling_b(round1, org, personas):
    appraiser = _join(personas.appraiser, org.ward)
    ward, sibling = assessment_of(round1, org.ward), assessment_of(round1, org.sibling)
    with pytest.raises(PermissionDenied, match="xung đột lợi ích"):
        services.appraisal_save(assessment=ward, actor=appraiser, round_no=1, entries={"1.1": {"score": "3"}})
    with pytest.raises(PermissionDenied):
        services.adjustment_add(
            assessment=ward, actor=appraiser, kind="bonus", points="1", reason="Sáng kiến"
        )
    assert ward.scores.filter(round1__isnull=False).count() == 0
    assert services.appraisal_save(
        assessment=sibling, actor=appraiser, round_no=1, entries={"1.1": {"score": "3"}}
    )
    assert sibling.scores.get(criterion__code="1.1").round1 == 3


def test_the_view_hides_appraisal_of_ones_own_unit_and_refuses_a_forged_post(round1, org, personas, login):
    _join(personas.appraiser, org.ward)
    ward, sibling = assessment_of(round1, org.ward), assessment_of(round1, org.sibling)
    client = login(personas.appraiser)
    page = client.get(url("assessment", ward.pk))
    assert page.status_code == 200  # the council still reads it
    html = page.content.decode()
    assert 'name="r1-1.1"' not in html and 'value="appraise"' not in html
    assert 'data-testid="conflict"' in html and "xung đột lợi ích" in html
    assert client.post(url("assessment", ward.pk), {"action": "appraise", "r1-1.1": "4"}).status_code == 403
    assert (
        client.post(
            url("adjustment_add", ward.pk), {"kind": "bonus", "points": "1", "reason": "x"}
        ).status_code
        == 403
    )
    assert ward.scores.get(criterion__code="1.1").round1 is None
    assert not Adjustment.objects.filter(assessment=ward).exists()
    # the sibling ward is appraised as before
    assert 'name="r1-1.1"' in client.get(url("assessment", sibling.pk)).content.decode()
    assert (
        client.post(url("assessment", sibling.pk), {"action": "appraise", "r1-1.1": "4"}).status_code == 302
    )
    assert sibling.scores.get(criterion__code="1.1").round1 == 4


def test_coordinator_on_the_council_who_is_a_member_of_the_unit_cannot_score_it(round1, org, personas):
    round1.council.add(personas.coordinator)
    round1.chair = personas.coordinator
    round1.save()
    coordinator = _join(personas.coordinator, org.ward)
    ward, pc06 = assessment_of(round1, org.ward), assessment_of(round1, org.pc06)
    with pytest.raises(PermissionDenied):
        services.appraisal_save(
            assessment=ward, actor=coordinator, round_no=1, entries={"1.1": {"score": "2"}}
        )
    with pytest.raises(PermissionDenied):  # nor their own member score
        council.member_score_save(
            assessment=ward, actor=coordinator, round_no=1, entries={"1.1": {"score": "2"}}
        )
    assert not MemberScore.objects.filter(score__assessment=ward).exists()
    council.member_score_save(assessment=pc06, actor=coordinator, round_no=1, entries={"1.1": {"score": "2"}})
    services.appraisal_save(assessment=pc06, actor=coordinator, round_no=1, entries={"1.1": {"score": "2"}})


def test_council_member_who_submitted_the_self_assessment_cannot_appraise_it(par_round, org, personas):
    # The coordinator enters data for the whole subtree; having submitted PC06's self-assessment, they may not
    # appraise it even though they sit on the council.
    par_round.council.add(personas.coordinator)
    par_round.chair = personas.appraiser
    par_round.save()
    pc06 = assessment_of(par_round, org.pc06)
    _complete_self(pc06, personas.coordinator)
    services.self_assessment_submit(assessment=pc06, actor=personas.coordinator)
    par_round.phase = Round.Phase.ROUND1
    par_round.save()
    with pytest.raises(PermissionDenied, match="người lập"):
        council.member_score_save(
            assessment=pc06, actor=personas.coordinator, round_no=1, entries={"1.1": {"score": "2"}}
        )
    services.appraisal_save(
        assessment=pc06, actor=personas.appraiser, round_no=1, entries={"1.1": {"score": "2"}}
    )


def test_a_head_never_approves_the_self_assessment_they_submitted(par_round, org, personas, login):
    ward = assessment_of(par_round, org.ward)
    _complete_self(ward, personas.ward_officer)
    services.self_assessment_submit(assessment=ward, actor=personas.ward_officer)
    assert ward.status == Assessment.Status.AWAITING_HEAD
    acting_head = _join(personas.ward_officer, org.ward, "head")  # made acting head after submitting
    with pytest.raises(PermissionDenied, match="người lập"):
        services.self_assessment_approve(assessment=ward, actor=acting_head)
    client = login(acting_head)
    assert 'value="approve"' not in client.get(url("assessment", ward.pk)).content.decode()
    assert client.post(url("assessment", ward.pk), {"action": "approve"}).status_code == 403
    ward.refresh_from_db()
    assert ward.status == Assessment.Status.AWAITING_HEAD
    services.self_assessment_approve(assessment=ward, actor=personas.ward_head)
    assert ward.status == Assessment.Status.SUBMITTED and ward.approved_by == personas.ward_head


def test_coordinator_approves_for_a_unit_with_no_head_account(par_round, org, personas, login):
    services.round_set_units(round=par_round, units=[org.sibling])
    sibling, ward = assessment_of(par_round, org.sibling), assessment_of(par_round, org.ward)
    for a, staff in ((sibling, personas.sibling_officer), (ward, personas.ward_officer)):
        _complete_self(a, staff)
        services.self_assessment_submit(assessment=a, actor=staff)
    client = login(personas.coordinator)
    page = client.get(url("assessment", sibling.pk)).content.decode()
    assert 'value="approve"' in page  # sibling B has no head: the coordinator is shown the action
    assert client.post(url("assessment", sibling.pk), {"action": "approve"}).status_code == 302
    sibling.refresh_from_db()
    assert sibling.status == Assessment.Status.SUBMITTED and sibling.approved_by == personas.coordinator
    assert personas.coordinator.display_name in client.get(url("assessment", sibling.pk)).content.decode()
    # ward A has a head: the head approves, not the coordinator
    assert 'value="approve"' not in client.get(url("assessment", ward.pk)).content.decode()
    with pytest.raises(PermissionDenied):
        services.self_assessment_approve(assessment=ward, actor=personas.coordinator)


def test_only_a_heads_own_submission_is_approved_at_once_not_an_administrators(par_round, org, personas):
    ward = assessment_of(par_round, org.ward)
    _complete_self(ward, personas.ward_head)
    services.self_assessment_submit(assessment=ward, actor=personas.ward_head)
    assert ward.status == Assessment.Status.SUBMITTED and ward.approved_by == personas.ward_head
    services.round_set_units(round=par_round, units=[org.sibling])
    sibling = assessment_of(par_round, org.sibling)
    _complete_self(sibling, personas.admin)
    services.self_assessment_submit(assessment=sibling, actor=personas.admin)  # entered for the unit
    assert sibling.status == Assessment.Status.AWAITING_HEAD and sibling.approved_by is None
    with pytest.raises(PermissionDenied, match="người lập"):
        services.self_assessment_approve(assessment=sibling, actor=personas.admin)
    services.self_assessment_approve(assessment=sibling, actor=personas.coordinator)  # sibling B has no head
    assert sibling.status == Assessment.Status.SUBMITTED and sibling.approved_by == personas.coordinator
