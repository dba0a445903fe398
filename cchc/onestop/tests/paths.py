"""The repository and the shared documents it is tested against (``../shared``; tests skip without them)."""

from pathlib import Path

from tests.shared_docs import shared_path

REPO = Path(__file__).resolve().parents[3]


def gialai_path() -> Path:
    """The crawled Gia Lai portal snapshot (skips the calling test when ../shared is absent)."""
    return shared_path("data", "766", "gialai_2026-09-24.json")
