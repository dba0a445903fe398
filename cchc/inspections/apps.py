from django.apps import AppConfig


def _sees_inspections(user) -> bool:  # type: ignore[no-untyped-def]
    from cchc.orgs.scope import scope_for

    scope = scope_for(user)
    return bool(user.is_authenticated and (scope.is_admin or scope.memberships))


class InspectionsConfig(AppConfig):
    name = "cchc.inspections"
    label = "inspections"
    verbose_name = "Kiểm tra công tác CCHC"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from cchc.core.demo import register_loader
        from cchc.core.navigation import Module, register
        from cchc.reports.figures import register_figure_source

        from . import attention  # noqa: F401 - registers the home-page providers
        from .demo import load_demo
        from .selectors import inspection_figures

        register(
            Module("inspections", _("Kiểm tra"), "inspections:index", _sees_inspections, prefix="/kiem-tra/")
        )
        register_loader("inspections", load_demo)
        register_figure_source("inspections", inspection_figures)

        from django.apps import apps

        if apps.is_installed("cchc.parindex"):
            from .parindex_rule import register as register_par_rule

            register_par_rule()
