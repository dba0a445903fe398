from django.apps import AppConfig


def _sees_plans(user) -> bool:
    from cchc.orgs.scope import scope_for

    scope = scope_for(user)
    return user.is_authenticated and (scope.is_admin or bool(scope.memberships))


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = "Kế hoạch CCHC"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from cchc.core.demo import register_loader
        from cchc.core.navigation import Module, register

        from . import (
            attention,  # noqa: F401 - registers the home-page providers
            tasks,  # noqa: F401 - registers the reminder job
        )
        from .demo import load_demo

        register(Module("plans", _("Kế hoạch"), "plans:plan_list", _sees_plans, prefix="/ke-hoach/"))
        register_loader("plans", load_demo)
