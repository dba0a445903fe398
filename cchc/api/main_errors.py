"""The error answers each operation documents in the OpenAPI description (``response={200: …, **READ_ERRORS}``)."""

from __future__ import annotations

from typing import Any

from .schemas import Problem

# Every read may answer: bad input, no/bad token, not allowed, not visible, rate-limited.
READ_ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem}
# Writes also: stale write, oversized body.
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 409: Problem, 413: Problem}
