"""What needs a user's attention, shown on their home page. Each module registers a provider.

A provider is ``fn(user) -> list[Item]``; it must only list what the user's scope lets them see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PROVIDERS: list[Callable] = []


@dataclass
class Item:
    title: str
    detail: str = ""
    url: str = ""
    level: str = "info"  # info | warning | danger
    count: int | None = None


def provider(fn: Callable) -> Callable:
    if fn not in PROVIDERS:
        PROVIDERS.append(fn)
    return fn


def items_for(user) -> list[Item]:
    items: list[Item] = []
    for fn in PROVIDERS:
        items.extend(fn(user))
    order = {"danger": 0, "warning": 1, "info": 2}
    return sorted(items, key=lambda i: order.get(i.level, 3))
