"""One router per module; ``register`` mounts them all on the API object (one path, one router)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ninja import NinjaAPI

# The endpoint modules, each with a ``router`` (a new module is added here).
MODULES = ("units", "plans", "reports", "parindex", "indicators", "pakn")


def register(api: NinjaAPI) -> None:
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        api.add_router("/", module.router)
