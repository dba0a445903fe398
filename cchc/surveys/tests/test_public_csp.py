"""The public form works under the Content-Security-Policy: the header is sent and the kiosk script is a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from cchc.surveys import abuse

pytestmark = pytest.mark.django_db


def test_public_form_and_kiosk_carry_the_policy_without_inline_script(client, point):
    for url in (f"/s/{point.token}/", f"/s/{point.token}/?kiosk={abuse.kiosk_key(point.token)}"):
        page = client.get(url)
        assert page.status_code == 200
        assert "script-src 'self'" in page["Content-Security-Policy"]
        html = page.content.decode()
        assert "<script>" not in html and "onclick" not in html
    kiosk = finders.find("surveys/kiosk.js")
    assert kiosk and "setTimeout" in Path(kiosk).read_text(encoding="utf-8")
