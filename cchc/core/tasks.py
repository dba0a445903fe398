"""Periodic housekeeping jobs of the platform (procrastinate)."""

from django.core import management
from procrastinate.contrib.django import app


@app.periodic(cron="17 2 * * *")
@app.task(queue="maintenance", pass_context=False)
def clear_expired_sessions(timestamp: int) -> None:
    """Nightly: delete expired login sessions."""
    management.call_command("clearsessions")
