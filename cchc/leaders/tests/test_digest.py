"""The digest: each leader's schedule, the job that sends it (e-mail in plain text and HTML, in-app notice), never
twice for the same period; the operators' command."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from cchc.leaders import services
from cchc.leaders.models import DigestPreference, DigestSent
from cchc.plans.models import Notification

pytestmark = pytest.mark.django_db

MONDAY, TUESDAY = date(2026, 12, 7), date(2026, 12, 8)


def _with_email(user, address="lanhdao@example.vn"):
    user.email = address
    user.save(update_fields=["email"])
    return user


def test_period_keys_of_each_schedule():
    pref = DigestPreference(frequency="weekly", weekday=0)
    assert services.period_key(pref, MONDAY) == "W2026-50"
    assert services.period_key(pref, TUESDAY) == ""
    assert services.period_key(pref, TUESDAY, any_day=True) == "W2026-50"
    assert services.period_key(DigestPreference(frequency="daily"), TUESDAY) == "D2026-12-08"
    assert services.period_key(DigestPreference(frequency="monthly"), date(2026, 12, 1)) == "M2026-12"
    assert services.period_key(DigestPreference(frequency="monthly"), MONDAY) == ""
    assert services.period_key(DigestPreference(frequency="off"), MONDAY) == ""


def test_weekly_by_default_sent_once_with_text_html_and_a_notice(org, personas, overdue):
    leader = _with_email(personas.leader)
    assert services.send_digest(user=leader, today=TUESDAY).status == "not_due"  # Monday by default
    result = services.send_digest(user=leader, today=MONDAY)
    assert result.status == "sent" and result.period_key == "W2026-50"
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["lanhdao@example.vn"]
    assert msg.subject.startswith("[CCHC] Bản tin lãnh đạo") and "việc quá hạn (07/12/2026)" in msg.subject
    assert "Nhiệm vụ kế hoạch CCHC quá hạn chưa hoàn thành" in msg.body
    assert "Hồ sơ một cửa quá hạn chưa giải quyết" in msg.body
    assert f"{settings.SITE_URL}/so-lieu/?ds=leaders_overdue_tasks" in msg.body
    assert f"{settings.SITE_URL}/lanh-dao/?unit=HP" in msg.body
    html, kind = msg.alternatives[0]
    assert kind == "text/html"
    assert f'href="{settings.SITE_URL}/so-lieu/?ds=leaders_overdue_tasks' in html
    assert (
        html.count(f'href="{settings.SITE_URL}/') == len(result.items) + 2
    )  # each item, the page, the schedule
    notice = Notification.objects.get(user=leader, key="leader-digest:W2026-50")
    assert "việc quá hạn" in notice.text and notice.url == "/lanh-dao/?unit=HP"
    # the job runs again (a retried worker): nothing more is sent
    assert services.send_digest(user=leader, today=MONDAY).status == "already_sent"
    # the job: the two coordinators (this city's, the other organisation's) get theirs, the leader nothing more
    assert services.send_due_digests(today=MONDAY) == {"already_sent": 1, "sent": 2}
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted(
        u.email for u in (personas.coordinator, personas.other_coordinator)
    )
    assert DigestSent.objects.filter(user=leader).count() == 1
    assert Notification.objects.filter(user=personas.coordinator, key="leader-digest:W2026-50").exists()


def test_the_digest_lists_the_pages_exceptions(org, personas, login, overdue):
    leader = _with_email(personas.leader)
    page = login(leader).get("/lanh-dao/").context["b"]
    result = services.send_digest(user=leader, today=MONDAY)
    sent = {i["key"]: i["count"] for i in result.items if i["key"] != "fall"}
    assert sent == {e.key: e.count for e in page.exceptions}
    assert DigestSent.objects.get(user=leader).summary["items"][0]["count"] == page.exceptions[0].count


def test_schedules_daily_monthly_off(org, personas):
    leader = _with_email(personas.leader)
    services.digest_preference_set(user=leader, frequency="daily", weekday=0)
    assert services.send_digest(user=leader, today=TUESDAY).status == "sent"
    assert services.send_digest(user=leader, today=date(2026, 12, 9)).status == "sent"
    services.digest_preference_set(user=leader, frequency="monthly", weekday=0)
    assert services.send_digest(user=leader, today=TUESDAY).status == "not_due"
    assert services.send_digest(user=leader, today=date(2027, 1, 1)).status == "sent"
    services.digest_preference_set(user=leader, frequency="off", weekday=0)
    assert services.send_digest(user=leader, today=date(2027, 2, 1), any_day=True).status == "off"
    assert len(mail.outbox) == 3


def test_nobody_but_leaders_and_coordinators(org, personas):
    assert services.send_digest(user=personas.ward_officer, today=MONDAY).status == "not_leader"
    recipients = set(services.digest_recipients())
    assert {personas.leader, personas.coordinator, personas.other_coordinator} <= recipients
    assert personas.ward_officer not in recipients and personas.appraiser not in recipients


def test_schedule_form(org, personas, login):
    c = login(personas.leader)
    r = c.post("/lanh-dao/ban-tin/", {"frequency": "monthly", "weekday": "3"})
    assert r.status_code == 302
    pref = DigestPreference.objects.get(user=personas.leader)
    assert (pref.frequency, pref.weekday) == ("monthly", 3)
    assert c.post("/lanh-dao/ban-tin/", {"frequency": "hourly", "weekday": "3"}).status_code == 200  # refused
    assert DigestPreference.objects.get(user=personas.leader).frequency == "monthly"
    assert (
        login(personas.ward_head)
        .post("/lanh-dao/ban-tin/", {"frequency": "daily", "weekday": "0"})
        .status_code
        == 403
    )


def test_command_dry_run_then_send(org, personas, overdue):
    leader = _with_email(personas.leader)
    out = io.StringIO()
    call_command("send_leader_digest", "--user", "lanhdao", "--dry-run", "--date", "08/12/2026", stdout=out)
    assert "dry_run" in out.getvalue() and "Nhiệm vụ kế hoạch CCHC quá hạn" in out.getvalue()
    assert not mail.outbox and not DigestSent.objects.exists()
    out = io.StringIO()
    call_command("send_leader_digest", "--user", "lanhdao", "--date", "08/12/2026", stdout=out)
    assert "sent\tW2026-50" in out.getvalue() and len(mail.outbox) == 1
    out = io.StringIO()
    call_command("send_leader_digest", "--user", "lanhdao", "--date", "08/12/2026", stdout=out)
    assert "already_sent" in out.getvalue() and len(mail.outbox) == 1
    del leader


def test_the_job_function(org, personas):
    from cchc.leaders.tasks import send_leader_digests

    _with_email(personas.leader)
    counts = send_leader_digests()
    assert sum(counts.values()) == len(services.digest_recipients())
