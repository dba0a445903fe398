"""Where the shared seeds and truth labels live (`shared/` beside the repository clone)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

REPO = Path(settings.BASE_DIR)
SHARED = REPO.parent / "shared"


def seed_path(number: str) -> Path:
    matches = sorted((SHARED / "seeds").glob(f"{number}_*.txt"))
    if not matches:
        pytest.skip(f"shared seed {number} not found under {SHARED}")
    return matches[0]


def truth(number: str) -> dict[str, Any]:
    path = SHARED / "truth" / f"seed{number}.json"
    if not path.is_file():
        pytest.skip(f"truth file {path} not found")
    return json.loads(path.read_text(encoding="utf-8"))
