from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "cchc.orgs"
    label = "orgs"
    verbose_name = "Tổ chức"

    def ready(self):
        from . import attention  # noqa: F401 - registers the home-page providers
