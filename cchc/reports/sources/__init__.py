"""Figure sources the reports module provides for other modules, registered only when those modules exist."""


def register_available() -> None:
    from django.apps import apps

    from . import plans

    plans.register()
    if apps.is_installed("cchc.onestop"):
        from . import onestop

        onestop.register()
    if apps.is_installed("cchc.surveys"):
        from . import surveys

        surveys.register()
