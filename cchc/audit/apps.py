from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cchc.audit"
    label = "audit"
