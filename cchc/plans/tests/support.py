"""The shared seeds and truth labels (``../shared`` beside the repository clone; tests skip without them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

from tests.shared_docs import shared_path

REPO = Path(settings.BASE_DIR)


def seed_path(number: str) -> Path:
    return shared_path("seeds", pattern=f"{number}_*.txt")


def truth(number: str) -> dict[str, Any]:
    return json.loads(shared_path("truth", f"seed{number}.json").read_text(encoding="utf-8"))
