"""The write endpoints (issue 20 part B) and GET /targets, one router per module, mounted by ``register``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ninja import NinjaAPI


def register_writes(api: NinjaAPI) -> None:
    from . import data_values, onestop_dossiers, pakn_write, plans_progress

    for module in (onestop_dossiers, pakn_write, plans_progress, data_values):
        api.add_router("/", module.router)
