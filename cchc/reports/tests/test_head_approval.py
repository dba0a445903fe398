"""Issue 14: only what the unit head approved counts; the head returns with a reason; overdue working days; filters."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from cchc.reports import services
from cchc.reports.models import Status, SubmissionEvent
from cchc.reports.selectors import (
    branch_breakdown,
    overdue_working_days,
    period_completeness,
    synthesis_table,
)

from .support import FixedClock, approve, at, make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(org, personas):
    return make_period(org, due=date(2026, 9, 10))


def _send(sub, user, clock=None, when=None):
    if clock is not None:
        clock.set(when)
    services.submission_save(submission=sub, actor=user, numbers={"staff_trained": "3"})
    return services.submission_submit(submission=sub, actor=user)


def test_a_report_waiting_for_its_head_counts_nowhere(org, personas, period, monkeypatch):
    clock = FixedClock(monkeypatch)
    ward = period.submissions.get(unit=org.ward)
    _send(ward, personas.ward_officer, clock, at(2026, 9, 8))
    c = period_completeness(period)
    assert (c.submitted, c.missing) == (0, 2)
    assert branch_breakdown(period, org.city)[0][1].submitted == 0
    assert synthesis_table(period)[0] == []
    clock.set(at(2026, 9, 9))
    services.submission_approve(submission=ward, actor=personas.ward_head)
    c = period_completeness(period)
    assert (c.submitted, c.on_time, c.missing) == (1, 1, 1)
    assert [u for u, _v, _n in synthesis_table(period)[0]] == [org.ward]


def test_approved_after_the_due_date_is_late_and_a_coordinator_return_uncounts(
    org, personas, period, monkeypatch
):
    clock = FixedClock(monkeypatch)
    ward = period.submissions.get(unit=org.ward)
    _send(ward, personas.ward_officer, clock, at(2026, 9, 10, 10))
    clock.set(at(2026, 9, 11, 8))
    services.submission_approve(submission=ward, actor=personas.ward_head)
    assert period_completeness(period).late == 1
    services.submission_return(submission=ward, actor=personas.coordinator, comment="Thiếu số liệu")
    assert period_completeness(period).submitted == 0  # returned: not the unit's report any more


def test_headless_unit_counts_once_the_coordinator_approves_for_it(org, personas, period, monkeypatch):
    clock = FixedClock(monkeypatch)
    sibling = period.submissions.get(unit=org.sibling)
    _send(sibling, personas.sibling_officer, clock, at(2026, 9, 1))
    assert period_completeness(period).submitted == 0
    approve(sibling, personas)  # the coordinator stands in: the sibling unit has no head account
    assert period_completeness(period).on_time == 1


def test_head_returns_with_a_reason_and_the_staff_resubmits(org, personas, period, login):
    personas.ward_officer.email = "canbo.a@example.vn"
    personas.ward_officer.save()
    ward = period.submissions.get(unit=org.ward)
    _send(ward, personas.ward_officer)
    head = login(personas.ward_head)
    url = f"/bao-cao/nop/{ward.pk}/"
    assert 'value="head_return"' in head.get(url).content.decode()
    assert head.post(url, {"action": "head_return", "comment": ""}).status_code == 200  # a reason is required
    ward.refresh_from_db()
    assert ward.status == Status.SUBMITTED
    with pytest.raises(ValidationError):
        services.submission_head_return(submission=ward, actor=personas.ward_head, comment="  ")
    with django_capture_on_commit():
        head.post(url, {"action": "head_return", "comment": "Bổ sung số liệu kiểm tra"})
    ward.refresh_from_db()
    assert ward.status == Status.RETURNED and ward.comment == "Bổ sung số liệu kiểm tra"
    event = ward.events.last()
    assert event.action == SubmissionEvent.Action.HEAD_RETURN and event.actor == personas.ward_head
    assert [m.to for m in mail.outbox] == [["canbo.a@example.vn"]]
    assert "Bổ sung số liệu kiểm tra" in mail.outbox[0].body
    officer = login(personas.ward_officer)
    assert "Bổ sung số liệu kiểm tra" in officer.get(url).content.decode()
    services.submission_submit(submission=ward, actor=personas.ward_officer)  # resubmitted, waits again
    ward.refresh_from_db()
    assert ward.status == Status.SUBMITTED


class django_capture_on_commit:
    def __enter__(self):
        from django.db import connection

        self.connection = connection
        self.start = len(connection.run_on_commit)

    def __exit__(self, *exc):
        for _sids, fn, *_rest in self.connection.run_on_commit[self.start :]:
            fn()


def test_head_of_another_unit_cannot_return_or_approve(org, personas, period, login):
    ward = period.submissions.get(unit=org.ward)
    _send(ward, personas.ward_officer)
    for intruder in (personas.department_head, personas.sibling_officer):
        with pytest.raises(PermissionDenied):
            services.submission_head_return(submission=ward, actor=intruder, comment="x")
        with pytest.raises(PermissionDenied):
            services.submission_approve(submission=ward, actor=intruder)
    other = login(personas.department_head)
    response = other.post(f"/bao-cao/nop/{ward.pk}/", {"action": "head_return", "comment": "x"})
    assert response.status_code in (403, 404)
    ward.refresh_from_db()
    assert ward.status == Status.SUBMITTED
    with pytest.raises(PermissionDenied):  # nobody returns their own report as its head
        services.submission_head_return(submission=ward, actor=personas.ward_officer, comment="x")


def test_overdue_in_working_days_on_the_lists(org, personas, period, login, monkeypatch):
    import cchc.reports.selectors as selectors

    # 10/09/2026 is a Thursday: Fri 11, Mon 14, Tue 15 are three working days after it
    assert overdue_working_days(date(2026, 9, 10), date(2026, 9, 15)) == 3
    assert overdue_working_days(date(2026, 9, 10), date(2026, 9, 10)) == 0
    monkeypatch.setattr(selectors.timezone, "localdate", lambda: date(2026, 9, 15))
    page = login(personas.ward_officer).get("/bao-cao/").content.decode()
    assert "Quá hạn 3 ngày làm việc" in page
    coord = login(personas.coordinator)
    page = coord.get(f"/bao-cao/ky/{period.pk}/").content.decode()
    assert 'data-testid="row-overdue"' in page and "quá hạn 3 ngày làm việc" in page
    ws = load_workbook(io.BytesIO(coord.get(f"/bao-cao/ky/{period.pk}/?export=xlsx").content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][-1] == "Quá hạn (ngày làm việc)" and {r[-1] for r in rows[1:]} == {3}
    page = coord.get(f"/bao-cao/chu-ky/{period.cycle_id}/").content.decode()
    assert 'data-testid="period-overdue"' in page


def test_my_reports_filter_by_status_and_overdue_and_export(org, personas, period, login, monkeypatch):
    import cchc.reports.selectors as selectors

    monkeypatch.setattr(selectors.timezone, "localdate", lambda: date(2026, 9, 15))
    ward = period.submissions.get(unit=org.ward)
    services.submission_submit(submission=ward, actor=personas.ward_head)  # the head sends: approved at once
    coord = login(personas.coordinator)
    page = coord.get("/bao-cao/?overdue=1&q=dot+xuat").content.decode()  # the cycle's q1, h1 are overdue too
    assert "Lê Chân" in page and "Hồng Bàng" not in page
    page = coord.get("/bao-cao/?status=approved").content.decode()
    assert "Hồng Bàng" in page and "Lê Chân" not in page
    ws = load_workbook(io.BytesIO(coord.get("/bao-cao/?overdue=1&q=dot+xuat&export=xlsx").content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == org.sibling.name and rows[1][-1] == 3
    ws = load_workbook(
        io.BytesIO(coord.get(f"/bao-cao/chu-ky/{period.cycle_id}/?export=xlsx").content)
    ).active
    assert any(r[0] == period.title for r in ws.iter_rows(values_only=True))
