"""Reminders before and after the due date (the periodic job's function, called directly)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cchc.reports import services
from cchc.reports.models import Reminder
from cchc.reports.tasks import report_reminders, send_reminders

from .support import make_period

pytestmark = pytest.mark.django_db


def test_before_the_due_date_then_after_it_for_missing_units(org, personas):
    due = date(2026, 9, 10)
    period = make_period(org, due=due)
    services.submission_submit(
        submission=period.submissions.get(unit=org.sibling), actor=personas.sibling_officer
    )

    assert send_reminders(due - timedelta(days=3)) == {"reminders": 1, "emails": 1}
    msg = mail.outbox[-1]
    assert "Sắp đến hạn" in msg.subject and set(msg.to) == {"canbo.a@example.vn", "truong.a@example.vn"}
    assert send_reminders(due - timedelta(days=3)) == {"reminders": 0, "emails": 0}  # once a day
    assert send_reminders(due - timedelta(days=2)) == {"reminders": 0, "emails": 0}  # not every day
    assert send_reminders(due + timedelta(days=1))["reminders"] == 1
    assert "Quá hạn" in mail.outbox[-1].subject
    assert send_reminders(due + timedelta(days=8))["reminders"] == 1
    assert Reminder.objects.filter(kind="after").count() == 2
    assert not Reminder.objects.filter(submission__unit=org.sibling).exists()


def test_the_periodic_task_runs(org, personas):
    report_reminders(0)


def test_period_page_shows_the_reminders_sent(org, personas, login):
    due = timezone.localdate() + timedelta(days=3)
    period = make_period(org, due=due)
    send_reminders(due - timedelta(days=7))
    send_reminders(due - timedelta(days=3))
    page = login(personas.coordinator).get(f"/bao-cao/ky/{period.pk}/").content.decode()
    assert "Đã nhắc" in page
    assert f"2 lần, gần nhất {(due - timedelta(days=3)):%d/%m/%Y}" in page
    assert "7, 3 và 1 ngày trước hạn" in page


def test_after_the_due_date_a_report_waiting_for_its_head_reminds_the_head(org, personas):
    due = date(2026, 9, 10)
    period = make_period(org, due=due)
    services.submission_submit(submission=period.submissions.get(unit=org.ward), actor=personas.ward_officer)
    assert send_reminders(due - timedelta(days=3))["reminders"] == 1  # before: only the sibling, not sent yet
    mail.outbox.clear()
    send_reminders(due + timedelta(days=1))
    to_head = [m for m in mail.outbox if "chờ thủ trưởng duyệt" in m.subject]
    assert len(to_head) == 1 and to_head[0].to == ["truong.a@example.vn"]
    assert Reminder.objects.filter(submission__unit=org.ward, kind="after").count() == 1
