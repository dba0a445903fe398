"""What changed between two published versions of a round's results (pure: plain dicts in, rows out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LeafChange:
    code: str
    before: Any
    after: Any


@dataclass(frozen=True)
class UnitChange:
    code: str
    name: str
    before: (
        dict[str, Any] | None
    )  # index, band, rank, bonus, penalty (None: the unit was not in that version)
    after: dict[str, Any] | None
    leaves: list[LeafChange] = field(default_factory=list)

    @property
    def delta(self) -> float | None:
        if not self.before or not self.after:
            return None
        a, b = self.before.get("index"), self.after.get("index")
        if a is None or b is None:
            return None
        return round(float(b) - float(a), 2)


KEYS = ("index", "band", "rank", "achieved", "bonus", "penalty")


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[UnitChange]:
    """The units whose result or leaf scores differ between two result documents, by code."""
    before = {u["code"]: u for u in old.get("units", [])}
    after = {u["code"]: u for u in new.get("units", [])}
    out = []
    for code in sorted(set(before) | set(after)):
        b, a = before.get(code), after.get(code)
        bl = (b or {}).get("leaves", {})
        al = (a or {}).get("leaves", {})
        leaves = [
            LeafChange(k, bl.get(k), al.get(k)) for k in sorted(set(bl) | set(al)) if bl.get(k) != al.get(k)
        ]
        facts_b = {k: b.get(k) for k in KEYS} if b else None
        facts_a = {k: a.get(k) for k in KEYS} if a else None
        if facts_b == facts_a and not leaves:
            continue
        name = (a or b or {}).get("name", code)
        out.append(UnitChange(code, name, facts_b, facts_a, leaves))
    return out
