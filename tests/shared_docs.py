"""The project's shared documents (seeds, truth labels, portal data, contracts) beside the repository clone.

They live in ``<repo>/../shared`` on workstations and in CI. A test that reads one asks :func:`shared_path` for it:
when the file is absent (a clone on its own), the test is skipped with the path it looked for, never failed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str, pattern: str | None = None) -> Path:
    """``../shared/<parts...>`` (with ``pattern``: the first file of that directory matching the glob pattern), or
    skip the calling test when it does not exist."""
    path = SHARED.joinpath(*parts)
    if pattern is not None:
        matches = sorted(path.glob(pattern)) if path.is_dir() else []
        if not matches:
            pytest.skip(f"shared document {path / pattern} not found (../shared beside the repository)")
        return matches[0]
    if not path.exists():
        pytest.skip(f"shared document {path} not found (../shared beside the repository)")
    return path
