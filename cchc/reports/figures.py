"""Figures from other modules, by key. A module registers a source from its AppConfig.ready()::

    from cchc.reports.figures import register_figure_source
    register_figure_source("plan_tasks", plan_task_figures)

``fn(units: QuerySet[OrgUnit], date_from, date_to) -> dict[unit_id, dict[field_key, Decimal | int]]``. A numeric
field of a report template names its ``source`` and ``source_field``; when the source is not registered (or has no
figure for a unit), the field shows "chưa có dữ liệu" and stays editable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal

log = logging.getLogger(__name__)

FigureFn = Callable[..., Mapping[int, Mapping[str, Decimal | int]]]
SOURCES: dict[str, FigureFn] = {}


def register_figure_source(key: str, fn: FigureFn) -> None:
    SOURCES[key] = fn


def unregister_figure_source(key: str) -> None:
    SOURCES.pop(key, None)


def registered(key: str) -> bool:
    return key in SOURCES


def collect(
    fields: Iterable, units, date_from: date, date_to: date
) -> dict[int, dict[str, Decimal | int | None]]:
    """Platform figures for template number fields: ``{unit_id: {field_key: value or None}}``.

    Each source is asked once for all units. A failing source is logged and treated as absent.
    """
    fields = [f for f in fields if f.source]
    by_source: dict[str, list] = {}
    for f in fields:
        by_source.setdefault(f.source, []).append(f)
    out: dict[int, dict[str, Decimal | int | None]] = {}
    for source, wanted in by_source.items():
        fn = SOURCES.get(source)
        if fn is None:
            continue
        try:
            result = fn(units, date_from, date_to) or {}
        except Exception:  # a broken source must not break reporting
            log.exception("figure source %s failed", source)
            continue
        for unit_id, values in result.items():
            row = out.setdefault(unit_id, {})
            for f in wanted:
                if f.source_field in values and values[f.source_field] is not None:
                    row[f.key] = values[f.source_field]
    return out
