"""Drill-down: the list of records behind a computed number, built by the same query that computed it.

A module whose records have no list page of their own registers a *listing* by key::

    from cchc.core import drill

    def plan_task_listing(user, unit, date_from, date_to, params) -> drill.Listing:
        qs = filter_by_unit_scope(the_same_queryset_as_the_figure(unit, date_from, date_to), user)
        return drill.Listing(title, headers, [drill.Row([cell, …], url) for r in qs])

    drill.register("plan_tasks", plan_task_listing)

and links each number to ``drill.url("plan_tasks", unit, date_from, date_to, field="overdue")`` — the page
``/so-lieu/?ds=plan_tasks&unit=…&from=…&to=…&field=…`` (``core:drill``). The page fetches the unit through the scope
(404/403) before it calls the listing, and the listing reads through the scope as well. Where a module already has a
filtered list (the one-stop dossiers), link to that instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode


@dataclass
class Row:
    cells: list[str]
    url: str = ""


@dataclass
class Listing:
    title: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)


ListingFn = Callable[[Any, Any, date, date, Mapping[str, str]], Listing]
LISTINGS: dict[str, ListingFn] = {}


def register(key: str, fn: ListingFn) -> None:
    LISTINGS[key] = fn


def url(key: str, unit: Any, date_from: date, date_to: date, **params: str) -> str:
    from django.urls import reverse

    query = {"ds": key, "unit": unit.code, "from": date_from.isoformat(), "to": date_to.isoformat(), **params}
    return f"{reverse('drill')}?{urlencode(query)}"


def listing(
    user: Any, key: str, unit: Any, date_from: date, date_to: date, params: Mapping[str, str]
) -> Listing:
    return LISTINGS[key](user, unit, date_from, date_to, params)
