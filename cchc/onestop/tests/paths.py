"""Where the shared documents live: beside the repository (``<repo>/../shared``), in CI as on workstations."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SHARED = (REPO / ".." / "shared").resolve()
GIALAI = SHARED / "data" / "766" / "gialai_2026-09-24.json"
