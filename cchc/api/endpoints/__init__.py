"""One router per module; ``register`` mounts them all on the API object."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ninja import NinjaAPI


def register(api: NinjaAPI) -> None:
    from . import units

    api.add_router("/", units.router)

    from .writes import register_writes  # issue 20 part B: POST endpoints

    register_writes(api)
