from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "cchc.workdays"
    label = "workdays"
