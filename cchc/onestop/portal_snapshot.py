"""Converting a crawled portal snapshot (``../shared/data/766/gialai_2026-09-24.json``) into the input of
``score766``, and reading back what the portal published, so the scoring can be checked against it.

The portal publishes counts for most indicators, only a ratio for ELECTRONIC_CERTIFIED_COPY, and the ONLINE and TTTT
groups without all the counts behind them: those two are passed as the published group scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DIRECT_GROUPS = ("ONLINE", "TTTT")


def _indicator(raw: Mapping[str, Any]) -> dict[str, Any] | None:
    if raw.get("numerator") is not None and raw.get("denominator") is not None:
        return {"numerator": raw["numerator"], "denominator": raw["denominator"]}
    if raw.get("ratio") is not None:
        return {"ratio": raw["ratio"]}
    if raw.get("score") is not None:
        return {"score": raw["score"]}
    return None


def snapshot_to_input(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The snapshot's units in the input shape of ``score766`` (ONLINE and TTTT given as published scores)."""
    units = []
    for u in snapshot["units"]:
        indicators: dict[str, Any] = {}
        for raw in u["indicators"]:
            value = _indicator(raw)
            if value is not None:
                indicators[raw["code"]] = value
        for code in DIRECT_GROUPS:
            indicators[code] = {"score": u["groups"][code]}
        units.append({"code": u["code"], "name": u["name"], "group": u["group"], "indicators": indicators})
    return {"units": units}


def published_scores(snapshot: Mapping[str, Any]) -> dict[str, dict[str, dict[str, float | None]]]:
    """unit code → {"indicators": {code: published score}, "groups": {code: published score}}."""
    return {
        u["code"]: {
            "indicators": {i["code"]: i["score"] for i in u["indicators"]},
            "groups": dict(u["groups"]),
        }
        for u in snapshot["units"]
    }
