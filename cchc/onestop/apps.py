from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _visible(user) -> bool:
    from cchc.orgs.scope import scope_for

    return user.is_authenticated and not scope_for(user).view.empty


class OnestopConfig(AppConfig):
    name = "cchc.onestop"
    label = "onestop"
    verbose_name = _("Một cửa và Bộ chỉ số 766")

    def ready(self) -> None:
        from cchc.core.demo import register_finisher, register_loader
        from cchc.core.navigation import Module, register

        from . import attention  # noqa: F401  (registers the home-page provider)
        from .demo import load_demo, load_publications

        register(Module("onestop", _("Một cửa"), "onestop:index", _visible, prefix="/mot-cua/"))
        register_loader("onestop", load_demo)
        # the monthly public 766 results: after every module's data (PAKN records count in the 766 scores)
        register_finisher("onestop_publish766", load_publications)
