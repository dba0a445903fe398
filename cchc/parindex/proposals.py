"""Bonuses other modules propose for a unit's assessment (an initiative recognised at provincial level or above),
shown on the assessment page beside the bonus and penalty entries, for the council to accept or reject.

A module registers ``fn(assessment, user) -> list[ProposedBonus]`` from its ``AppConfig.ready()`` with
:func:`register`; the PAR index does not import it. Acceptance goes through the proposing module's service, which
enters the bonus with :func:`cchc.parindex.services.adjustment_add` (the council's chair or secretary only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Assessment


@dataclass(frozen=True)
class ProposedBonus:
    title: str  # what earns it ("Sáng kiến “…” được công nhận cấp tỉnh / bộ")
    points: Decimal
    state: str  # "proposed", "accepted" or "rejected"
    state_label: str
    url: str  # the record behind it
    decide_url: str  # where the accept / reject form posts ("" once decided)
    blocker: str  # why this viewer may not decide ("" when they may)
    note: str = ""
    decided_by: str = ""


Source = Callable[["Assessment", Any], list[ProposedBonus]]
_SOURCES: list[Source] = []


def register(source: Source) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def proposed_for(assessment: Assessment, user: Any) -> list[ProposedBonus]:
    out: list[ProposedBonus] = []
    for source in _SOURCES:
        out.extend(source(assessment, user))
    return out
