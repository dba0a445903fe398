"""Deadlines: self-assessment after the round's deadline is refused until a coordinator reopens it for the unit, and
a submission then is marked late."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.parindex import services

from .conftest import assessment_of

pytestmark = pytest.mark.django_db

ENTRIES = {c: {"self": "1", "no_evidence_note": "Lưu tại đơn vị"} for c in ("1.1", "1.2", "2.1")}


def test_after_the_deadline_the_unit_waits_for_a_reopening(par_round, org, personas, login):
    today = timezone.localdate()
    par_round.self_due = today - timedelta(days=1)
    par_round.save()
    a = assessment_of(par_round, org.pc06)
    head = personas.department_head
    with pytest.raises(DomainError) as late:
        services.self_assessment_save(assessment=a, actor=head, entries=ENTRIES)
    assert late.value.code == "self_deadline_passed"
    client = login(head)
    page = client.get(reverse("parindex:assessment", args=[a.pk])).content.decode()
    assert 'data-testid="deadline-passed"' in page
    r = client.post(reverse("parindex:assessment", args=[a.pk]), {"action": "save_self", "self-1.1": "1"})
    assert r.status_code == 400 and a.scores.get(criterion__code="1.1").self_score is None
    # Only the coordinator managing the round reopens, not the unit nor a coordinator elsewhere.
    for refused in (head, personas.other_coordinator, personas.appraiser):
        with pytest.raises(PermissionDenied):
            services.self_assessment_reopen(assessment=a, actor=refused, until=today)
    with pytest.raises(DomainError):
        services.self_assessment_reopen(
            assessment=a, actor=personas.coordinator, until=today - timedelta(days=1)
        )
    r = login(personas.coordinator).post(
        reverse("parindex:assessment", args=[a.pk]), {"action": "reopen", "until": today.isoformat()}
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.reopened_until == today
    services.self_assessment_save(assessment=a, actor=head, entries=ENTRIES)
    services.self_assessment_submit(assessment=a, actor=head)
    assert a.late and a.submitted_at is not None
    assert (
        'data-testid="late"' in login(head).get(reverse("parindex:assessment", args=[a.pk])).content.decode()
    )
    # the ward was not reopened
    ward = assessment_of(par_round, org.ward)
    with pytest.raises(DomainError):
        services.self_assessment_save(assessment=ward, actor=personas.ward_officer, entries=ENTRIES)


def test_on_time_is_not_late(par_round, org, personas):
    par_round.self_due = timezone.localdate()
    par_round.save()
    a = assessment_of(par_round, org.pc06)
    services.self_assessment_save(assessment=a, actor=personas.department_head, entries=ENTRIES)
    services.self_assessment_submit(assessment=a, actor=personas.department_head)
    assert not a.late
