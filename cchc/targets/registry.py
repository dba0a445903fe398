"""The measure registry: the modules owning the data say how a target's actual value is computed.

Each module registers one *source* per code prefix in its own ``targets.py`` (imported by
``TargetsConfig.ready()`` through ``autodiscover_modules("targets")``)::

    from cchc.targets.registry import MeasureSource, Value, register

    def compute(key, units, date_from, date_to):   # -> {unit_id: Value}; all the units at once
        ...

    register(MeasureSource("pakn", compute, codes=lambda: [("PETITION_PROCESSING_ON_TIME", _("…"))],
                           final_failures={"PETITION_PROCESSING_ON_TIME"}))

A code is ``<prefix>.<key>`` (``onestop.DOSSIER_ON_TIME``, ``pakn.PETITION_PROCESSING_ON_TIME``); ``compute`` is
called once per (key, period) for every unit measured, and must compute exactly what the owning module's own
command or page computes (the tests compare them). A unit it has no figure for is absent or maps to a ``Value``
whose ``actual`` is None. ``manual.<KEY>`` is not a source: its figure is typed on the target (only where no
source knows the key).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import quote_plus

from django.utils.functional import Promise

if TYPE_CHECKING:
    from cchc.orgs.models import OrgUnit


@dataclass(frozen=True)
class Value:
    """A unit's figure over the period: ``actual`` (a percent for ratios), the ratio's parts, the records' page."""

    actual: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    url: str = ""
    note: str = ""  # e.g. "giá trị thẩm định gần nhất, chưa công bố"


Compute = Callable[[str, Sequence["OrgUnit"], date, date], Mapping[int, Value]]


@dataclass(frozen=True)
class MeasureSource:
    prefix: str
    compute: Compute
    # the keys it knows, with their Vietnamese titles (the form's choices); called lazily (may read the database)
    codes: Callable[[], Sequence[tuple[str, str | Promise]]]
    module: str = ""
    final_failures: Collection[str] = field(default_factory=frozenset)  # keys whose failed cases stay failed
    not_percent: Collection[str] = field(default_factory=frozenset)  # keys that are scores, not shares


_SOURCES: dict[str, MeasureSource] = {}


def register(source: MeasureSource) -> None:
    _SOURCES[source.prefix] = source


def unregister(prefix: str) -> None:
    _SOURCES.pop(prefix, None)


def split(code: str) -> tuple[str, str]:
    prefix, _sep, key = code.partition(".")
    return prefix, key


def source_for(code: str) -> MeasureSource | None:
    prefix, key = split(code)
    return _SOURCES.get(prefix) if key else None


def sources() -> list[MeasureSource]:
    return [_SOURCES[k] for k in sorted(_SOURCES)]


def known_codes() -> list[tuple[str, str]]:
    """Every platform measure: (``prefix.KEY``, title), in the registry's order."""
    out: list[tuple[str, str]] = []
    for s in sources():
        out += [(f"{s.prefix}.{key}", str(title)) for key, title in s.codes()]
    return out


def is_known(code: str) -> bool:
    src = source_for(code)
    if src is None:
        return False
    _prefix, key = split(code)
    return any(k == key for k, _t in src.codes())


def title_of(code: str) -> str:
    src = source_for(code)
    if src is not None:
        _prefix, key = split(code)
        for k, t in src.codes():
            if k == key:
                return str(t)
    return ""


def platform_knows_key(key: str) -> str | None:
    """The platform code for a ``manual.<KEY>`` whose KEY a source computes (then the manual target is refused)."""
    for s in sources():
        for k, _t in s.codes():
            if k.upper() == key.upper():
                return f"{s.prefix}.{k}"
    return None


def outermost(units: Sequence[OrgUnit]) -> list[OrgUnit]:
    """The units not under another of ``units`` (the roots to read once for all of them)."""
    ordered = sorted(units, key=lambda u: u.path)
    out: list[OrgUnit] = []
    for u in ordered:
        if not out or not u.path.startswith(out[-1].path):
            out.append(u)
    return out


def path_ids(path: str) -> list[int]:
    """The ids on a unit's path, root first, the unit itself last."""
    return [int(x) for x in path.strip("/").split("/") if x]


_SAFE = re.compile(r"[A-Za-z0-9._-]*")


def link(base: str, **params: object) -> str:
    """``base?k=v&…`` with the values quoted as ``urlencode`` does (``quote_plus``), for thousands of rows: the
    caller resolves ``base`` (``reverse``) once; codes and dates need no quoting and are not run through it."""
    parts = []
    for k, v in params.items():
        text = str(v)
        parts.append(f"{k}={text if _SAFE.fullmatch(text) else quote_plus(text)}")
    return base + "?" + "&".join(parts)
