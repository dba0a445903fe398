"""Conflicts of interest in the review of flagged responses: an accepted response counts in the unit's satisfaction
score, so a coordinator does not review the responses of a unit they belong to, nor a paper form they typed in."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from cchc.orgs.scope import forget_scope
from cchc.surveys import answering, selectors, services
from cchc.surveys.catalog import get_questionnaire
from cchc.surveys.models import Origin, Response, Status
from tests.factories import member

pytestmark = pytest.mark.django_db
Q = get_questionnaire("sipas_citizen", 1)


def _flagged(survey, unit, *, entered_by=None):
    response = services.response_record(
        survey=survey,
        unit_id=unit.pk,
        origin=Origin.PAPER if entered_by else Origin.QR,
        reading=answering.read_answers(Q, {"q1": "1", "comment": ""}),
        flags=["duplicate"],
    )
    if entered_by:
        Response.objects.filter(pk=response.pk).update(entered_by=entered_by)
        response.refresh_from_db()
    return response


def test_coordinator_does_not_review_the_responses_of_their_own_unit(org, personas, login, survey):
    member(personas.coordinator, org.pc06, "staff")
    forget_scope(personas.coordinator)
    own, other = _flagged(survey, org.pc06), _flagged(survey, org.ward)
    assert list(selectors.review_queue(personas.coordinator)) == [other]
    with pytest.raises(PermissionDenied, match="xung đột lợi ích"):
        services.response_review(response=own, accept=True, user=personas.coordinator)
    client = login(personas.coordinator)
    assert client.post(f"/khao-sat/xem-xet/{own.pk}/", {"decision": "accept"}).status_code == 403
    own.refresh_from_db()
    assert own.status == Status.FLAGGED
    client.post(f"/khao-sat/xem-xet/{other.pk}/", {"decision": "accept"})
    other.refresh_from_db()
    assert other.status == Status.ACCEPTED


def test_coordinator_does_not_review_a_paper_form_they_typed_in(org, personas, survey):
    typed = _flagged(survey, org.ward, entered_by=personas.coordinator)
    assert typed not in selectors.review_queue(personas.coordinator)
    with pytest.raises(PermissionDenied, match="người lập"):
        services.response_review(response=typed, accept=True, user=personas.coordinator)
    services.response_review(response=typed, accept=False, user=personas.admin)


def test_only_a_coordinator_managing_the_unit_reviews_a_flagged_response(org, personas, survey):
    flagged = _flagged(survey, org.ward)
    with pytest.raises(PermissionDenied, match="đầu mối"):
        services.response_review(response=flagged, accept=True, user=personas.ward_head)
    flagged.refresh_from_db()
    assert flagged.status == Status.FLAGGED
    services.response_review(response=flagged, accept=True, user=personas.coordinator)
