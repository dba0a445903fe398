"""Reads shared while one page is built: inside ``with shared():`` a read wrapped in ``remember(key, fn)`` runs once
per key and is handed out again to whoever asks for the same key; outside such a block ``fn`` simply runs.

For the pages that put several modules' figures side by side over the same data — the leaders' view: the 766 board,
the falls and the targets all read the subtree's dossier and PAKN counts for the same period — so each is read
once, not once per module. The values handed out are shared: callers must not change them. Nothing is kept after
the block (no staleness across requests). The block also fixes the page's moment (:func:`moment`): the periods
that end "now" end at the same instant for every module, so they are the same period.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TypeVar

T = TypeVar("T")

_MOMENT = ("moment",)
_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("cchc_shared_reads", default=None)


@contextmanager
def shared() -> Iterator[None]:
    """Share the reads made inside the block (a nested block joins the outer one)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({_MOMENT: datetime.now(UTC)})
    try:
        yield
    finally:
        _memo.reset(token)


def remember(key: Hashable, fn: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return fn()
    try:
        found: T = memo[key]
    except KeyError:
        found = memo[key] = fn()
    except TypeError:  # an unhashable key: not shared
        return fn()
    return found


def active() -> bool:
    return _memo.get() is not None


def moment() -> datetime | None:
    """The moment the block began (aware, UTC), or None outside a block."""
    memo = _memo.get()
    return None if memo is None else memo[_MOMENT]


def remember_units(key: Hashable, ids: frozenset[int] | None, fn: Callable[[], dict[int, T]]) -> dict[int, T]:
    """``remember`` for a read keyed by unit id (``ids``: the units asked for, None: every unit): a read for some
    units is answered from an earlier read of the same ``key`` for more units, keeping only theirs."""
    memo = _memo.get()
    if memo is None:
        return fn()
    try:
        held: list[tuple[frozenset[int] | None, dict[int, T]]] = memo.setdefault(("units", key), [])
    except TypeError:
        return fn()
    for got_ids, got in held:
        if got_ids == ids:
            return got
        if got_ids is None or (ids is not None and ids <= got_ids):
            return {k: v for k, v in got.items() if ids is None or k in ids}
    found = fn()
    held.append((ids, found))
    return found


def held_units(key: Hashable, ids: frozenset[int] | None) -> dict[int, Any] | None:
    """What ``remember_units(key, ids, ...)`` would hand out without reading: the answer of an earlier read of
    ``key`` for the same or more units inside the block, else None (nothing is read)."""
    memo = _memo.get()
    if memo is None:
        return None
    try:
        held: list[tuple[frozenset[int] | None, dict[int, Any]]] = memo.get(("units", key), [])
    except TypeError:
        return None
    for got_ids, got in held:
        if got_ids == ids:
            return got
        if got_ids is None or (ids is not None and ids <= got_ids):
            return {k: v for k, v in got.items() if ids is None or k in ids}
    return None


def id_array(ids: Iterable[int]) -> Any:
    """``field__in=id_array(ids)``: thousands of ids sent as one array parameter (``SELECT unnest(%s)``), not as
    thousands of placeholders the ORM compiles one by one."""
    from django.db.models.expressions import RawSQL

    return RawSQL("SELECT unnest(%s::bigint[])", (int_array(sorted(set(ids))),))


def int_array(values: Iterable[int]) -> str:
    """An integer array in PostgreSQL's text form (``{1,2,3}``), for a parameter cast in the query
    (``%(ids)s::bigint[]``): a list of thousands of numbers is sent as one string, not quoted number by number by
    the driver (each time the query names it)."""
    return "{" + ",".join(str(int(v)) for v in values) + "}"
