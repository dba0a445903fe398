"""Browser: the interactive API docs (/api/v1/docs) work with every asset served by the platform itself — any request
to another host is refused here, as on a network without Internet — and list the endpoints from the description,
under the Content-Security-Policy, without a token."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_lists_the_endpoints_with_no_cdn(page: Any, live_server: Any, org: Any) -> None:
    base = live_server.url
    own = urlsplit(base).netloc
    outside: list[str] = []
    failed: list[str] = []
    problems: list[str] = []

    def only_our_host(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).netloc == own or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_our_host)
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/api/v1/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("CCHC API")
    for path in ("/api/v1/units", "/api/v1/assignments", "/api/v1/onestop/dossiers", "/api/v1/data-values"):
        expect(page.locator(f".opblock-summary-path[data-path='{path}']").first).to_be_visible()
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()  # the bearer token is entered there

    page.locator(".opblock-summary-path[data-path='/api/v1/units']").first.click()  # an operation opens
    expect(page.locator(".opblock.is-open .parameters-container")).to_contain_text("under")
    assert outside == [], outside
    assert failed == [], failed
    assert problems == [], problems
