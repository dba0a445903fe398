from django.apps import AppConfig


class ParindexConfig(AppConfig):
    name = "cchc.parindex"
    label = "parindex"
    verbose_name = "Chỉ số CCHC"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from cchc.core import demo, navigation

        from . import (
            attention,  # noqa: F401 - registers the home-page providers
            sources,
        )
        from .demo import load_demo, publish_demo_rounds, refresh_demo_computed

        navigation.register(
            navigation.Module(
                "parindex", _("Chỉ số CCHC"), "parindex:index", _visible, prefix="/chi-so-cchc/"
            )
        )
        demo.register_loader("parindex", load_demo)
        demo.register_finisher("parindex", refresh_demo_computed)
        demo.register_finisher("parindex-publish", publish_demo_rounds)
        sources.register()


def _visible(user) -> bool:
    return user.is_authenticated
