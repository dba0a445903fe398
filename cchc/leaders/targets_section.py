"""The targets of the leaders' view, read from the target register (``cchc.targets``) through one adapter, so the
page does not depend on how the register computes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.orgs.models import OrgUnit

LIGHTS = {"met": "green", "at_risk": "amber", "missed": "red", "no_data": "grey"}


@dataclass(frozen=True)
class TargetRow:
    unit: str
    title: str
    comparison: str
    value: Any
    actual: Any
    status: str  # met | at_risk | missed | no_data
    status_label: str
    url: str

    @property
    def light(self) -> str:
        return LIGHTS.get(self.status, "grey")


@dataclass
class TargetsSection:
    available: bool  # the register is installed
    rows: list[TargetRow] = field(default_factory=list)


def targets_section(user: Any, unit: OrgUnit, year: int, as_of: date) -> TargetsSection:
    """Every target of ``unit``'s subtree for ``year`` with its status on ``as_of`` (not yet wired: the register
    is being built on another branch)."""
    return TargetsSection(False, [])
