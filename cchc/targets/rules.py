"""The status of a target — pure (no Django): ``met`` / ``at_risk`` / ``missed`` / ``no_data``
(``contracts/targets.md``).

* the period runs from 1 January of the target's year to ``as_of`` (:func:`period_of`; default today, or
  31 December of a past year);
* ``no_data``: no figure, or a ratio whose denominator is 0;
* ``met``: the comparison holds;
* ``missed``: it does not hold and the year is over (``as_of`` ≥ 31 December), or the measure can no longer reach it
  (:func:`unreachable`): a share of cases whose failures are final (a dossier finished late stays late) that must be
  100 % once a single case failed, or a share that must exceed 100 %;
* ``at_risk``: otherwise (it does not hold yet, the year is not over).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

MET = "met"
AT_RISK = "at_risk"
MISSED = "missed"
NO_DATA = "no_data"
STATUSES = (MET, AT_RISK, MISSED, NO_DATA)

COMPARISONS = (">=", ">", "<=", "<", "=")
HUNDRED = Decimal(100)


def period_of(year: int, as_of: date | None, today: date) -> tuple[date, date]:
    """(1 January of ``year``, the end): ``as_of`` when given (within the year), else today for the current year,
    31 December for a past one (and 1 January for a future one: nothing counted yet)."""
    start, end_of_year = date(year, 1, 1), date(year, 12, 31)
    end = as_of if as_of is not None else today
    return start, max(start, min(end, end_of_year))


def holds(actual: Decimal, comparison: str, value: Decimal) -> bool:
    if comparison == ">=":
        return actual >= value
    if comparison == ">":
        return actual > value
    if comparison == "<=":
        return actual <= value
    if comparison == "<":
        return actual < value
    if comparison == "=":
        return actual == value
    raise ValueError(f"unknown comparison {comparison!r}")


def unreachable(
    comparison: str,
    value: Decimal,
    numerator: int | None,
    denominator: int | None,
    *,
    final_failures: bool,
    percent: bool,
) -> bool:
    """True when no future record can bring the measure to the target.

    A percentage can never exceed 100: "> 100" (or "≥"/"=" above 100) is out of reach. For a share whose failures
    are final (``final_failures``: a case counted as failed stays failed), a target of 100 % ("≥ 100", "= 100",
    "> 99.x" …) is out of reach as soon as one case failed (numerator < denominator)."""
    if percent and (
        (comparison == ">" and value >= HUNDRED) or (comparison in (">=", "=") and value > HUNDRED)
    ):
        return True
    if not (final_failures and percent and numerator is not None and denominator):
        return False
    if numerator >= denominator:
        return False
    must_be_perfect = (comparison in (">=", "=") and value >= HUNDRED) or (
        comparison == ">" and value >= HUNDRED - Decimal("0.000001")
    )
    return must_be_perfect


def status(
    *,
    actual: Decimal | None,
    comparison: str,
    value: Decimal,
    numerator: int | None = None,
    denominator: int | None = None,
    year_over: bool,
    final_failures: bool = False,
    percent: bool = True,
) -> str:
    """The target's status (see the module docstring). ``denominator`` None: the measure is not a ratio."""
    if actual is None or denominator == 0:
        return NO_DATA
    if holds(actual, comparison, value):
        return MET
    if year_over or unreachable(
        comparison, value, numerator, denominator, final_failures=final_failures, percent=percent
    ):
        return MISSED
    return AT_RISK


def year_over(year: int, as_of: date) -> bool:
    return as_of >= date(year, 12, 31)
