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


def oversees(user) -> bool:
    """Leaders, appraisers and coordinators: people who see units they do not enter data for (no data scope of
    their own), so the data-scope items of the modules say nothing to them. Modules give them the overseer's items:
    what is overdue or falling in their view."""
    from cchc.orgs.scope import scope_for

    if not user.is_authenticated:
        return False
    scope = scope_for(user)
    return not scope.view.empty and scope.data.empty


def items_for(user) -> list[Item]:
    items: list[Item] = []
    for fn in PROVIDERS:
        items.extend(fn(user))
    order = {"danger": 0, "warning": 1, "info": 2}
    return sorted(items, key=lambda i: order.get(i.level, 3))
