"""Conflicts of interest in unit reports: the head's own report is sent as approved; nobody approves, accepts or
returns a report they sent; the coordinator does not accept or return a report of a unit they belong to; a
coordinator approves for a unit with no head account, and the report's history says so."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cchc.orgs.scope import forget_scope
from cchc.reports import services
from cchc.reports.models import Status, SubmissionEvent
from tests.factories import member

from .support import make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(org, personas):
    return make_period(org, due=date(2026, 9, 10))


def url_sub(sub):
    return f"/bao-cao/nop/{sub.pk}/"


def _join(user, unit, role="staff"):
    member(user, unit, role)
    forget_scope(user)
    return user


def test_the_heads_own_report_is_sent_approved(org, personas, period):
    sub = services.submission_submit(
        submission=period.submissions.get(unit=org.ward), actor=personas.ward_head
    )
    assert sub.status == Status.APPROVED and sub.approved_by == personas.ward_head
    assert list(sub.events.values_list("action", flat=True)) == [
        SubmissionEvent.Action.SUBMIT,
        SubmissionEvent.Action.APPROVE,
    ]
    services.submission_accept(submission=sub, actor=personas.coordinator)


def test_a_head_who_sent_the_report_cannot_approve_it(org, personas, period, login):
    sub = period.submissions.get(unit=org.ward)
    services.submission_submit(submission=sub, actor=personas.ward_officer)
    acting_head = _join(personas.ward_officer, org.ward, "head")  # made acting head after sending
    with pytest.raises(PermissionDenied, match="người lập"):
        services.submission_approve(submission=sub, actor=acting_head)
    client = login(acting_head)
    assert 'value="approve"' not in client.get(url_sub(sub)).content.decode()
    assert client.post(url_sub(sub), {"action": "approve"}).status_code == 403
    sub.refresh_from_db()
    assert sub.status == Status.SUBMITTED
    services.submission_approve(submission=sub, actor=personas.ward_head)


def test_coordinator_approves_for_a_unit_with_no_head_account(org, personas, period, login):
    sibling_sub = period.submissions.get(unit=org.sibling)  # sibling B has no head account
    ward_sub = period.submissions.get(unit=org.ward)
    services.submission_submit(submission=sibling_sub, actor=personas.sibling_officer)
    services.submission_submit(submission=ward_sub, actor=personas.ward_officer)
    client = login(personas.coordinator)
    home = client.get("/").content.decode()
    assert (
        "Báo cáo chờ thủ trưởng duyệt" in home
        and url_sub(sibling_sub) in home
        and url_sub(ward_sub) not in home
    )
    page = client.get(url_sub(sibling_sub)).content.decode()
    assert 'value="approve"' in page and "Duyệt thay thủ trưởng" in page
    assert (
        client.post(url_sub(sibling_sub), {"action": "approve", "comment": "Đủ nội dung"}).status_code == 302
    )
    sibling_sub.refresh_from_db()
    assert sibling_sub.status == Status.APPROVED and sibling_sub.approved_by == personas.coordinator
    event = sibling_sub.events.get(action=SubmissionEvent.Action.APPROVE)
    assert (
        event.actor == personas.coordinator
        and "duyệt thay" in event.comment
        and "Đủ nội dung" in event.comment
    )
    services.submission_accept(submission=sibling_sub, actor=personas.coordinator)
    # ward A has a head: the coordinator is not shown the action and may not take it
    assert 'value="approve"' not in client.get(url_sub(ward_sub)).content.decode()
    assert client.post(url_sub(ward_sub), {"action": "approve"}).status_code == 403


def test_coordinator_who_belongs_to_the_unit_cannot_accept_or_return_its_report(org, personas, period, login):
    ward_sub, sibling_sub = period.submissions.get(unit=org.ward), period.submissions.get(unit=org.sibling)
    services.submission_submit(submission=ward_sub, actor=personas.ward_officer)
    services.submission_approve(submission=ward_sub, actor=personas.ward_head)
    services.submission_submit(submission=sibling_sub, actor=personas.sibling_officer)
    services.submission_approve(submission=sibling_sub, actor=personas.coordinator)
    coordinator = _join(personas.coordinator, org.ward)
    with pytest.raises(PermissionDenied, match="xung đột lợi ích"):
        services.submission_accept(submission=ward_sub, actor=coordinator)
    with pytest.raises(PermissionDenied):
        services.submission_return(submission=ward_sub, actor=coordinator, comment="Bổ sung")
    client = login(coordinator)
    page = client.get(url_sub(ward_sub)).content.decode()
    assert 'value="accept"' not in page and 'value="return"' not in page
    assert client.post(url_sub(ward_sub), {"action": "accept"}).status_code == 403
    ward_sub.refresh_from_db()
    assert ward_sub.status == Status.APPROVED
    assert 'value="accept"' in client.get(url_sub(sibling_sub)).content.decode()
    services.submission_accept(submission=sibling_sub, actor=coordinator)


def test_coordinator_who_sent_a_units_report_neither_approves_nor_accepts_it(org, personas, period):
    sub = period.submissions.get(unit=org.sibling)
    services.submission_submit(submission=sub, actor=personas.coordinator)  # they enter data for the subtree
    with pytest.raises(PermissionDenied, match="người lập"):
        services.submission_approve(submission=sub, actor=personas.coordinator)
    services.submission_approve(submission=sub, actor=personas.admin)
    with pytest.raises(PermissionDenied, match="người lập"):
        services.submission_accept(submission=sub, actor=personas.coordinator)
    services.submission_accept(submission=sub, actor=personas.admin)
