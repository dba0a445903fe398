"""The leaders' pages in the URL scope sweep. ``leaders:index``, ``leaders:summary_pdf`` and
``leaders:digest_settings`` take no URL arguments: the sweep opens each as every persona and probes it with
``?unit=<marked unit>`` (the sibling ward, another organisation's ward), which must answer 403/404 to whoever does not
see the unit — the view fetches the unit through ``get_unit_for_user`` before anything is read. The records the page
counts are the other modules' (already marked by their own sweep files), so nothing more is prepared here."""

from __future__ import annotations

from typing import Any

TARGETS: dict[str, Any] = {}


def prepare(world: Any) -> None:
    """Nothing of its own to mark: the page reads the plans, one-stop, PAKN, inspections and reports records."""
