"""The PAR index pages added for the council, the leader's approval and version comparison (issue 15)."""

from __future__ import annotations

from typing import Any


def _round(w: Any) -> list[tuple[dict[str, Any], Any]]:
    r = w.objects["round"]
    return [({"pk": r.pk}, r.owner_unit)]


def _minutes(w: Any) -> list[tuple[dict[str, Any], Any]]:
    r = w.objects["round"]
    return [({"pk": r.pk, "round_no": 1}, r.owner_unit), ({"pk": r.pk, "round_no": 2}, r.owner_unit)]


def _assessment(w: Any) -> list[tuple[dict[str, Any], Any]]:
    a = w.objects["assessment"]
    return [({"pk": a.pk}, a.unit)]


TARGETS = {
    "parindex:round_submit": _round,
    "parindex:minutes": _minutes,
    "parindex:version_diff": _round,
    "parindex:consensus": _assessment,
}
