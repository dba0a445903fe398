"""The property-based run the fuzz tests share (schemathesis from the API's own OpenAPI description): every
operation, valid and invalid requests, each answer checked; failures are collected over all operations and
reported together. The tests using it need the fixture ``keep_the_test_connection`` (conftest)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def headers_for(case: Any, headers: dict[str, str]) -> dict[str, str]:
    """``headers`` (the token), unless the case's own headers are what it made invalid (``Authorization`` left out
    or mangled): sending the token would mend the case, and the check would see a valid request answered 200 as
    "invalid data accepted". Such a case goes out as generated (and gets its 401)."""
    meta = getattr(case, "meta", None)
    component = meta.components.get(ParameterLocation.HEADER) if meta is not None else None
    if component is not None and component.mode.is_negative:
        return {}
    return headers


def fuzz(operations: Iterable[Any], headers: dict[str, str], *, examples: int, keep: int = 2000) -> list[str]:
    """Run ``examples`` generated cases per operation and generation mode (positive, negative) with ``headers``;
    the failures, one line per operation and mode (each cut to ``keep`` characters)."""
    failures: list[str] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                case.call_and_validate(headers=headers_for(case, headers), checks=CHECKS)

            try:
                run()
            except Exception as exc:  # collect every operation's failure, then fail once
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {exc}"[:keep])
    return failures
