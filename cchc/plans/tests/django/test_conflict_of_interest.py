"""Conflicts of interest in progress reports: nobody confirms a report they wrote; the plan's coordinator does not
accept or return a report they wrote or one of a unit they belong to; a coordinator confirms for a unit with no
head account."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cchc.orgs.scope import forget_scope
from cchc.plans import services
from cchc.plans.models import Assignment, ProgressUpdate
from tests.factories import member, person

from .helpers import issued_plan

pytestmark = pytest.mark.django_db


def _join(user, unit, role="staff", **kwargs):
    member(user, unit, role, **kwargs)
    forget_scope(user)
    return user


def _report(plan, unit, user):
    a = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=unit)
    return services.progress_submit(
        assignment=a, user=user, text="Đã rà soát", status="in_progress", percent=50
    )


def test_a_head_who_wrote_the_report_cannot_confirm_it(org, personas, login):
    plan = issued_plan(org, personas)
    update = _report(plan, org.ward, personas.ward_officer)
    acting_head = _join(personas.ward_officer, org.ward, "head")  # made acting head after reporting
    with pytest.raises(PermissionDenied, match="người lập"):
        services.progress_confirm(update=update, user=acting_head)
    client = login(acting_head)
    page = client.get(f"/ke-hoach/phan-cong/{update.assignment_id}/").content.decode()
    assert "Xác nhận báo cáo" not in page
    assert client.post(f"/ke-hoach/bao-cao/{update.pk}/xac-nhan/").status_code == 403
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.SUBMITTED
    services.progress_confirm(update=update, user=personas.ward_head)  # another head of the unit may


def test_a_head_above_who_reported_for_a_ward_cannot_confirm_their_own_report(org, personas):
    city_head = _join(person("giamdoc.hp"), org.city, "head", data_scope="subtree")
    plan = issued_plan(org, personas)
    update = _report(plan, org.ward, city_head)
    assert update.state == ProgressUpdate.State.SUBMITTED  # not the ward's head: the report waits
    with pytest.raises(PermissionDenied):
        services.progress_confirm(update=update, user=city_head)
    services.progress_confirm(update=update, user=personas.ward_head)


def test_coordinator_confirms_for_a_unit_with_no_head_account(org, personas, login):
    plan = issued_plan(org, personas)
    sibling_update = _report(plan, org.sibling, personas.sibling_officer)  # sibling B has no head
    ward_update = _report(plan, org.ward, personas.ward_officer)
    client = login(personas.coordinator)
    page = client.get(f"/ke-hoach/phan-cong/{sibling_update.assignment_id}/").content.decode()
    assert "Xác nhận báo cáo" in page
    assert sibling_update in client.get("/ke-hoach/cho-duyet/").context["to_confirm"]
    assert client.post(f"/ke-hoach/bao-cao/{sibling_update.pk}/xac-nhan/").status_code == 302
    sibling_update.refresh_from_db()
    assert sibling_update.state == ProgressUpdate.State.CONFIRMED
    assert sibling_update.confirmed_by == personas.coordinator
    services.progress_accept(update=sibling_update, user=personas.coordinator, today=date(2026, 3, 1))
    # ward A has a head: the coordinator does not confirm in the head's place
    with pytest.raises(PermissionDenied):
        services.progress_confirm(update=ward_update, user=personas.coordinator)


def test_coordinator_who_belongs_to_the_unit_cannot_accept_or_return_its_report(org, personas, login):
    plan = issued_plan(org, personas)
    ward_update = _report(plan, org.ward, personas.ward_officer)
    services.progress_confirm(update=ward_update, user=personas.ward_head)
    sibling_update = _report(plan, org.sibling, personas.sibling_officer)
    services.progress_confirm(update=sibling_update, user=personas.coordinator)
    coordinator = _join(personas.coordinator, org.ward)
    with pytest.raises(PermissionDenied, match="xung đột lợi ích"):
        services.progress_accept(update=ward_update, user=coordinator)
    with pytest.raises(PermissionDenied):
        services.progress_return(update=ward_update, user=coordinator, comment="Thiếu minh chứng")
    client = login(coordinator)
    queue = list(client.get("/ke-hoach/cho-duyet/").context["page"].object_list)
    assert sibling_update in queue and ward_update not in queue
    page = client.get(f"/ke-hoach/phan-cong/{ward_update.assignment_id}/").content.decode()
    assert "Tiếp nhận</button>" not in page
    assert client.post(f"/ke-hoach/bao-cao/{ward_update.pk}/tiep-nhan/").status_code == 403
    ward_update.refresh_from_db()
    assert ward_update.state == ProgressUpdate.State.CONFIRMED
    services.progress_accept(update=sibling_update, user=coordinator, today=date(2026, 3, 1))


def test_coordinator_does_not_accept_a_report_they_wrote(org, personas):
    plan = issued_plan(org, personas)
    update = _report(plan, org.sibling, personas.coordinator)  # they enter data for the subtree
    with pytest.raises(PermissionDenied):
        services.progress_confirm(update=update, user=personas.coordinator)
    admin = personas.admin
    services.progress_confirm(update=update, user=admin)
    with pytest.raises(PermissionDenied, match="người lập"):
        services.progress_accept(update=update, user=personas.coordinator)
