"""The token pages of the account and the administrators' sharing log."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from cchc.api.models import ApiToken
from cchc.api.tokens import api_token_create

pytestmark = pytest.mark.django_db


def test_create_a_token_in_the_account_page_shown_once(personas: Any, login: Any, api: Any) -> None:
    client = login(personas.ward_officer)
    assert "Khóa API" in client.get("/tai-khoan/").content.decode()
    response = client.post("/tai-khoan/khoa-api/tao/", {"name": "LGSP tỉnh", "write": "on", "expires_on": ""})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    raw = re.search(r"cchc_[0-9a-f]{10}_[A-Za-z0-9_-]+", response.content.decode())
    assert raw is not None
    token = ApiToken.objects.get(name="LGSP tỉnh")
    assert token.can_write and token.user == personas.ward_officer
    assert api(raw=raw.group(0)).get("/api/v1/units").status_code == 200
    profile = client.get("/tai-khoan/").content.decode()
    assert "LGSP tỉnh" in profile and raw.group(0) not in profile  # shown once


def test_a_bad_expiry_is_refused(personas: Any, login: Any) -> None:
    client = login(personas.ward_officer)
    response = client.post("/tai-khoan/khoa-api/tao/", {"name": "x", "expires_on": "01/01/2000"})
    assert response.status_code == 200 and not ApiToken.objects.exists()


def test_revoke_only_ones_own_token(personas: Any, login: Any, api: Any) -> None:
    token, raw = api_token_create(user=personas.ward_officer, name="x")
    other = login(personas.sibling_officer)
    assert other.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/").status_code == 404
    owner = login(personas.ward_officer)
    assert owner.post(f"/tai-khoan/khoa-api/{token.pk}/thu-hoi/").status_code == 302
    assert api(raw=raw).get("/api/v1/units").status_code == 401


def test_the_sharing_log_is_for_administrators(personas: Any, login: Any, api: Any) -> None:
    api(personas.ward_officer).get("/api/v1/units", {"limit": 5})
    assert login(personas.coordinator).get("/nhat-ky-api/").status_code == 403
    admin = login(personas.admin)
    page = admin.get("/nhat-ky-api/", {"q": "canbo.a", "status": "2xx"})
    assert page.status_code == 200 and "/api/v1/units" in page.content.decode()
    assert "/api/v1/units" not in admin.get("/nhat-ky-api/", {"status": "4xx"}).content.decode()
    export = admin.get("/nhat-ky-api/", {"export": "xlsx"})
    ws = load_workbook(io.BytesIO(export.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert (
        rows[1][1] == "thử" and rows[1][2] == "canbo.a" and rows[1][4] == "/api/v1/units" and rows[1][7] == 1
    )
