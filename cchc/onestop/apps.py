from django.apps import AppConfig


class OnestopConfig(AppConfig):
    name = "cchc.onestop"
    label = "onestop"
