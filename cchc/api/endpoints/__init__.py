"""One router per module; ``register`` mounts them all on the API object (one path, one router)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ninja import NinjaAPI

# The endpoint modules, each with a ``router`` (a new module is added here).
MODULES = (
    "units",
    "plans",
    "reports",
    "parindex",
    "indicators",
    "pakn",
    # the writes (issue 20 part B)
    "onestop_dossiers",
    "plans_progress",
    "data_values",
    "targets",
)
# Modules adding operations to a router above (one path, one router): POST /pakn on ``pakn``'s router.
EXTENSIONS = ("pakn_write",)


def register(api: NinjaAPI) -> None:
    for name in EXTENSIONS:  # operations on another module's router: imported before it is mounted
        importlib.import_module(f"{__name__}.{name}")
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        api.add_router("/", module.router)
