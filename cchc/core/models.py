"""Abstract bases shared by the modules' models (no tables of their own)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.db import models


class TimestampedModel(models.Model):
    """``created_at`` (set once, on insert) and ``updated_at`` (set on every ``save()``; not by ``QuerySet.update``,
    which must set it itself when it matters)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class EvidenceBase(models.Model):
    """An evidence file kept for a record (plans: minh chứng of a progress report; parindex: tài liệu kiểm chứng of
    an assessment). Subclasses declare ``file`` (a ``FileField`` with their own ``upload_to``), ``size`` and their
    label (``name``/``title``); they are handed out by :func:`cchc.core.evidence.evidence_download` only, which
    checks access through the subclass's aggregate getter first."""

    created_at = models.DateTimeField(auto_now_add=True)
    if TYPE_CHECKING:  # each subclass declares it with its own upload_to
        file = models.FileField()

    class Meta:
        abstract = True

    @property
    def has_file(self) -> bool:
        return bool(getattr(self, "file", None))

    def download_name(self) -> str:
        """The name the file is downloaded under (default: the stored file's name)."""
        return PurePosixPath(self.file.name or "").name if self.has_file else ""
