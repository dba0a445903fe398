"""The survey's per-address check reads the client behind the proxy, and a forged header does not change it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cchc.surveys import abuse
from cchc.surveys.models import Response

from .test_public_form import post

pytestmark = pytest.mark.django_db


def test_behind_one_proxy_each_citizen_has_their_own_address(client, point, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    post(client, point, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    post(client, point, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.10")
    today = timezone.localdate()
    assert [r.ip_hash for r in Response.objects.order_by("pk")] == [
        abuse.hash_ip("203.0.113.9", today),
        abuse.hash_ip("203.0.113.10", today),  # not the forged 1.2.3.4
    ]


def test_without_a_trusted_proxy_the_header_is_ignored(client, point, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    post(client, point, REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert Response.objects.get().ip_hash == abuse.hash_ip("198.51.100.1", timezone.localdate())
