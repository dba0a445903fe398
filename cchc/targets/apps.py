from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _visible(user: Any) -> bool:
    from cchc.orgs.scope import scope_for

    return bool(user.is_authenticated) and not scope_for(user).view.empty


class TargetsConfig(AppConfig):
    name = "cchc.targets"
    label = "targets"
    verbose_name = _("Chỉ tiêu")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from cchc.core.demo import register_loader
        from cchc.core.navigation import Module, register

        from .demo import load_demo

        # Each module registers its measures in its own ``targets.py`` (cchc/onestop/targets.py, …).
        autodiscover_modules("targets")
        register(Module("targets", _("Chỉ tiêu"), "targets:list", _visible, prefix="/chi-tieu/"))
        register_loader("targets", load_demo)
