"""Content-Security-Policy: every page carries it, scripts only from our own files, and no template holds an
inline script or an on*= handler (the policy would block them, so they must live in static JS files)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-z][^<>]*?\s(on[a-z]+|hx-on[:\w-]*)\s*=(?!=)", re.IGNORECASE)
TEMPLATE_TAG = re.compile(r"\{%.*?%\}", re.DOTALL)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def offences(html: str) -> list[str]:
    found = [m.group(0) for m in INLINE_SCRIPT.finditer(html)]
    found += [m.group(1) for m in HANDLER.finditer(html)]
    found += [m.group(0) for m in JS_URL.finditer(html)]
    return found


def templates() -> list[Path]:
    return sorted(set(ROOT.glob("templates/**/*.html")) | set(ROOT.glob("cchc/**/templates/**/*.html")))


def test_no_template_holds_an_inline_script_or_handler():
    bad = {
        str(p.relative_to(ROOT)): offences(TEMPLATE_TAG.sub(" ", p.read_text(encoding="utf-8")))
        for p in templates()
    }
    assert {path: found for path, found in bad.items() if found} == {}


def test_the_checker_sees_what_it_must():
    assert offences('<button onclick="go()">') and offences("<script>alert(1)</script>")
    assert offences('<div hx-on:click="x()">') and offences('<a href="javascript:void(0)">')
    assert not offences('<script src="/static/js/app.js" defer></script><p>Tôi online=1</p>')


def script_src(header: str) -> list[str]:
    for directive in header.split(";"):
        name, *values = directive.split()
        if name == "script-src":
            return values
    return []


def test_the_policy_allows_only_our_own_scripts():
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert "script-src" in directives and "default-src" in directives


def pages(patterns=None, prefix="") -> list[str]:
    """Every URL of the project that takes no argument."""
    found = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or "^" in route.lstrip("^") or "\\" in route:
            continue
        route = route.lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            found += pages(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            found.append("/" + prefix + route)
    return sorted(set(found))


@pytest.mark.django_db
def test_every_page_carries_the_policy_and_no_inline_script(client, personas):
    personas.admin.is_superuser = True
    personas.admin.save()
    client.raise_request_exception = False
    urls = pages()
    assert "/dang-nhap/" in urls and "/quan-tri-he-thong/" in urls and len(urls) > 20
    anonymous = client.get("/dang-nhap/")
    assert script_src(anonymous["Content-Security-Policy"]) == ["'self'"]
    client.force_login(personas.admin)
    seen = 0
    for url in urls:
        response = client.get(url)
        header = response.get("Content-Security-Policy", "")
        assert script_src(header) == ["'self'"], url
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            seen += 1
            assert offences(response.content.decode()) == [], url
    assert seen > 10
