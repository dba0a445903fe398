"""API fixtures: a token for a persona and a client that sends it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client


class ApiClient:
    """The Django test client with ``Authorization: Bearer <token>`` on every call."""

    def __init__(self, raw: str | None, client: Client):
        self.raw = raw
        self.client = client

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        out = {"Authorization": f"Bearer {self.raw}"} if self.raw else {}
        out.update(headers or {})
        return out

    def get(self, path: str, data: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.get(path, data, headers=self._headers(headers))

    def post(self, path: str, data: Any = None, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        kw.setdefault("content_type", "application/json")
        return self.client.post(path, data, headers=self._headers(headers), **kw)

    def generic(self, method: str, path: str, headers: dict[str, str] | None = None, **kw: Any) -> Any:
        return self.client.generic(method, path, headers=self._headers(headers), **kw)


@pytest.fixture(autouse=True)
def _fresh_rate_counters() -> None:
    cache.clear()


@pytest.fixture
def api_token_for(db: Any) -> Callable[..., tuple[Any, str]]:
    from cchc.api.tokens import api_token_create

    def make(user: Any, *, write: bool = False, name: str = "thử", **kw: Any) -> tuple[Any, str]:
        return api_token_create(user=user, name=name, write=write, **kw)

    return make


@pytest.fixture
def api(api_token_for: Callable[..., tuple[Any, str]]) -> Callable[..., ApiClient]:
    def make(user: Any = None, *, write: bool = False, raw: str | None = None) -> ApiClient:
        if user is not None:
            _, raw = api_token_for(user, write=write)
        return ApiClient(raw, Client())

    return make


@pytest.fixture
def keep_the_test_connection() -> Iterator[None]:
    """For calls through the WSGI handler (the fuzz tests): it closes the connection after each request, and the
    test's transaction must survive (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
