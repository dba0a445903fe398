"""The "Công khai, minh bạch" indicators computed from the catalogue's publicity data — pure, no Django.

methodology.md §1.3 group 1 and §9 items 5–6, for a province (N = 5 working days; ministries use 20 for publishing
and 10 for updating):

- ``PUBLISH_ON_TIME`` — TTHC công bố đúng hạn / TTHC phải công bố trong kỳ. A procedure has to be published in the
  period when its publishing deadline (the legal basis's effective date − N working days) falls in the period, or
  when its publishing decision was signed in the period; it counts once. On time: the decision is dated on or before
  the deadline. A procedure without the legal basis's effective date cannot be judged and is left out.
- ``PUBLIC_UPDATE_ON_TIME`` — TTHC cập nhật, công khai đúng hạn. Denominator: the procedures made public in the
  period, plus those still waiting at the period's end whose deadline (decision date + N working days) fell by then.
  On time: made public within N working days of the decision.
- ``PUBLIC_CONTENT_FULL`` — counted at the current moment, not per period: the unit's procedures published with
  their full content on the unit's page, over all its procedures.

Which procedures are the unit's is the caller's choice (the selector takes those its dossiers show).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

PUBLICITY_WORKING_DAYS = 5  # province level


class Publicity(Protocol):
    decision_date: date | None
    legal_basis_effective_on: date | None
    published_on: date | None
    content_full: bool
    public_on_unit_page: bool


@dataclass(frozen=True)
class Window:
    first: date
    last: date

    def __contains__(self, d: date | None) -> bool:
        return d is not None and self.first <= d <= self.last


AddWorkingDays = Callable[[date, int], date]


def publish_deadline(
    p: Publicity, add_working_days: AddWorkingDays, n: int = PUBLICITY_WORKING_DAYS
) -> date | None:
    if p.legal_basis_effective_on is None:
        return None
    return add_working_days(p.legal_basis_effective_on, -n)


def update_deadline(
    p: Publicity, add_working_days: AddWorkingDays, n: int = PUBLICITY_WORKING_DAYS
) -> date | None:
    if p.decision_date is None:
        return None
    return add_working_days(p.decision_date, n)


def publicity_counts(
    procedures: Iterable[Publicity],
    window: Window,
    add_working_days: AddWorkingDays,
    n: int = PUBLICITY_WORKING_DAYS,
) -> dict[str, tuple[int, int]]:
    """indicator code → (numerator, denominator) over the given procedures for the period ``window``."""
    procs = list(procedures)
    publish_ok = publish_due = 0
    update_ok = update_due = 0
    for p in procs:
        deadline = publish_deadline(p, add_working_days, n)
        if deadline is not None and (deadline in window or p.decision_date in window):
            publish_due += 1
            publish_ok += p.decision_date is not None and p.decision_date <= deadline
        due = update_deadline(p, add_working_days, n)
        if due is None:
            continue
        made_public = p.published_on in window
        waiting = (p.published_on is None or p.published_on > window.last) and due <= window.last
        if made_public or waiting:
            update_due += 1
            update_ok += made_public and p.published_on is not None and p.published_on <= due
    content_ok = sum(1 for p in procs if p.content_full and p.public_on_unit_page)
    return {
        "PUBLISH_ON_TIME": (publish_ok, publish_due),
        "PUBLIC_UPDATE_ON_TIME": (update_ok, update_due),
        "PUBLIC_CONTENT_FULL": (content_ok, len(procs)),
    }
