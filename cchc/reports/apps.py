from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cchc.reports"
    label = "reports"
    verbose_name = "Báo cáo CCHC"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from cchc.core.demo import register_finisher, register_loader
        from cchc.core.navigation import Module, register

        from . import (
            attention,  # noqa: F401 - registers the home-page providers
            drilldown,
            sources,
        )
        from .demo import load_demo, refresh_figure_snapshots

        register(Module("reports", _("Báo cáo"), "reports:index", _signed_in, prefix="/bao-cao/"))
        register_loader("reports", load_demo)
        register_finisher("reports", refresh_figure_snapshots)
        sources.register_available()
        drilldown.register()


def _signed_in(user) -> bool:
    return user.is_authenticated
