"""The targets of the leaders' view, read from the target register (``cchc.targets``) through one adapter, so the
page does not depend on how the register computes them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cchc.orgs.models import OrgUnit

logger = logging.getLogger(__name__)

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


ORDER = {"missed": 0, "at_risk": 1, "no_data": 2, "met": 3}


def targets_section(user: Any, unit: OrgUnit, year: int, as_of: date) -> TargetsSection:
    """Every target in force at ``unit`` and at its direct sub-units for ``year``, with its status on ``as_of``
    (``cchc.targets.selectors``: ``targets_for_subtree`` then one batch ``evaluate``), the problems first. The
    caller has checked that ``user`` sees ``unit`` (and so the units below it)."""
    try:
        from cchc.targets.selectors import evaluate, targets_for_subtree
    except ImportError:  # the register is not installed (or broken): the page still shows everything else
        logger.warning(
            "the target register cannot be imported; the leaders' view shows no targets", exc_info=True
        )
        return TargetsSection(False, [])

    applied = targets_for_subtree(unit, year, levels=1)
    rows = [
        TargetRow(
            unit=s.unit.name,
            title=s.title,
            comparison=s.comparison,
            value=s.value,
            actual=s.actual,
            status=s.status,
            status_label=s.status_label,
            url=s.url,
        )
        for s in evaluate(applied, as_of)
    ]
    rows.sort(key=lambda r: ORDER.get(r.status, 9))  # stable: tree order within a status
    return TargetsSection(True, rows)
