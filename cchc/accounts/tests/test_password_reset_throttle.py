"""The password reset form is limited per e-mail address and per client address (cache counters)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

REFUSED = "Đã có quá nhiều yêu cầu đặt lại mật khẩu"


def ask(client, email, ip="198.51.100.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_reset_mails_to_one_address_stop_at_the_limit(client, personas, settings):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2
    email = personas.ward_officer.email
    assert ask(client, email).status_code == 302
    assert ask(client, email.upper(), ip="203.0.113.50").status_code == 302  # case and address do not matter
    refused = ask(client, email, ip="203.0.113.51")
    assert refused.status_code == 429 and REFUSED in refused.content.decode()
    assert len(mail.outbox) == 2


def test_one_address_cannot_ask_without_limit(client, personas, settings):
    settings.PASSWORD_RESET_LIMIT_PER_IP = 3
    for n in range(3):
        assert ask(client, f"khong-co-{n}@example.vn").status_code == 302
    assert ask(client, personas.ward_officer.email).status_code == 429
    assert mail.outbox == []
    assert ask(client, personas.ward_officer.email, ip="203.0.113.50").status_code == 302
    assert len(mail.outbox) == 1
