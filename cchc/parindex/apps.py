from django.apps import AppConfig


class ParindexConfig(AppConfig):
    name = "cchc.parindex"
    label = "parindex"
