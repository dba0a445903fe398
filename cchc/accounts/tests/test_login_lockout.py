"""Login throttling (django-axes): lockout by account and by address, the Vietnamese lockout page, failed logins
recorded, and the administrators' unlock (person page, audited; axes_reset_username)."""

from __future__ import annotations

import io
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.urls import reverse

from cchc.audit.models import AuditEvent
from conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED_TEXT = "Đăng nhập tạm thời bị khóa do nhập sai mật khẩu quá nhiều lần"


def attempt(client, username, password, ip="198.51.100.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_IP_FAILURE_LIMIT = 6
    return settings


def test_after_the_limit_the_right_password_is_refused_in_vietnamese(client, personas, limits):
    for _ in range(2):
        assert attempt(client, "canbo.a", "sai").status_code == 200
    locked = attempt(client, "canbo.a", "sai")
    assert locked.status_code == 429
    refused = attempt(client, "canbo.a", PASSWORD)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert LOCKED_TEXT in html and "15 phút" in html
    assert "_auth_user_id" not in client.session
    # The account is locked from any address: changing address does not help a guesser.
    assert attempt(client, "canbo.a", PASSWORD, ip="203.0.113.50").status_code == 429


def test_another_account_from_the_same_address_is_throttled_at_the_address_limit(client, personas, limits):
    # Five failures: no account reaches 3, the address reaches 5.
    for username in ("canbo.a", "canbo.a", "canbo.b", "canbo.b", "truong.a"):
        assert attempt(client, username, "sai").status_code == 200
    assert attempt(client, "thamdinh", "sai").status_code == 429  # sixth failure from the address
    assert LOCKED_TEXT in attempt(client, "lanhdao", PASSWORD).content.decode()
    # The same account from another address is not concerned.
    assert attempt(client, "lanhdao", PASSWORD, ip="203.0.113.50").status_code == 302


def test_failed_logins_are_recorded_and_logged(client, personas, limits, caplog):
    with caplog.at_level(logging.WARNING, logger="cchc.security"):
        attempt(client, "canbo.a", "sai")
    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address, failure.locked_out) == ("canbo.a", "198.51.100.7", False)
    assert AccessAttempt.objects.get().failures_since_start == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "cchc.security"]
    assert lines == ["login failed: username='canbo.a' address=198.51.100.7 locked=False"]
    assert "sai" not in AccessAttempt.objects.get().post_data  # the password is never stored


def lock(client, username, limits):
    for _ in range(limits.AXES_FAILURE_LIMIT):
        attempt(client, username, "sai")
    assert attempt(client, username, PASSWORD).status_code == 429


def test_coordinator_unlocks_from_the_person_page_and_it_is_audited(client, login, personas, limits):
    lock(client, "canbo.a", limits)
    manager = login(personas.coordinator)
    page = manager.get(reverse("people:detail", args=[personas.ward_officer.pk])).content.decode()
    assert "Tạm khóa do nhập sai mật khẩu nhiều lần" in page and "Mở khóa đăng nhập" in page
    response = manager.post(reverse("people:login_unlock", args=[personas.ward_officer.pk]))
    assert response.status_code == 302
    manager.logout()
    assert attempt(client, "canbo.a", PASSWORD).status_code == 302
    event = AuditEvent.objects.filter(
        table_name="accounts_user", object_pk=str(personas.ward_officer.pk)
    ).latest("at")
    assert event.actor_id == personas.coordinator.pk and event.changed == ["login_unlocked_at"]


def test_unlock_is_refused_outside_ones_reach(client, login, personas, limits):
    lock(client, "canbo.a", limits)
    # Another organisation's coordinator does not see the person; a coordinator cannot unlock the administrator.
    other = login(personas.other_coordinator)
    assert other.post(reverse("people:login_unlock", args=[personas.ward_officer.pk])).status_code == 404
    staff = login(personas.ward_officer)
    assert staff.post(reverse("people:login_unlock", args=[personas.sibling_officer.pk])).status_code == 403
    coordinator = login(personas.coordinator)
    from cchc.orgs.models import Membership

    Membership.objects.create(
        user=personas.admin, unit=personas.coordinator.memberships.get().unit, role="staff"
    )
    assert coordinator.post(reverse("people:login_unlock", args=[personas.admin.pk])).status_code == 403
    assert AccessAttempt.objects.filter(username="canbo.a").exists()


def test_admin_unlocks_with_the_command_and_the_admin_site(client, login, personas, limits):
    lock(client, "canbo.a", limits)
    call_command("axes_reset_username", "canbo.a", stdout=io.StringIO())
    assert attempt(client, "canbo.a", PASSWORD).status_code == 302
    client.logout()
    lock(client, "canbo.b", limits)
    personas.admin.is_superuser = True
    personas.admin.save()
    admin = login(personas.admin)
    attempts = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert attempts.status_code == 200 and "canbo.b" in attempts.content.decode()
    assert admin.get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 200
    record = AccessAttempt.objects.get(username="canbo.b")
    admin.post(reverse("admin:axes_accessattempt_delete", args=[record.pk]), {"post": "yes"})
    admin.logout()
    assert attempt(client, "canbo.b", PASSWORD).status_code == 302
