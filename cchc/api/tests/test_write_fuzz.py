"""The write endpoints fuzzed from the OpenAPI description with a WRITE token (the core's run uses a read-only
one): valid and invalid bodies never give a 5xx and every answer conforms to the description."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.test import override_settings

from cchc.api.tokens import api_token_create
from cchc.onestop.tests.helpers import load_procedures
from cchc.plans.tests.django.helpers import issued_plan
from cchc.reports.tests.support import make_cycle

from .fuzzing import fuzz

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_the_test_connection")]

WRITES = {"/onestop/dossiers", "/pakn", "/assignments/{assignment_id}/progress", "/data-values"}
EXAMPLES = 10


@override_settings(API_RATE_LIMIT_PER_MINUTE=0)
def test_the_writes_never_answer_a_server_error(personas: Any, org: Any) -> None:
    load_procedures()
    issued_plan(org, personas)
    make_cycle(org)
    _, raw = api_token_create(user=personas.ward_officer, name="fuzz", write=True)
    headers = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    operations = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if op.method.upper() == "POST" and op.path.removeprefix("/api/v1") in WRITES
    ]
    assert len(operations) == 4
    failures = fuzz(operations, headers, examples=EXAMPLES, keep=3000)
    assert not failures, "\n\n".join(failures)
