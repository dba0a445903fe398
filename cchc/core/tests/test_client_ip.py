"""The client's address behind TRUSTED_PROXY_COUNT proxies: a forged X-Forwarded-For never helps."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from cchc.core.client_ip import client_ip


def request(xff: str | None = None, remote: str = "10.0.0.1"):
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("1.2.3.4", remote="203.0.113.9")) == "203.0.113.9"


def test_one_proxy_takes_the_address_it_appended_not_what_the_client_sent(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # nginx appends the address it saw; "1.2.3.4" is what the client wrote in the header itself.
    assert client_ip(request("1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request("203.0.113.9")) == "203.0.113.9"


def test_two_proxies_take_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("1.2.3.4, 203.0.113.9, 10.0.0.5")) == "203.0.113.9"


def test_a_short_or_garbled_header_falls_back_to_the_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("203.0.113.9")) == "10.0.0.1"
    assert client_ip(request(None)) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("1.2.3.4, not-an-address")) == "10.0.0.1"
    assert client_ip(request("2001:db8::1")) == "2001:db8::1"


@pytest.mark.django_db
def test_login_throttling_counts_the_real_address_whatever_the_header_says(client, personas, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    for n, username in enumerate(["canbo.a", "canbo.b", "truong.a"]):
        client.post(
            reverse("login"),
            {"username": username, "password": "sai"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.9",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    response = client.post(
        reverse("login"),
        {"username": "lanhdao", "password": "x"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9",
    )
    assert response.status_code == 429
