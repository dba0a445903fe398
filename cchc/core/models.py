"""Abstract bases shared by the modules' models (no tables of their own)."""

from __future__ import annotations

from django.db import models


class TimestampedModel(models.Model):
    """``created_at`` (set once, on insert) and ``updated_at`` (set on every ``save()``; not by ``QuerySet.update``,
    which must set it itself when it matters)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
