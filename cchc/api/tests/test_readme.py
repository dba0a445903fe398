"""The README's "API mở" steps work as written: the ``api_token`` command line it shows creates a token (printed
alone on the last line), and each ``curl`` first call it shows answers 200 with that token."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[3] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### API mở")
    return text[start : text.index("\n## ", start)]


def test_the_readme_token_and_first_calls_work(org: Any) -> None:
    from tests.factories import member, person

    section = _section()
    command = next(line for line in section.splitlines() if "manage.py api_token" in line)
    args = shlex.split(command.split("manage.py", 1)[1])
    assert args[0] == "api_token"
    username = args[args.index("--user") + 1]
    member(person(username), org.city, "coordinator")  # the demo's coordinator of HP
    out = io.StringIO()
    call_command(*args, stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    shown = re.search(r"TOKEN=(\S+)", section)
    assert shown and re.fullmatch(r"cchc_[0-9a-f]{10}_…", shown[1])  # the README shows the token's form
    assert re.fullmatch(r"cchc_[0-9a-f]{10}_\S+", raw)
    calls = re.findall(
        r'curl -H "Authorization: Bearer \$TOKEN" "http://127\.0\.0\.1:8000(/api/v1/[^"]+)"', section
    )
    assert len(calls) >= 3, section
    client = Client()
    for url in calls:
        response = client.get(url, headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 200, (url, response.content[:300])
        assert {"items", "count", "next"} <= set(response.json()), url
    assert client.get(calls[0]).status_code == 401  # no token
    for public in ("/api/v1/openapi.json", "/api/v1/docs"):  # readable without a token, as the README says
        assert f"`{public}`" in section and client.get(public).status_code == 200
