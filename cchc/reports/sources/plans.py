"""``plan_tasks`` figures (tasks due / done on time / done late / overdue in a window), when the plans module has
its assignment model. Until then nothing is registered and the report fields show "chưa có dữ liệu"."""

from __future__ import annotations


def register() -> None:
    """Register ``plan_tasks`` if ``cchc.plans.models`` exposes an assignment model with a status and a deadline."""
    return None
