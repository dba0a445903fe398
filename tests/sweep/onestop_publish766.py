"""The monthly public 766 results in the URL scope sweep: the public page (no login; published months only, unit
names and scores, no personal data) and the coordinators' page (no URL arguments: probed with every unit)."""

from __future__ import annotations

from typing import Any

PUBLIC = {"onestop:public766"}


def prepare(world: Any) -> None:
    """A published month of the city police (the demo's finisher publishes three; this makes sure of one)."""
    from cchc.onestop.models import Publication766

    if not Publication766.objects.exists():
        from cchc.onestop.demo import load_publications

        load_publications()
