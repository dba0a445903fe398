"""Property-based run over the whole API from its own OpenAPI description (schemathesis): valid and invalid
requests to every operation, with a token; no 5xx, every answer conforms to the description (status, content
type, body), invalid input is refused. Bounded (a few examples per operation) so it runs in CI in well under a
minute."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.test import override_settings

from cchc.api.tokens import api_token_create

from .fuzzing import fuzz

EXAMPLES = 8  # per operation and generation mode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_the_test_connection")]


def test_the_description_is_valid_openapi(org: Any, client: Any) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    schema.validate()  # the OpenAPI 3.1 meta-schema
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            codes = set(op["responses"])
            assert {"200", "400", "401", "404", "429"} <= codes, (method, path, codes)
            problem = op["responses"]["401"]["content"]
            assert "application/problem+json" in problem or "application/json" in problem


@override_settings(API_RATE_LIMIT_PER_MINUTE=0)
def test_schemathesis_finds_no_server_error_and_no_schema_violation(personas: Any, org: Any) -> None:
    _, raw = api_token_create(user=personas.coordinator, name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    failures = fuzz(operations, headers, examples=EXAMPLES)
    assert not failures, "\n\n".join(failures)
