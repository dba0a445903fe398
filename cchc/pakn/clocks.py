"""The step clocks of one PAKN record (``contracts/pakn.md`` "Clocks"). Pure: no Django import.

``due(t, n)`` is the contract's ``D(t, n)`` (``cchc.workdays.due.due_date`` in working days); it is passed in so
this module stays pure and the caller picks the calendar. Times after ``as_of`` are read as not yet happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Due = Callable[[datetime, int], datetime]
State = Literal["refused", "published", "handled", "waiting", "in_progress"]
StepName = Literal["refuse", "supplement", "handle", "publish"]


@dataclass(frozen=True)
class Limits:
    """Step limits in working days; the portal's set by default (the contract's figures always use it)."""

    refuse: int = 2
    supplement: int = 5
    handle: int = 15
    publish: int = 2


PORTAL = Limits()


@dataclass(frozen=True)
class Times:
    received_at: datetime
    transferred_at: datetime | None = None
    refused_at: datetime | None = None
    supplement_requested_at: datetime | None = None
    supplemented_at: datetime | None = None
    handled_at: datetime | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class Step:
    name: StepName
    due: datetime
    done_at: datetime | None  # None: still running at as_of
    on_time: bool  # done by the due time, or still within it at as_of


@dataclass(frozen=True)
class Clock:
    state: State
    steps: tuple[Step, ...]
    running: Step | None  # the step whose clock runs at as_of (None when waiting for the sender or finished)

    @property
    def on_time(self) -> bool:
        return all(s.on_time for s in self.steps)

    @property
    def overdue(self) -> bool:
        return not self.on_time


def _seen(t: datetime | None, as_of: datetime) -> datetime | None:
    return t if t is not None and t <= as_of else None


def start_of(t: Times, as_of: datetime) -> datetime:
    transferred = _seen(t.transferred_at, as_of)
    return max(t.received_at, transferred) if transferred is not None else t.received_at


def evaluate(t: Times, as_of: datetime, due: Due, limits: Limits = PORTAL) -> Clock:
    """The state and the steps of a record at ``as_of`` (a record received after ``as_of`` is not asked about)."""
    start = start_of(t, as_of)
    refused = _seen(t.refused_at, as_of)
    if refused is not None:
        step = Step("refuse", due(start, limits.refuse), refused, refused <= due(start, limits.refuse))
        return Clock("refused", (step,), None)
    steps: list[Step] = []
    requested = _seen(t.supplement_requested_at, as_of)
    supplemented = _seen(t.supplemented_at, as_of)
    handled = _seen(t.handled_at, as_of)
    published = _seen(t.published_at, as_of)
    if requested is not None:
        d = due(start, limits.supplement)
        steps.append(Step("supplement", d, requested, requested <= d))
        if supplemented is None and handled is None:
            return Clock("waiting", tuple(steps), None)
    restart = max(start, supplemented) if supplemented is not None else start
    d = due(restart, limits.handle)
    if handled is None:
        running = Step("handle", d, None, as_of <= d)
        steps.append(running)
        return Clock("in_progress", tuple(steps), running)
    steps.append(Step("handle", d, handled, handled <= d))
    d = due(handled, limits.publish)
    if published is None:
        running = Step("publish", d, None, as_of <= d)
        steps.append(running)
        return Clock("handled", tuple(steps), running)
    steps.append(Step("publish", d, published, published <= d))
    return Clock("published", tuple(steps), None)
