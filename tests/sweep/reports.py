"""Reports pages added by issue 14 (the unit's report as an official document, the cycle's unit sync), for the URL
scope sweep. The world's ``cycle`` and ``submission`` are prepared by the sweep itself (a sibling unit's report)."""

from __future__ import annotations

from typing import Any


def _cycle(w: Any) -> list:
    c = w.objects["cycle"]
    return [({"pk": c.pk}, c.office)]


def _submission(w: Any) -> list:
    s = w.objects["submission"]
    return [({"pk": s.pk}, s.unit)]


TARGETS = {
    "reports:cycle_sync": _cycle,
    "reports:cycle_coverage": _cycle,
    "reports:submission_document": _submission,
    "reports:submission_scan": _submission,
}
