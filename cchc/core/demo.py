"""Demo data of every module, loaded by ``make run`` (``manage.py load_demo``).

The organisation comes first; each module registers its own loader from its AppConfig.ready() with
:func:`register_loader`. Loaders must be idempotent: running ``load_demo`` twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from cchc.orgs.demo import load_demo as load_orgs

LOADERS: list[tuple[str, Callable[[], None]]] = []
# Run after every loader: for demo data drawn from other modules' demo data (the reports' figure snapshots).
FINISHERS: list[tuple[str, Callable[[], None]]] = []


def register_loader(name: str, loader: Callable[[], None]) -> None:
    if all(existing != name for existing, _ in LOADERS):
        LOADERS.append((name, loader))


def register_finisher(name: str, finisher: Callable[[], None]) -> None:
    if all(existing != name for existing, _ in FINISHERS):
        FINISHERS.append((name, finisher))


def load_all() -> list[dict]:
    accounts = load_orgs()
    for _name, loader in LOADERS:
        loader()
    for _name, finisher in FINISHERS:
        finisher()
    return accounts
