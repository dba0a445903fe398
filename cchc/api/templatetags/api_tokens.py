"""``{% api_tokens_card %}``: the account page's API tokens section (the account app does not import this one)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("api/_tokens_card.html", takes_context=True)
def api_tokens_card(context: dict[str, Any]) -> dict[str, Any]:
    from ..selectors import tokens_of

    request = context["request"]
    return {
        "tokens": list(tokens_of(request.user)),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
