"""Figures from other modules, by key: the one place a module says "I know this number for a unit and a window".

A module registers a *figure source* from its ``AppConfig.ready()``::

    from cchc.reports.figures import Figure, register_figure_source

    register_figure_source(
        "dossiers",                         # the source key a report template's number field names
        dossier_figures,                    # fn(units, date_from, date_to) -> {unit_id: {field: value}}
        module="onestop",                   # the owning module, printed as "source" by report_figures
        figures=[Figure("received", _("Hồ sơ TTHC tiếp nhận")), …],   # what report_figures lists
        records=dossier_records_url,        # fn(unit, date_from, date_to, field) -> URL of the records, or ""
    )

* ``fn(units: QuerySet[OrgUnit], date_from, date_to) -> dict[unit_id, dict[field, Decimal | int | None]]`` answers
  for all the units at once (one query, not one per unit). A unit with no data may be absent, or map a field to
  ``None`` ("chưa có dữ liệu"); zero is a figure, not missing data.
* A figure's code is ``"<source>.<field>"`` (``dossiers.received``, ``surveys.index``, later ``pakn.received``,
  ``inspections.done``…). A numeric field of a report template names its ``source`` and ``source_field``; when the
  source is not registered (or has no figure for a unit), the field shows "chưa có dữ liệu" and stays editable.
* ``records(unit, date_from, date_to, field)`` gives the page listing the records behind the figure, built by the
  same query (drill-down); it returns "" when there is no such list.

Both the report form (:func:`collect`) and ``manage.py report_figures`` (:func:`unit_figures`) go through
:func:`_ask`, so they print the same numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

log = logging.getLogger(__name__)

Value = Decimal | int | None
FigureFn = Callable[..., Mapping[int, Mapping[str, Value]]]
RecordsFn = Callable[[Any, date, date, str], str]
SOURCES: dict[str, FigureFn] = {}


@dataclass(frozen=True)
class Figure:
    field: str
    title: Any  # str or a lazy translation


@dataclass(frozen=True)
class SourceInfo:
    key: str
    module: str
    figures: tuple[Figure, ...] = ()
    records: RecordsFn | None = None


INFO: dict[str, SourceInfo] = {}


def register_figure_source(
    key: str,
    fn: FigureFn,
    *,
    module: str = "",
    figures: Sequence[Figure] = (),
    records: RecordsFn | None = None,
) -> None:
    SOURCES[key] = fn
    INFO[key] = SourceInfo(key, module or key, tuple(figures), records)


def unregister_figure_source(key: str) -> None:
    SOURCES.pop(key, None)
    INFO.pop(key, None)


def registered(key: str) -> bool:
    return key in SOURCES


def _ask(key: str, units: Any, date_from: date, date_to: date) -> Mapping[int, Mapping[str, Value]] | None:
    fn = SOURCES.get(key)
    if fn is None:
        return None
    try:
        return fn(units, date_from, date_to) or {}
    except Exception:  # a broken source must not break reporting
        log.exception("figure source %s failed", key)
        return None


def records_url(key: str, unit: Any, date_from: date, date_to: date, field_name: str) -> str:
    """The page of the records behind a figure ("" when the source has none)."""
    info = INFO.get(key)
    if info is None or info.records is None:
        return ""
    try:
        return info.records(unit, date_from, date_to, field_name) or ""
    except Exception:
        log.exception("figure source %s: records link failed", key)
        return ""


def collect(fields: Iterable[Any], units: Any, date_from: date, date_to: date) -> dict[int, dict[str, Value]]:
    """Platform figures for template number fields: ``{unit_id: {field_key: value}}``.

    Each source is asked once for all units. A failing source is logged and treated as absent.
    """
    wanted_fields = [f for f in fields if f.source]
    by_source: dict[str, list[Any]] = {}
    for f in wanted_fields:
        by_source.setdefault(f.source, []).append(f)
    out: dict[int, dict[str, Value]] = {}
    for source, wanted in by_source.items():
        result = _ask(source, units, date_from, date_to)
        if result is None:
            continue
        for unit_id, values in result.items():
            row = out.setdefault(unit_id, {})
            for f in wanted:
                if f.source_field in values and values[f.source_field] is not None:
                    row[f.key] = values[f.source_field]
    return out


@dataclass
class UnitFigure:
    code: str
    title: str
    value: Value
    source: str
    url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "value": self.value, "source": self.source}


def unit_figures(unit: Any, date_from: date, date_to: date, *, links: bool = False) -> list[UnitFigure]:
    """Every registered figure of one unit for a window, in registration order (``report_figures``)."""
    from cchc.orgs.models import OrgUnit

    units = OrgUnit.objects.filter(pk=unit.pk)
    out: list[UnitFigure] = []
    for key, info in INFO.items():
        result = _ask(key, units, date_from, date_to)
        values = (result or {}).get(unit.pk, {})
        # a source registered without its list of figures: every field it gives, titled by its name
        listed = info.figures or tuple(Figure(name, name) for name in values)
        for fig in listed:
            value = values.get(fig.field)
            url = records_url(key, unit, date_from, date_to, fig.field) if links else ""
            out.append(UnitFigure(f"{key}.{fig.field}", str(fig.title), value, info.module, url))
    return out
