"""What the ranking and year-over-year pages show, computed from published result documents. Pure: no Django.

A result document (``results.result_document``) lists ``units``, each with ``code``, ``name``, ``rank``, ``index``,
``band``, points and ``fields`` (one entry per lĩnh vực: ``code``, ``title``, ``percent``); these functions read it
and return plain data the templates lay out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Unit = Mapping[str, Any]  # a unit entry of a result document


def _dec(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def find_units(units: Sequence[Unit], text: str) -> list[Unit]:
    """The units whose code or name holds ``text`` (case-insensitive); all of them when ``text`` is empty."""
    text = text.strip().lower()
    if not text:
        return list(units)
    return [u for u in units if text in u["code"].lower() or text in u["name"].lower()]


def bands(document: Mapping[str, Any] | None) -> list[tuple[str, Decimal]]:
    """The document's bands as (name, minimum index)."""
    if not document:
        return []
    return [(b["name"], Decimal(str(b["min"]))) for b in document.get("bands", [])]


def field_averages(units: Sequence[Unit]) -> list[tuple[Mapping[str, Any], Decimal | None]]:
    """Per lĩnh vực (in the order of the first unit's fields): the mean of the units' percentages, to 0.01, over
    the units that have one (None when none has)."""
    heads = units[0]["fields"] if units else []
    out: list[tuple[Mapping[str, Any], Decimal | None]] = []
    for i, field in enumerate(heads):
        values = [
            Decimal(str(u["fields"][i]["percent"])) for u in units if u["fields"][i]["percent"] is not None
        ]
        out.append(
            (field, (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")) if values else None)
        )
    return out


@dataclass(frozen=True)
class RankingRow:
    """One row of the ranking table: the unit's entry, whether it is one of the user's units, and the assessment
    whose scorecard the row links to (None: shown without a link)."""

    unit: Unit
    mine: bool
    scorecard: int | None


def ranking_rows(
    units: Iterable[Unit], assessment_ids: Mapping[str, int], own_codes: set[str], *, sees_all: bool
) -> list[RankingRow]:
    """Rows of the ranking table. A row links to its scorecard when the user sees the whole round (coordinators,
    council, leaders) or the unit is their own, and the unit has an assessment."""
    rows = []
    for u in units:
        mine = u["code"] in own_codes
        linked = (sees_all or mine) and u["code"] in assessment_ids
        rows.append(RankingRow(u, mine, assessment_ids[u["code"]] if linked else None))
    return rows


@dataclass(frozen=True)
class Published:
    """The latest published result of one round, as far as the user may see it: ``units`` are the rows shown."""

    year: int
    units: Sequence[Unit]


@dataclass(frozen=True)
class YearTable:
    years: list[int]
    rows: list[tuple[str, dict]]  # (unit code, {"name", "by_year": {year: unit entry}}), by code
    series: list[tuple[str, list[tuple[int, Decimal | None]]]]  # per unit (first seen first): index by year


def year_table(published: Iterable[Published]) -> YearTable:
    """Units' published results side by side, year by year (rounds taken oldest first; a unit keeps the name it
    had when first seen)."""
    published = sorted(published, key=lambda p: p.year)
    table: dict[str, dict] = {}
    for p in published:
        for u in p.units:
            row = table.setdefault(u["code"], {"name": u["name"], "by_year": {}})
            row["by_year"][p.year] = u
    years = sorted({p.year for p in published})
    series = [
        (
            row["name"],
            [(y, _dec(row["by_year"][y]["index"]) if y in row["by_year"] else None) for y in years],
        )
        for row in table.values()
    ]
    return YearTable(years, sorted(table.items()), series)


def heat_cells(units: Iterable[Unit]) -> list[tuple[Unit, list[tuple[Mapping[str, Any], str]]]]:
    """Per unit, its lĩnh vực entries each with the background colour of its percentage."""
    from .charts import heat_color

    return [(u, [(f, heat_color(_dec(f["percent"]))) for f in u["fields"]]) for u in units]
