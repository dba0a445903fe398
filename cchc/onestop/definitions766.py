"""Loading the versioned definitions of the 766 index from ``data/index766.json`` (pure, no Django)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cchc.onestop.scoring import Scoring, to_cents

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "index766.json"


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    title: str
    group: str | None
    max: float
    scoring: Scoring


@dataclass(frozen=True)
class GroupDef:
    code: str
    title: str
    max: float
    direct: Scoring | None  # given as a score or a ratio (published without its parts)
    computed_by: str | None  # "payment": computed from the payment counts


@dataclass(frozen=True)
class PaymentTerm:
    name: str
    weight: float
    numerator: str
    denominator: str
    cap: float | None


@dataclass(frozen=True)
class Band:
    name: str
    min: float | None  # None: everything below the previous band


@dataclass(frozen=True)
class Definitions:
    id: str
    effective_from: date
    title: str
    sources: tuple[str, ...]
    groups: tuple[GroupDef, ...]
    indicators: tuple[IndicatorDef, ...]
    payment_group: str
    payment_terms: tuple[PaymentTerm, ...]
    from_dossiers: tuple[IndicatorDef, ...]
    bands: tuple[Band, ...]
    bands_confirmed: bool

    def group(self, code: str) -> GroupDef:
        for g in self.groups:
            if g.code == code:
                return g
        raise KeyError(code)

    def indicator(self, code: str) -> IndicatorDef:
        for i in (*self.indicators, *self.from_dossiers):
            if i.code == code:
                return i
        raise KeyError(code)

    def payment_fields(self) -> tuple[str, ...]:
        names: list[str] = []
        for t in self.payment_terms:
            for n in (t.numerator, t.denominator):
                if n not in names:
                    names.append(n)
        return tuple(names)

    def band_for(self, total_cents: int) -> str:
        for b in self.bands:
            if b.min is None or total_cents >= to_cents(b.min):
                return b.name
        return self.bands[-1].name


def _scoring(raw: dict[str, Any]) -> Scoring:
    fn = raw.get("fn", "lin")
    if fn not in ("lin", "thr", "none"):
        raise ValueError(f"unknown scoring function {fn!r}")
    if fn == "thr" and not raw.get("threshold"):
        raise ValueError("thr needs a positive threshold")
    zero = raw.get("zero_denominator", "zero")
    if zero not in ("zero", "full"):
        raise ValueError(f"unknown zero_denominator {zero!r}")
    return Scoring(fn=fn, threshold=raw.get("threshold", 100), zero_denominator=zero)


def _indicator(raw: dict[str, Any]) -> IndicatorDef:
    return IndicatorDef(
        code=raw["code"],
        title=raw["title"],
        group=raw.get("group"),
        max=raw["max"] if raw["max"] is not None else 0,
        scoring=_scoring(raw.get("scoring", {})),
    )


def _version(raw: dict[str, Any]) -> Definitions:
    groups = tuple(
        GroupDef(
            code=g["code"],
            title=g["title"],
            max=g["max"],
            direct=_scoring(g["direct"]) if "direct" in g else None,
            computed_by=g.get("computed_by"),
        )
        for g in raw["groups"]
    )
    payment = raw.get("payment", {})
    defs = Definitions(
        id=raw["id"],
        effective_from=date.fromisoformat(raw["effective_from"]),
        title=raw.get("title", ""),
        sources=tuple(raw.get("sources", ())),
        groups=groups,
        indicators=tuple(_indicator(i) for i in raw["indicators"]),
        payment_group=payment.get("group", ""),
        payment_terms=tuple(
            PaymentTerm(t["name"], t["weight"], t["numerator"], t["denominator"], t.get("cap"))
            for t in payment.get("terms", ())
        ),
        from_dossiers=tuple(_indicator(i) for i in raw.get("from_dossiers", ())),
        bands=tuple(Band(b["name"], b["min"]) for b in raw["bands"]["levels"]),
        bands_confirmed=bool(raw["bands"].get("confirmed", False)),
    )
    _check(defs)
    return defs


def _check(defs: Definitions) -> None:
    """Internal consistency of a version: known groups, unique codes, maxima adding up."""
    codes = [i.code for i in (*defs.indicators, *defs.from_dossiers)] + [g.code for g in defs.groups]
    if len(codes) != len(set(codes)):
        raise ValueError(f"{defs.id}: duplicate codes")
    group_codes = {g.code for g in defs.groups}
    for i in defs.indicators:
        if i.group not in group_codes:
            raise ValueError(f"{defs.id}: {i.code} has unknown group {i.group!r}")
    for g in defs.groups:
        parts = [i.max for i in defs.indicators if i.group == g.code]
        if parts and to_cents(sum(parts)) != to_cents(g.max):
            raise ValueError(f"{defs.id}: indicators of {g.code} add up to {sum(parts)}, not {g.max}")
        if not parts and g.direct is None:
            raise ValueError(f"{defs.id}: group {g.code} has neither indicators nor a direct scoring")
    if defs.payment_terms and defs.payment_group not in group_codes:
        raise ValueError(f"{defs.id}: payment group {defs.payment_group!r} unknown")
    mins = [b.min for b in defs.bands]
    above = [m for m in mins[:-1] if m is not None]  # every band but the last has a minimum
    if (
        not mins
        or mins[-1] is not None
        or len(above) != len(mins) - 1
        or above != sorted(above, reverse=True)
    ):
        raise ValueError(f"{defs.id}: bands must descend and end with a catch-all (min null)")


def load_versions(path: Path = DEFAULT_PATH) -> list[Definitions]:
    """All versions of the file, oldest first."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return sorted((_version(v) for v in doc["versions"]), key=lambda d: d.effective_from)


def load_definitions(
    version: str | None = None, *, on: date | None = None, path: Path = DEFAULT_PATH
) -> Definitions:
    """The version named ``version``, else the one in force on ``on`` (latest effective_from ≤ on), else the latest."""
    versions = load_versions(path)
    if version is not None:
        for v in versions:
            if v.id == version:
                return v
        raise LookupError(f"no 766 definitions version {version!r}")
    if on is not None:
        in_force = [v for v in versions if v.effective_from <= on]
        if not in_force:
            raise LookupError(f"no 766 definitions version in force on {on.isoformat()}")
        return in_force[-1]
    return versions[-1]
