"""Import uploads staged for a preview: where they are kept, and their deletion once abandoned.

A preview keeps the uploaded file (units: ``imports/units/``; dossiers awaiting their column mapping:
``imports/dossiers/``) in the default storage under a random token until the user confirms; a user who never
confirms leaves personal data on disk. :func:`purge_staged_files` — run nightly by ``cchc.core.tasks
.purge_staged_imports`` — deletes every file under :data:`STAGING_DIR` untouched for ``IMPORT_STAGED_MAX_HOURS``
(the plans' import drafts, kept in the database, are purged by ``cchc.plans.tasks.purge_plan_import_drafts``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

STAGING_DIR = "imports"


def staged_cutoff(now: datetime | None = None) -> datetime:
    """Staged files and drafts last touched before this moment are abandoned."""
    return (now or timezone.now()) - timedelta(hours=settings.IMPORT_STAGED_MAX_HOURS)


def purge_staged_files(*, before: datetime | None = None, storage=None) -> int:
    """Delete the staged import files last modified before ``before`` (default: :func:`staged_cutoff`); returns
    how many were deleted."""
    storage = storage or default_storage
    before = before or staged_cutoff()
    deleted = 0
    pending = [STAGING_DIR]
    while pending:
        folder = pending.pop()
        try:
            dirs, files = storage.listdir(folder)
        except FileNotFoundError:
            continue
        pending.extend(f"{folder}/{d}" for d in dirs)
        for name in files:
            path = f"{folder}/{name}"
            try:
                if storage.get_modified_time(path) < before:
                    storage.delete(path)
                    deleted += 1
            except FileNotFoundError:  # removed meanwhile (the user confirmed)
                continue
    return deleted
