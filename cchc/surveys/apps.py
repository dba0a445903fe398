from django.apps import AppConfig


def _visible(user) -> bool:
    return user.is_authenticated


class SurveysConfig(AppConfig):
    name = "cchc.surveys"
    label = "surveys"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from cchc.core.demo import register_loader
        from cchc.core.navigation import Module, register

        from . import services  # noqa: F401 - connects the cache-invalidation signals

        register(Module("surveys", _("Khảo sát"), "surveys:index", _visible, prefix="/khao-sat/"))
        from .demo import load_demo

        register_loader("surveys", load_demo)
        try:
            from cchc.parindex.rules import register_source
        except ImportError:  # the PAR index module without its rule registry
            return
        from .selectors import organisation_survey_index_measure, survey_index_measure

        register_source("survey_index", survey_index_measure)
        register_source("organisation_survey_index", organisation_survey_index_measure)
