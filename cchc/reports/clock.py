"""The time the reports module uses for submission stamps (one place, so tests can set it)."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
