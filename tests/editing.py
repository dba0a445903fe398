"""Helpers for tests of concurrent editing: two people's browsers, and the version a page carries."""

from __future__ import annotations

import re

from django.test import Client

VERSION_INPUT = re.compile(r'<input[^>]*name="edit_version"[^>]*>')
VALUE = re.compile(r'value="(\d+)"')


def browser(user) -> Client:
    """A separate signed-in client (the ``login`` fixture shares one)."""
    client = Client()
    client.force_login(user)
    return client


def loaded_version(response) -> str:
    """The version the page's hidden field carries (what the browser will post back)."""
    html = response.content.decode()
    tag = VERSION_INPUT.search(html)
    assert tag, "the page carries no edit_version field"
    value = VALUE.search(tag.group(0))
    assert value, f"the edit_version field has no value: {tag.group(0)}"
    return value.group(1)


def refused(response) -> str:
    """Assert the save was refused as stale; returns the page's text."""
    html = response.content.decode()
    assert response.status_code == 409, (response.status_code, html[:2000])
    assert "trong khi bạn đang sửa" in html
    return html
