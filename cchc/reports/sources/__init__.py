"""Figure sources the reports module provides for other modules, registered only when those modules exist."""


def register_available() -> None:
    from . import plans

    plans.register()
