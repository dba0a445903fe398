from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _visible(user: Any) -> bool:
    from cchc.orgs.scope import scope_for

    return bool(user.is_authenticated) and not scope_for(user).view.empty


class PaknConfig(AppConfig):
    name = "cchc.pakn"
    label = "pakn"
    verbose_name = _("Phản ánh, kiến nghị")

    def ready(self) -> None:
        from cchc.core.demo import register_loader
        from cchc.core.navigation import Module, register
        from cchc.reports.figures import register_figure_source

        from . import attention  # noqa: F401  (registers the home-page provider)
        from .demo import load_demo
        from .figures import pakn_figures

        register(Module("pakn", _("Phản ánh, kiến nghị"), "pakn:index", _visible, prefix="/pakn/"))
        register_loader("pakn", load_demo)
        register_figure_source("pakn", pakn_figures)

        from cchc.onestop.unitscore import register_petition_source

        from .figures import petition_counts_by_unit

        register_petition_source(petition_counts_by_unit)
