from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cchc.accounts"
    label = "accounts"

    def ready(self):
        from . import lockout  # noqa: F401  (connects the failed-login log line)
