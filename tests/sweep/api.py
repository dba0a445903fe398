"""The open API in the URL scope sweep. The sweep's clients are signed in through the session, which the API does
not accept (bearer tokens only): every /api/v1/ call answers 401 problem+json but the description and the docs
(public). The token pages: a token of a sibling-ward officer, which nobody else may revoke; the sharing log is the
administrators'. The API's own scope tests (a token per persona) are in ``cchc/api/tests/test_scope.py``."""

from __future__ import annotations

from typing import Any

PUBLIC = {"api-v1:openapi-json", "api-v1:openapi-view"}


def _plan(w: Any) -> list[tuple[dict[str, Any], Any]]:
    plan = w.objects["hn_plan"]
    return [({"plan_id": plan.pk}, plan.issuer)]


def _token(w: Any) -> list[tuple[dict[str, Any], Any]]:
    token = w.objects["api_token"]
    return [({"pk": token.pk}, w.objects["api_token_unit"])]


def _assignment(w: Any) -> list[tuple[dict[str, Any], Any]]:
    a = w.objects["assignment"]
    return [({"assignment_id": a.pk}, a.unit)]


TARGETS = {
    "api-v1:plan": _plan,
    "api-v1:plan_tasks": _plan,
    "api:token_revoke": _token,
    "api-v1:progress_report": _assignment,
}


def prepare(w: Any) -> None:
    from cchc.api.tokens import api_token_create
    from cchc.orgs.models import Membership
    from tests.test_url_scope_sweep import SIBLING

    member = Membership.objects.filter(unit=w.units[SIBLING]).select_related("user").order_by("pk").first()
    assert member is not None, "the demo has no account in the sibling ward"
    w.objects["api_token"], _ = api_token_create(user=member.user, name="ZQLECHAN")
    w.objects["api_token_unit"] = w.units[SIBLING]
