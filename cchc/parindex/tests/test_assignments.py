"""The province's own index: the coordinator hands criteria to departments, each self-scores only its own and sends
them; the compiled self-assessment waits for every department."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cchc.core.errors import DomainError
from cchc.parindex import assignments, services
from cchc.parindex.models import Assessment, CriterionAssignment, Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def province(small_framework, org, personas):
    """The city police's own assessment (as the Ministry assesses it), in the self-assessment phase."""
    rnd = services.round_create(
        actor=personas.coordinator, framework=small_framework, owner_unit=org.city, name="Chỉ số CCHC của CATP 2026",
        units=[org.city], evidence_from=date(2025, 9, 15), evidence_to=date(2026, 9, 14), council=[],
    )  # fmt: skip
    rnd.phase = Round.Phase.SELF
    rnd.save()
    return rnd.assessments.get()


def url(name, *args):
    return reverse(f"parindex:{name}", args=args)


def test_departments_score_only_what_is_handed_to_them(province, org, personas, login):
    a = province
    with pytest.raises(PermissionDenied):  # a department head does not hand out criteria
        assignments.criteria_assign(assessment=a, actor=personas.department_head, mapping={"1.1": org.pc06})
    with pytest.raises(DomainError):  # nor to a unit outside the organiser
        assignments.criteria_assign(assessment=a, actor=personas.coordinator, mapping={"1.1": org.other_dept})
    assignments.criteria_assign(
        assessment=a, actor=personas.coordinator, mapping={"1.1": org.pc06, "1.2": org.pc06, "2.1": org.ward}
    )
    assert CriterionAssignment.objects.filter(assessment=a).count() == 3
    head = personas.department_head
    assert assignments.assigned_codes(head, a) == {"1.1", "1.2"}
    with pytest.raises(PermissionDenied, match=r"2\.1"):
        assignments.assigned_self_save(assessment=a, actor=head, entries={"2.1": {"self": "1"}})
    with pytest.raises(PermissionDenied):  # the sibling ward holds nothing here
        assignments.assigned_self_save(
            assessment=a, actor=personas.sibling_officer, entries={"1.1": {"self": "1"}}
        )
    with pytest.raises(DomainError, match=r"1\.2"):  # sending needs every handed criterion scored
        assignments.assigned_self_save(assessment=a, actor=head, entries={"1.1": {"self": "3"}}, send=True)
    assignments.assigned_self_save(
        assessment=a,
        actor=head,
        entries={"1.1": {"self": "3", "note": "KH số 12"}, "1.2": {"self": "2"}},
        send=True,
    )
    assert a.scores.get(criterion__code="1.1").self_score == 3
    assert assignments.assigned_codes(head, a) == set()  # sent: no more edits
    # The coordinator's compiled report waits for the ward's criterion.
    problems = services.self_assessment_problems(a)
    assert any("2.1" in p and org.ward.code in p for p in problems)
    with pytest.raises(DomainError):  # a criterion already sent is not moved
        assignments.criteria_assign(assessment=a, actor=personas.coordinator, mapping={"1.1": org.ward})


def test_the_pages_for_a_department(province, org, personas, login):
    a = province
    assignments.criteria_assign(assessment=a, actor=personas.coordinator, mapping={"1.1": org.pc06})
    client = login(personas.department_head)
    assert a.round.name in client.get(url("index")).content.decode()
    assert client.get(url("round_detail", a.round.pk)).status_code == 200
    page = client.get(url("assessment", a.pk)).content.decode()
    assert 'name="self-1.1"' in page and 'name="self-1.2"' not in page and 'value="send_assigned"' in page
    r = client.post(url("assessment", a.pk), {"action": "save_assigned", "self-1.1": "2,5", "self-1.2": "2"})
    assert r.status_code == 302
    scores = {s.criterion.code: s.self_score for s in a.scores.select_related("criterion")}
    assert scores["1.1"] == 2.5 and scores["1.2"] is None  # the field not handed over is ignored
    # evidence for the handed criterion, not for another
    assert client.post(url("criterion", a.pk, "1.1"), {"url": "https://x.vn/kh"}).status_code == 302
    assert client.post(url("criterion", a.pk, "1.2"), {"url": "https://x.vn/kh"}).status_code == 403
    # another unit sees nothing
    assert login(personas.sibling_officer).get(url("assessment", a.pk)).status_code == 404
    r = login(personas.sibling_officer).post(
        url("assessment", a.pk), {"action": "save_assigned", "self-1.1": "1"}
    )
    assert r.status_code == 404
    # the coordinator sees who holds what and hands criteria out through the page
    coordinator = login(personas.coordinator)
    page = coordinator.get(url("assessment", a.pk)).content.decode()
    assert 'data-testid="handed-1.1"' in page and 'name="assign-2.1"' in page
    r = coordinator.post(url("assessment", a.pk), {"action": "assign", "assign-2.1": str(org.ward.pk)})
    assert r.status_code == 302 and a.assignments.filter(criterion__code="2.1", unit=org.ward).exists()
    r = coordinator.post(url("assessment", a.pk), {"action": "assign", "assign-2.2": str(org.other_dept.pk)})
    assert r.status_code == 403 and not a.assignments.filter(criterion__code="2.2").exists()
    assert Assessment.objects.get(pk=a.pk).status == Assessment.Status.DRAFT


def test_the_coordinator_returns_a_sent_criterion(province, org, personas, login):
    a = province
    assignments.criteria_assign(assessment=a, actor=personas.coordinator, mapping={"1.1": org.pc06})
    assignments.assigned_self_save(
        assessment=a, actor=personas.department_head, entries={"1.1": {"self": "3"}}, send=True
    )
    with pytest.raises(PermissionDenied):
        assignments.assignment_return(assignment=a.assignments.get(), actor=personas.department_head)
    page = login(personas.coordinator).get(url("assessment", a.pk)).content.decode()
    assert 'value="return_assigned:1.1"' in page
    forged = login(personas.department_head).post(url("assessment", a.pk), {"action": "return_assigned:1.1"})
    assert forged.status_code == 403 and a.assignments.get().submitted_at is not None
    r = login(personas.coordinator).post(url("assessment", a.pk), {"action": "return_assigned:1.1"})
    assert r.status_code == 302 and a.assignments.get().submitted_at is None
    assert assignments.assigned_codes(personas.department_head, a) == {"1.1"}  # editable again
