"""The review queue's selectors: reports waiting for a head's confirmation (or the stand-in coordinator's) and
confirmed reports waiting for the plan's coordinator, without the reports one wrote or one's own unit's."""

from __future__ import annotations

import pytest

from cchc.orgs.scope import forget_scope
from cchc.plans import selectors, services
from cchc.plans.models import Assignment
from tests.factories import member

from .helpers import issued_plan

pytestmark = pytest.mark.django_db


def _report(plan, unit, user):
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=unit)
    return services.progress_submit(
        assignment=a, user=user, text="Đã rà soát", status="in_progress", percent=50
    )


def test_reports_to_confirm_go_to_the_units_head_or_the_stand_in_coordinator(org, personas):
    plan = issued_plan(org, personas)
    ward = _report(plan, org.ward, personas.ward_officer)
    sibling = _report(plan, org.sibling, personas.sibling_officer)  # ward B has no head account
    assert selectors.updates_to_confirm(personas.ward_head) == [ward]
    assert selectors.updates_to_confirm(personas.ward_officer) == []  # staff confirm nothing
    assert selectors.updates_to_confirm(personas.coordinator) == [sibling]  # stands in for the missing head
    assert selectors.updates_to_confirm(personas.other_coordinator) == []


def test_reports_to_accept_leave_out_ones_own_unit_and_ones_own_reports(org, personas, login):
    plan = issued_plan(org, personas)
    update = _report(plan, org.ward, personas.ward_officer)
    services.progress_confirm(update=update, user=personas.ward_head)
    assert list(selectors.updates_to_accept(personas.coordinator)) == [update]
    assert not selectors.updates_to_accept(personas.ward_head).exists()  # heads manage nothing
    assert not selectors.updates_to_accept(personas.other_coordinator).exists()
    page = login(personas.coordinator).get("/ke-hoach/cho-duyet/").content.decode()
    assert f"/ke-hoach/phan-cong/{update.assignment_id}/" in page
    member(personas.coordinator, org.ward, "staff")  # now belongs to the reporting unit
    forget_scope(personas.coordinator)
    assert not selectors.updates_to_accept(personas.coordinator).exists()
