"""Abandoned import uploads (staged for a preview, never confirmed) are deleted by the nightly job."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cchc.core.tasks import purge_staged_imports


def test_the_job_deletes_staged_files_older_than_a_day_and_keeps_fresh_ones(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = default_storage.save("imports/units/7-abc.xlsx", ContentFile(b"personal data"))
    fresh = default_storage.save("imports/dossiers/7-def", ContentFile(b"code,unit_code"))
    kept = default_storage.save("plans/evidence/2026/a.pdf", ContentFile(b"%PDF"))
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(Path(tmp_path) / old, (two_days_ago, two_days_ago))
    os.utime(Path(tmp_path) / kept, (two_days_ago, two_days_ago))

    assert purge_staged_imports() == 1

    assert not default_storage.exists(old)
    assert default_storage.exists(fresh) and default_storage.exists(kept)  # evidence is not staging


def test_the_job_is_scheduled():
    from procrastinate.contrib.django import app

    assert {"cchc.core.tasks.purge_staged_imports", "cchc.plans.tasks.purge_plan_import_drafts"} <= set(
        app.tasks
    )
