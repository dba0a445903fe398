"""Demo targets (filled in below)."""

from __future__ import annotations

from datetime import date


def load_demo(last_day: date | None = None) -> None:
    return None
