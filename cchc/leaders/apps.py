from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _visible(user: Any) -> bool:
    from .selectors import may_open

    return may_open(user)


class LeadersConfig(AppConfig):
    name = "cchc.leaders"
    label = "leaders"
    verbose_name = _("Lãnh đạo")

    def ready(self) -> None:
        from cchc.core.navigation import Module, register

        from .exceptions import register_listings

        register(Module("leaders", _("Lãnh đạo"), "leaders:index", _visible, prefix="/lanh-dao/"))
        register_listings()
