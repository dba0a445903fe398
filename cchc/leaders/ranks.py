"""The 766 total and the PAR index of the units under a unit, ranked among peers of the same kind (ward with ward,
department with department: ``OrgUnit.kind``), and the units that fell in a ranking since last month.

The 766 scores are the one-stop module's own (``cchc.onestop.unitscore.board``: the indicators page's table, one
batch over the subtree); the PAR index is the latest published result of the rounds the user may open
(``cchc.parindex.selectors.published_results``). Only the ranks among peers are computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from cchc.onestop.index766 import competition_ranks
from cchc.orgs.models import OrgUnit, UnitKind


@dataclass(frozen=True)
class RankRow:
    unit: OrgUnit
    value: Decimal | None
    rank: int  # among the rows of the same kind (1 = best)
    peers: int  # rows of that kind
    url: str  # the records behind the value


@dataclass(frozen=True)
class KindGroup:
    kind: str
    label: str
    rows: list[RankRow]


def _kind_label(kind: str) -> str:
    try:
        return str(UnitKind(kind).label)
    except ValueError:
        return kind


def group_by_kind(rows: Sequence[tuple[OrgUnit, Decimal | None, str]]) -> list[KindGroup]:
    """Rank (competition ranks: 1, 2, 2, 4) each unit among the units of its own kind; a unit with no value is
    listed last, unranked (rank 0)."""
    kinds: dict[str, list[tuple[OrgUnit, Decimal | None, str]]] = {}
    for row in rows:
        kinds.setdefault(row[0].kind, []).append(row)
    out = []
    for kind, members in sorted(kinds.items(), key=lambda kv: _kind_label(kv[0])):
        valued = [m for m in members if m[1] is not None]
        ranks = competition_ranks([int(Decimal(m[1]) * 100) for m in valued if m[1] is not None])
        ranked = [RankRow(m[0], m[1], r, len(valued), m[2]) for m, r in zip(valued, ranks, strict=True)]
        ranked.sort(key=lambda r: (r.rank, r.unit.path))
        ranked += [RankRow(m[0], None, 0, len(valued), m[2]) for m in members if m[1] is None]
        out.append(KindGroup(kind, _kind_label(kind), ranked))
    return out


def indicators_url(unit: OrgUnit, date_from: date, date_to: date) -> str:
    query = {"unit": unit.code, "from": date_from.strftime("%d/%m/%Y"), "to": date_to.strftime("%d/%m/%Y")}
    return reverse("onestop:indicators") + "?" + urlencode(query)


@dataclass(frozen=True)
class Score766:
    total: Decimal | None  # the unit's own 766 total over its subtree
    band: str
    url: str
    groups: list[KindGroup]  # its direct sub-units, ranked among peers of their kind


def score_766(unit: OrgUnit, date_from: date, date_to: date) -> Score766:
    """The 766 total of ``unit`` and of each direct sub-unit with dossiers (the indicators page's board)."""
    from cchc.onestop.ontime import period
    from cchc.onestop.unitscore import board
    from cchc.workdays.services import calendar_for

    b = board(unit, period(date_from, date_to), date_from, date_to, calendar_for(unit))
    rows = [
        (child, Decimal(result.total_cents) / 100, indicators_url(child, date_from, date_to))
        for child, _counts, result in b.children
    ]
    has_data = bool(b.own_counts.s or b.own_counts.r)
    return Score766(
        Decimal(b.own.total_cents) / 100 if has_data else None,
        b.own.band if has_data else "",
        indicators_url(unit, date_from, date_to),
        group_by_kind(rows),
    )


@dataclass(frozen=True)
class ParIndex:
    round_name: str
    year: int
    url: str  # the round's ranking
    own: Decimal | None  # the unit's own published index, when it was assessed
    own_rank: int
    own_peers: int
    groups: list[KindGroup]  # the assessed units under the unit, ranked among the round's units of their kind


def par_index(user: Any, unit: OrgUnit, year: int) -> list[ParIndex]:
    """The latest published PAR index results (the year of the period, else the latest before it) of the rounds
    the user may open, for the units under ``unit``; each ranked among all the round's units of the same kind."""
    from cchc.parindex.models import Assessment
    from cchc.parindex.selectors import published_results, rounds_for_user

    rounds = list(
        rounds_for_user(user)
        .filter(framework__year__lte=year, versions__isnull=False)
        .select_related("framework")
        .distinct()
        .order_by("-framework__year", "pk")
    )
    if not rounds:
        return []
    latest_year = rounds[0].framework.year
    rounds = [r for r in rounds if r.framework.year == latest_year]
    published = published_results(user, rounds)
    codes = {u["code"] for p in published for u in p.units}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    scorecards = dict(
        Assessment.objects.filter(round__in=rounds, unit__code__in=codes).values_list("unit__code", "pk")
    )
    out = []
    for rnd, pub in zip(rounds, published, strict=True):
        ranking_url = reverse("parindex:ranking", args=[rnd.pk])
        entries = [
            (units[u["code"]], None if u.get("index") is None else Decimal(str(u["index"])))
            for u in pub.units
            if u["code"] in units
        ]
        groups = group_by_kind(
            [
                (
                    ou,
                    value,
                    reverse("parindex:scorecard", args=[scorecards[ou.code]])
                    if ou.code in scorecards
                    else ranking_url,
                )
                for ou, value in entries
            ]
        )
        under = [
            KindGroup(
                g.kind,
                g.label,
                [r for r in g.rows if r.unit.path.startswith(unit.path) and r.unit.pk != unit.pk],
            )
            for g in groups
        ]
        own = next((r for g in groups for r in g.rows if r.unit.pk == unit.pk), None)
        out.append(
            ParIndex(
                rnd.name,
                latest_year,
                ranking_url,
                own.value if own else None,
                own.rank if own else 0,
                own.peers if own else 0,
                [g for g in under if g.rows],
            )
        )
    return out


@dataclass(frozen=True)
class Fall:
    unit: OrgUnit
    before: int
    now: int
    peers: int
    url: str


def falling_units(unit: OrgUnit, today: date) -> list[Fall]:
    """Direct sub-units of ``unit`` whose rank among peers of their kind by on-time dossiers (the 766
    DOSSIER_ON_TIME ratio over their subtree) fell from last month to this month — the home page's rule
    (``cchc.onestop.attention.falling_units``) among peers of the same kind. Two queries: the subtree, and the
    dossier counts of both months at once (the subtree read is the 766 board's, ``subtree_units``, shared on a page) (``on_time_by_unit``: ``unit_counts``' S and on time; rolled up along
    the paths, not per unit)."""
    from cchc.onestop.indicators import on_time_by_unit
    from cchc.onestop.ontime import period
    from cchc.onestop.selectors import month_bounds
    from cchc.onestop.unitscore import subtree_units

    this_from, _this_to = month_bounds(today)
    last_from, last_to = month_bounds(this_from - timedelta(days=1))
    subtree = subtree_units([unit])  # the 766 board's read of the subtree, shared on a page
    depth = unit.path.count("/")  # "/1/5/": the sub-units' own id is the path's part number ``depth - 1``
    children = {u.pk: u.unit() for u in subtree if u.path.count("/") == depth + 1}
    paths = {u.pk: u.path for u in subtree}
    months = on_time_by_unit([period(last_from, last_to), period(this_from, today)], unit.path)

    def ranks(counts: dict[int, tuple[int, int]]) -> dict[int, tuple[int, int]]:
        s: dict[int, int] = {}
        ok: dict[int, int] = {}
        for unit_id, (in_s, on_time) in counts.items():
            if unit_id not in paths:
                continue
            parts = paths[unit_id].strip("/").split("/")
            if len(parts) < depth:
                continue  # the unit's own dossiers
            child = int(parts[depth - 1])
            if child in children:
                s[child] = s.get(child, 0) + in_s
                ok[child] = ok.get(child, 0) + on_time
        rows = [(children[pk], Decimal(ok[pk] * 100) / s[pk], "") for pk in s if s[pk]]
        return {r.unit.pk: (r.rank, r.peers) for g in group_by_kind(rows) for r in g.rows}

    before, now = ranks(months[0]), ranks(months[1])
    out = [
        Fall(c, before[c.pk][0], now[c.pk][0], now[c.pk][1], indicators_url(unit, this_from, today))
        for c in sorted(children.values(), key=lambda u: u.path)
        if c.pk in before and c.pk in now and now[c.pk][0] > before[c.pk][0]
    ]
    return out
