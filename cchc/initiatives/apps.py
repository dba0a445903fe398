from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "cchc.initiatives"
    label = "initiatives"
    verbose_name = "Sáng kiến CCHC"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from cchc.core.demo import register_loader
        from cchc.core.navigation import Module, register

        from . import (
            attention,  # noqa: F401 - registers the home-page providers
            figures,
        )
        from .demo import load_demo

        register(Module("initiatives", _("Sáng kiến"), "initiatives:index", _signed_in, prefix="/sang-kien/"))
        register_loader("initiatives", load_demo)
        figures.register()

        from django.apps import apps

        if apps.is_installed("cchc.parindex"):
            from .parindex_bonus import register as register_par_bonus
            from .parindex_rule import register as register_par_rule

            register_par_rule()
            register_par_bonus()


def _signed_in(user: Any) -> bool:
    return bool(user.is_authenticated)
