"""The job worker's health: heartbeats, stalled jobs and their retry (procrastinate).

A procrastinate worker writes a heartbeat every ``WORKER_HEARTBEAT_SECONDS``. A worker killed mid-job (SIGKILL, the
machine lost, the database gone) leaves its jobs in ``doing``; once its heartbeat is older than
``WORKER_STALLED_SECONDS`` they are *stalled*, and :func:`retry_stalled_jobs` (run every minute by the periodic task
``cchc.core.tasks.retry_stalled_jobs``) puts them back in the queue. Jobs must therefore tolerate running twice.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Max, Q
from django.utils import timezone


def stalled_after() -> float:
    """Seconds without a heartbeat after which a worker is dead and its running jobs stalled."""
    return float(settings.PROCRASTINATE_WORKER_DEFAULTS["stalled_worker_timeout"])


async def retry_stalled_jobs(job_manager, *, seconds_since_heartbeat: float | None = None) -> list[int]:
    """Put the jobs of dead workers back in the queue; return their ids."""
    seconds = stalled_after() if seconds_since_heartbeat is None else seconds_since_heartbeat
    stalled = await job_manager.get_stalled_jobs(seconds_since_heartbeat=seconds)
    for job in stalled:
        await job_manager.retry_job(job)
    return [job.id for job in stalled]


def worker_health() -> dict[str, Any]:
    """For /healthz: the newest worker heartbeat and the stalled jobs (the same rule as procrastinate's)."""
    from procrastinate.contrib.django.models import ProcrastinateJob, ProcrastinateWorker

    limit = timezone.now() - timedelta(seconds=stalled_after())
    try:
        last = ProcrastinateWorker.objects.aggregate(last=Max("last_heartbeat"))["last"]
        alive = ProcrastinateWorker.objects.filter(last_heartbeat__gte=limit).count()
        stalled = ProcrastinateJob.objects.filter(
            Q(worker__isnull=True) | Q(worker__last_heartbeat__lt=limit), status="doing"
        ).count()
    except DatabaseError:  # the job tables are missing (database not migrated)
        return {"status": "unknown"}
    return {
        "status": "ok" if alive else "down",
        "workers": alive,
        "last_heartbeat": last.isoformat() if last else None,
        "stalled_jobs": stalled,
    }
