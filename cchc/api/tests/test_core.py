"""The API's core: tokens, authentication, problem+json errors, pagination, the sharing log, the rate limit."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cchc.api.models import ApiCallLog, ApiToken
from cchc.api.tokens import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = json.loads(response.content)
    assert body["status"] == status
    assert body["detail"] and body["detail_en"] and body["code"]
    return body


def test_a_token_is_stored_only_as_a_hash(personas: Any) -> None:
    token, raw = api_token_create(user=personas.ward_officer, name="LGSP")
    assert raw.startswith("cchc_") and raw not in token.secret_hash
    assert len(raw) > 40 and token.prefix in raw
    assert ApiToken.objects.filter(secret_hash__contains=raw).count() == 0


def test_without_a_token_401(org: Any, api: Any) -> None:
    body = problem(api().get("/api/v1/units"), 401)
    assert body["code"] == "token_missing"
    assert "Authorization" in body["detail"]


@pytest.mark.parametrize(
    "header",
    ["Bearer nonsense", "Basic abc", "Bearer cchc_0123456789_wrongsecret", "Bearer", "Bearer cchc_short"],
)
def test_a_bad_token_401(org: Any, api: Any, header: str) -> None:
    response = api().get("/api/v1/units", headers={"Authorization": header})
    body = problem(response, 401)
    assert body["code"] in {"token_invalid", "token_malformed"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_401_the_last_day_still_valid(personas: Any, api: Any) -> None:
    today = timezone.localdate()
    token, raw = api_token_create(user=personas.ward_officer, name="x", expires_on=today)
    assert api(raw=raw).get("/api/v1/units").status_code == 200  # valid through its expiry day
    ApiToken.objects.filter(pk=token.pk).update(expires_on=today - timedelta(days=1))
    assert problem(api(raw=raw).get("/api/v1/units"), 401)["code"] == "token_expired"


def test_a_revoked_token_401(personas: Any, api: Any) -> None:
    token, raw = api_token_create(user=personas.ward_officer, name="x")
    api_token_revoke(token=token, actor=personas.ward_officer)
    assert problem(api(raw=raw).get("/api/v1/units"), 401)["code"] == "token_revoked"


def test_a_disabled_account_401(personas: Any, api: Any) -> None:
    _, raw = api_token_create(user=personas.ward_officer, name="x")
    personas.ward_officer.is_active = False
    personas.ward_officer.save()
    assert problem(api(raw=raw).get("/api/v1/units"), 401)["code"] == "token_user_inactive"


def test_someone_else_cannot_revoke_a_token(personas: Any) -> None:
    from django.core.exceptions import PermissionDenied

    token, _ = api_token_create(user=personas.ward_officer, name="x")
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=personas.sibling_officer)
    api_token_revoke(token=token, actor=personas.admin)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_unknown_path_and_method_are_problems(personas: Any, api: Any) -> None:
    client = api(personas.ward_officer)
    problem(client.get("/api/v1/khong-co"), 404)
    problem(client.get("/api/v1/units/"), 404)
    response = client.generic("DELETE", "/api/v1/units")
    assert problem(response, 405)["code"] == "method_not_allowed"
    problem(api().get("/api/v1/khong-co"), 404)  # no token: an unknown path is still a 404


def test_validation_is_400_with_errors(personas: Any, api: Any) -> None:
    client = api(personas.ward_officer)
    body = problem(client.get("/api/v1/units", {"limit": 1001}), 400)
    assert body["errors"][0]["field"] == "limit"
    assert body["errors"][0]["message"] and body["errors"][0]["message_en"] == "The value is too large."
    body = problem(client.get("/api/v1/units", {"limit": "abc", "on": "31/02/2026"}), 400)
    assert {e["field"] for e in body["errors"]} == {"limit", "on"}


@override_settings(API_MAX_BODY_BYTES=100)
def test_an_oversized_body_is_413(personas: Any, api: Any) -> None:
    response = api(personas.ward_officer).post("/api/v1/units", {"x": "y" * 200})
    assert problem(response, 413)["code"] == "body_too_large"


def test_pagination(personas: Any, org: Any, api: Any) -> None:
    client = api(personas.admin)
    first = client.get("/api/v1/units", {"limit": 3}).json()
    assert first["count"] == 8 and len(first["items"]) == 3
    seen = [u["code"] for u in first["items"]]
    url = first["next"]
    while url:
        page = client.get(url.replace("http://testserver", "")).json()
        seen += [u["code"] for u in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 8
    assert client.get("/api/v1/units", {"limit": 3, "offset": 100}).json()["items"] == []


def test_every_call_is_logged(personas: Any, api: Any) -> None:
    token, raw = api_token_create(user=personas.ward_officer, name="IOC")
    client = api(raw=raw)
    client.get("/api/v1/units", {"limit": 1})
    client.get("/api/v1/khong-co")
    api().get("/api/v1/units")
    rows = list(ApiCallLog.objects.order_by("pk"))
    assert [(r.method, r.path, r.status) for r in rows] == [
        ("GET", "/api/v1/units", 200),
        ("GET", "/api/v1/khong-co", 404),
        ("GET", "/api/v1/units", 401),
    ]
    assert rows[0].token == token and rows[0].user == personas.ward_officer and rows[0].token_name == "IOC"
    assert rows[0].rows_returned == 1 and rows[0].query == "limit=1"
    assert rows[2].token is None and rows[2].user is None


def test_the_description_and_docs_need_no_token_and_are_not_logged(org: Any, api: Any) -> None:
    client = api()
    assert client.get("/api/v1/openapi.json").status_code == 200
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/js/api-docs.js" in html
    assert "http" not in html.split("<body", 1)[1].lower()
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    assert not ApiCallLog.objects.exists()


@override_settings(API_RATE_LIMIT_PER_MINUTE=3)
def test_rate_limit_per_token(personas: Any, api: Any) -> None:
    client = api(personas.ward_officer)
    other = api(personas.sibling_officer)
    statuses = [client.get("/api/v1/units").status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    if statuses[3] == 200:  # the clock minute turned between the calls
        statuses.append(client.get("/api/v1/units").status_code)
    response = client.get("/api/v1/units")
    body = problem(response, 429)
    assert body["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert other.get("/api/v1/units").status_code == 200  # another token has its own budget


def test_api_token_command(personas: Any, api: Any, capsys: Any) -> None:
    call_command("api_token", "--user", "canbo.a", "--name", "LGSP", "--write", "--expires", "2099-12-31")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    token = ApiToken.objects.get(name="LGSP")
    assert token.can_write and str(token.expires_on) == "2099-12-31" and token.user == personas.ward_officer
    assert api(raw=raw).get("/api/v1/units").status_code == 200


def test_api_token_command_unknown_user_exits_2(org: Any) -> None:
    with pytest.raises(SystemExit) as exc:
        call_command("api_token", "--user", "khong-co", "--name", "x")
    assert exc.value.code == 2
