"""Put the cells of a damaged row under the right columns.

A row with as many cells as the header has columns is read by position. A row with fewer or more
cells (a converter dropped a cell, merged two, or split one in two) is aligned by dynamic
programming: cells keep their order, each goes to one column, a column may take several cells
(which are then joined) or none, and the alignment that best fits what each cell looks like
(units, a deadline, long text) wins.
"""

from __future__ import annotations

from functools import cache

from cchc.plans.deadlines import looks_like_deadline
from cchc.plans.importing.columns import CONTENT, COORDINATE, DEADLINE, LEAD, LEADER, PRODUCT
from cchc.plans.importing.model import Cell
from cchc.plans.importing.textnorm import fold
from cchc.plans.importing.units import looks_like_units

MERGE_PENALTY = 0.8
FRAGMENT_PENALTY = 0.1


def _fit(text: str, role: str | None, features: tuple[bool, bool] | None = None) -> float:
    """How well a non-empty cell text fits a column role."""
    deadline, units = features or (looks_like_deadline(text), looks_like_units(text))
    if role == CONTENT:
        return -2.0 if deadline else (-1.5 if units else 1.0)
    if role in (LEAD, COORDINATE):
        if units:
            return 2.0
        if deadline:
            return -2.0
        return -0.3 if text[:1].islower() else -1.0
    if role == DEADLINE:
        return 2.5 if deadline else (-2.0 if units else -1.0)
    if role == PRODUCT:
        return -1.0 if deadline or units else 0.5
    if role == LEADER:
        f = fold(text)
        return (
            1.5
            if f.startswith(("chu tich", "pho chu tich", "giam doc", "pho giam doc", "lanh dao"))
            else -0.5
        )
    return 0.0


def align(cells: list[Cell], roles: list[str | None]) -> list[list[Cell]]:
    """Assign `cells` (in order) to `roles`; returns, per role, the cells it received."""
    m, n = len(cells), len(roles)
    out: list[list[Cell]] = [[] for _ in roles]
    if m == 0 or n == 0:
        return out
    if m == n:
        for k, cell in enumerate(cells):
            out[k].append(cell)
        return out
    texts = [c.text for c in cells]
    fits = []
    for t in texts:
        features = (looks_like_deadline(t), looks_like_units(t)) if t else (False, False)
        fits.append([(_fit(t, r, features) if t else 0.0) for r in roles])

    @cache
    def best(i: int, j: int, used: bool) -> tuple[float, tuple[int, ...]]:
        if i == m:
            return 0.0, ()
        # Put cell i under role j.
        penalty = 0.0
        if used and texts[i]:
            # Gluing a fragment ("các địa") is cheap; gluing a complete cell is not.
            penalty = FRAGMENT_PENALTY if texts[i][:1].islower() else MERGE_PENALTY
        score, rest = best(i + 1, j, True)
        option = (fits[i][j] - penalty + score, (j, *rest))
        if j + 1 < n:
            skip_score, skip_rest = best(i, j + 1, False)
            if skip_score > option[0] + 1e-9:
                option = (skip_score, skip_rest)
        return option

    _score, path = best(0, 0, False)
    for cell, j in zip(cells, path, strict=True):
        out[j].append(cell)
    return out
