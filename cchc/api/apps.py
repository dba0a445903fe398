from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "cchc.api"
    label = "api"
    verbose_name = _("API mở")

    def ready(self) -> None:
        from cchc.core.navigation import Module, register

        def admin(user: object) -> bool:
            from cchc.orgs.scope import scope_for

            return scope_for(user).is_admin  # type: ignore[arg-type]

        register(Module("api_log", _("Nhật ký API"), "api:call_log", admin, prefix="/nhat-ky-api/"))
