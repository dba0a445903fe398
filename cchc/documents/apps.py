from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_units(user) -> bool:
    from cchc.orgs.scope import scope_for

    return user.is_authenticated and not scope_for(user).view.empty


class DocumentsConfig(AppConfig):
    name = "cchc.documents"
    label = "documents"
    verbose_name = _("Văn bản")

    def ready(self) -> None:
        from cchc.core import navigation
        from cchc.core.demo import register_loader

        from .demo import load_demo

        register_loader("documents", load_demo)

        navigation.register(
            navigation.Module("documents", _("Văn bản"), "documents:index", _sees_units, prefix="/van-ban/")
        )
