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

        from cchc.core import drill
        from cchc.core.demo import register_loader
        from cchc.core.navigation import Module, register
        from cchc.reports.figures import Figure, register_figure_source

        from . import attention  # noqa: F401 - registers the home-page providers
        from .demo import load_demo
        from .selectors import inspection_figures, visits_listing, visits_records_url

        register(
            Module("inspections", _("Kiểm tra"), "inspections:index", _sees_inspections, prefix="/kiem-tra/")
        )
        register_loader("inspections", load_demo)
        register_figure_source(
            "inspections",
            inspection_figures,
            module="inspections",
            figures=[
                Figure("visits", _("Cuộc kiểm tra CCHC đã kết luận")),
                Figure("visits_on_site", _("Cuộc kiểm tra trực tiếp")),
                Figure("visits_electronic", _("Cuộc kiểm tra trực tuyến")),
                Figure("self_inspections", _("Cuộc tự kiểm tra của đơn vị trực thuộc")),
                Figure("findings", _("Tồn tại, hạn chế phát hiện")),
                Figure("findings_closed", _("Tồn tại, hạn chế đã khắc phục")),
                Figure("findings_open", _("Tồn tại, hạn chế chưa khắc phục")),
                Figure("findings_overdue", _("Tồn tại, hạn chế quá hạn khắc phục")),
            ],
            records=visits_records_url,
        )
        drill.register("inspection_visits", visits_listing)

        from django.apps import apps

        if apps.is_installed("cchc.parindex"):
            from .parindex_rule import register as register_par_rule

            register_par_rule()
