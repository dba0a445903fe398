"""On the demo data, the API gives exactly what the commands print (the same functions compute both), and a
ward's token gets only its own rows."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FROM, TO, AS_OF = "2025-07-01", "2026-06-30", "2026-06-30T23:59:59+07:00"


def _command(name: str, *args: str, capsys: Any) -> dict[str, Any]:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    text = out.getvalue() or capsys.readouterr().out
    return json.loads(text)  # type: ignore[no-any-return]


def _all(client: Any, path: str, params: dict[str, str]) -> dict[str, Any]:
    body = client.get(path, {**params, "limit": 1000}).json()
    assert body["next"] is None, body
    return body  # type: ignore[no-any-return]


def _admin_client(api: Any) -> Any:
    from cchc.accounts.models import User

    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("api.admin")
    return api(admin)


def test_onestop_indicators_as_the_command(demo: None, api: Any, capsys: Any) -> None:
    printed = _command(
        "onestop_indicators", "--from", FROM, "--to", TO, "--as-of", AS_OF, "--json", capsys=capsys
    )
    assert printed["units"], "the demo has dossiers in the window"
    body = _all(_admin_client(api), "/api/v1/onestop/indicators", {"from": FROM, "to": TO, "as_of": AS_OF})
    assert body["items"] == printed["units"] and body["definitions"] == printed["definitions"]
    one = printed["units"][0]["code"]
    printed_one = _command(
        "onestop_indicators",
        "--from",
        FROM,
        "--to",
        TO,
        "--as-of",
        AS_OF,
        "--unit",
        one,
        "--json",
        capsys=capsys,
    )
    body = _all(
        _admin_client(api),
        "/api/v1/onestop/indicators",
        {"from": FROM, "to": TO, "as_of": AS_OF, "unit": one},
    )
    assert body["items"] == printed_one["units"]


def test_pakn_indicators_as_the_command(demo: None, api: Any, capsys: Any) -> None:
    printed = _command(
        "pakn_indicators",
        "--from",
        FROM,
        "--to",
        TO,
        "--as-of",
        AS_OF,
        "--unit",
        "HP",
        "--json",
        capsys=capsys,
    )
    body = _all(
        _admin_client(api), "/api/v1/pakn/indicators", {"from": FROM, "to": TO, "as_of": AS_OF, "unit": "HP"}
    )
    assert body["items"] == printed["units"] and len(body["items"]) > 1


def test_survey_results_as_the_command(demo: None, api: Any, capsys: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()  # the demo's responses are dated before today
    since, until = (today - timedelta(days=400)).isoformat(), today.isoformat()
    printed = _command(
        "survey_results", "--from", since, "--to", until, "--unit", "HP", "--json", capsys=capsys
    )
    body = _all(_admin_client(api), "/api/v1/surveys/results", {"from": since, "to": until, "unit": "HP"})
    assert body["items"] == json.loads(json.dumps(printed["units"])) and body["items"]


def test_a_ward_token_gets_its_own_rows(demo: None, api: Any) -> None:
    from cchc.orgs.models import Membership
    from cchc.orgs.scope import scope_for

    member = (
        Membership.objects.filter(unit__code="HP.CAP.LECHAN", role="staff").select_related("user").first()
    )
    assert member is not None
    client = api(member.user)
    visible = {u["code"] for u in client.get("/api/v1/units", {"limit": 1000}).json()["items"]}
    from cchc.orgs.models import OrgUnit

    assert visible == set(
        OrgUnit.objects.filter(scope_for(member.user).view.q()).values_list("code", flat=True)
    )
    assert "HN.NGOCHA" not in visible and "HP" not in visible
    for path in ("/api/v1/onestop/indicators", "/api/v1/pakn/indicators", "/api/v1/surveys/results"):
        rows = _all(client, path, {"from": FROM, "to": TO})["items"]
        assert {r["code"] for r in rows} <= visible, path
    assert {r["unit"] for r in _all(client, "/api/v1/assignments", {})["items"]} <= visible
    assert {r["unit"] for r in _all(client, "/api/v1/pakn", {})["items"]} <= visible
    assert (
        client.get("/api/v1/onestop/indicators", {"from": FROM, "to": TO, "unit": "HN.NGOCHA"}).status_code
        == 404
    )
