"""Periodic housekeeping jobs of the platform (procrastinate)."""

from django.conf import settings
from django.core import management
from procrastinate.contrib.django import app

from cchc.core import worker


@app.periodic(cron="17 2 * * *")
@app.task(queue="maintenance", pass_context=False)
def clear_expired_sessions(timestamp: int) -> None:
    """Nightly: delete expired login sessions."""
    management.call_command("clearsessions")


@app.periodic(cron="37 2 * * *")
@app.task(queue="maintenance", pass_context=False)
def purge_staged_imports(timestamp: int | None = None) -> int:
    """Nightly: delete import files staged for a preview and never confirmed (older than IMPORT_STAGED_MAX_HOURS)."""
    from cchc.core.staging import purge_staged_files

    return purge_staged_files()


@app.periodic(cron=settings.WORKER_RETRY_STALLED_CRON)
@app.task(queue="maintenance", pass_context=True)
async def retry_stalled_jobs(context, timestamp: int) -> list[int]:
    """Every minute: the jobs of a worker that died mid-job (no heartbeat for WORKER_STALLED_SECONDS) run again."""
    return await worker.retry_stalled_jobs(context.app.job_manager)
