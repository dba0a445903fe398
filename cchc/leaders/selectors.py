"""Reads of the leaders' view: who may open it, the unit and period asked for, and the whole board in a constant
number of queries (whatever the number of units under the unit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.memo import shared
from cchc.core.parallel import side_by_side
from cchc.orgs.models import OrgUnit, Role
from cchc.orgs.scope import get_unit_for_user, scope_for

from .exceptions import Exception_, exceptions_for
from .ranks import Fall, ParIndex, Score766, falling_units, par_index, score_766
from .targets_section import TargetsSection, targets_section
from .trends import Trend, dossier_trend, pakn_trend

if TYPE_CHECKING:
    from cchc.accounts.models import User

VIEW_ROLES = (Role.LEADER, Role.COORDINATOR, Role.ADMIN)


def may_open(user: User | Any) -> bool:
    """Leaders (lãnh đạo), coordinators and administrators; unit staff, heads and appraisers do not."""
    if user is None or not user.is_authenticated:
        return False
    scope = scope_for(user)
    return scope.is_admin or scope.has_role(*VIEW_ROLES)


def home_unit(user: User) -> OrgUnit | None:
    """The highest unit the user oversees as a leader or coordinator (an administrator: the highest unit)."""
    scope = scope_for(user)
    reach = scope.units_with(Role.LEADER, Role.COORDINATOR, over="view")
    qs = OrgUnit.objects.all() if scope.is_admin else OrgUnit.objects.filter(reach.q())
    return qs.order_by("depth", "path").first()


def unit_for(user: User, code: str) -> OrgUnit:
    """The unit asked for (404 outside the view scope), else the user's own highest unit; 403 for non-leaders."""
    if not may_open(user):
        raise PermissionDenied(_("Trang lãnh đạo dành cho lãnh đạo và cán bộ đầu mối CCHC."))
    if code:
        return get_unit_for_user(user, code)
    unit = home_unit(user)
    if unit is None:
        raise PermissionDenied(_("Bạn chưa được phân quyền xem đơn vị nào."))
    return unit


def default_period(today: date) -> tuple[date, date]:
    """From 1 January to today: the targets' year so far."""
    return date(today.year, 1, 1), today


@dataclass
class Board:
    unit: OrgUnit
    date_from: date
    date_to: date
    exceptions: list[Exception_]
    falls: list[Fall]
    score766: Score766
    par: list[ParIndex]
    trends: list[Trend]
    targets: TargetsSection

    @property
    def exception_total(self) -> int:
        return sum(e.count for e in self.exceptions) + len(self.falls)


@dataclass
class SubtreeFigures:
    """What is computed over a whole subtree and is the same for whoever sees the unit: kept in the cache for
    ``LEADERS_CACHE_SECONDS`` (recomputed by the job ``warm_leaders_view``)."""

    falls: list[Fall]
    score766: Score766
    trends: list[Trend]


def subtree_figures(
    unit: OrgUnit,
    date_from: date,
    date_to: date,
    today: date,
    subtree_ids: list[int],
    *,
    refresh: bool = False,
) -> SubtreeFigures:
    key = f"leaders:subtree:{unit.pk}:{unit.path}:{date_from}:{date_to}:{today}"
    found: SubtreeFigures | None = None if refresh else cache.get(key)
    if found is None:
        from cchc.onestop.unitscore import subtree_units

        subtree_units([unit])  # read once for both sides below (``shared``)
        # the 766 board here, the falls and the trends beside it on a connection of their own (the targets and the
        # exceptions, read next, reuse the board's counts)
        score766, (falls, trends) = side_by_side(
            lambda: score_766(unit, date_from, date_to),
            lambda: (
                falling_units(unit, min(today, date_to)),
                [dossier_trend(unit, date_to), pakn_trend(unit, date_to, subtree_ids)],
            ),
        )
        found = SubtreeFigures(falls, score766, trends)
        cache.set(key, found, settings.LEADERS_CACHE_SECONDS)
    return found


def cached_targets(
    user: User, unit: OrgUnit, year: int, as_of: date, *, refresh: bool = False
) -> TargetsSection:
    """The targets section (``targets_section``), kept in the cache for ``LEADERS_CACHE_SECONDS`` like the subtree's
    figures — its measured values are as fresh as the 766 board's — under a key that names the state of the year's
    targets (how many, the latest change, the highest id): a target added, edited, removed or given a manual
    figure shows at once. The rows do not depend on who looks (the caller has checked the user sees ``unit``)."""
    from django.db.models import Count, Max

    try:
        from cchc.targets.models import Target
    except ImportError:  # the register is not installed: targets_section says so
        return targets_section(user, unit, year, as_of)
    state = Target.objects.filter(year=year).aggregate(n=Count("pk"), top=Max("pk"), last=Max("updated_at"))
    last = state["last"].isoformat() if state["last"] else ""
    key = f"leaders:targets:{unit.pk}:{unit.path}:{year}:{as_of}:{state['n']}:{state['top']}:{last}"
    found: TargetsSection | None = None if refresh else cache.get(key)
    if found is None:
        found = targets_section(user, unit, year, as_of)
        cache.set(key, found, settings.LEADERS_CACHE_SECONDS)
    return found


def board(
    user: User,
    unit: OrgUnit,
    date_from: date,
    date_to: date,
    *,
    now: datetime | None = None,
    full: bool = True,
    live: bool = False,
) -> Board:
    """Everything the page shows for ``unit``'s subtree over the period: the exceptions and the PAR index counted
    live, the subtree's figures (766, falls, trends) and the targets from the cache (``cached_targets``).
    ``full=False`` (the digest):
    the exceptions and falls only. The exception counts of a person are kept ``LEADERS_EXCEPTIONS_CACHE_SECONDS``;
    ``live`` counts them afresh (the digest). The modules' reads of the same data (the subtree's dossier and PAKN
    counts for the period, read by the 766 board, the falls and the targets) are made once for the page
    (``cchc.core.memo.shared``)."""
    with shared():
        return _board(user, unit, date_from, date_to, now=now, full=full, live=live)


def _board(
    user: User,
    unit: OrgUnit,
    date_from: date,
    date_to: date,
    *,
    now: datetime | None,
    full: bool,
    live: bool,
) -> Board:
    now = now or timezone.now()
    today = timezone.localdate(now)
    subtree_ids = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    # the subtree's figures first: the exceptions then count the PAKN overdue from the counts the 766 board read
    figures = subtree_figures(unit, date_from, date_to, today, subtree_ids)
    key = f"leaders:exceptions:{user.pk}:{unit.pk}:{unit.path}:{date_from}:{date_to}"
    exceptions: list[Exception_] | None = None if live else cache.get(key)
    counted = exceptions is None

    def count_exceptions() -> list[Exception_]:
        return exceptions_for(user, unit, date_from, date_to, subtree_ids, now=now)

    def read_targets() -> TargetsSection:
        return cached_targets(user, unit, date_to.year, min(today, date_to), refresh=live)

    if not full:
        targets = TargetsSection(False, [])
        if exceptions is None:
            exceptions = count_exceptions()
    elif exceptions is None:  # counted beside the targets, on a connection of their own
        targets, exceptions = side_by_side(read_targets, count_exceptions)
    else:
        targets = read_targets()
    if counted:
        cache.set(key, exceptions, settings.LEADERS_EXCEPTIONS_CACHE_SECONDS)
    if not full:
        return Board(unit, date_from, date_to, exceptions, figures.falls, Score766(None, "", "", []), [], [],
                     targets)  # fmt: skip
    par = par_index(user, unit, date_to.year)
    return Board(
        unit, date_from, date_to, exceptions, figures.falls, figures.score766, par, figures.trends, targets
    )


def warm(today: date | None = None) -> int:
    """Recompute the subtree figures and the targets of every leader's and coordinator's own unit for the default
    period (the job ``warm_leaders_view``), so their page opens from the cache. Returns the number of units."""
    from .services import digest_recipients

    today = today or timezone.localdate()
    date_from, date_to = default_period(today)
    done: set[int] = set()
    for user in digest_recipients():
        unit = home_unit(user)
        if unit is None or unit.pk in done:
            continue
        done.add(unit.pk)
        ids = list(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
        with shared():
            subtree_figures(unit, date_from, date_to, today, ids, refresh=True)
            cached_targets(user, unit, date_to.year, min(today, date_to), refresh=True)
    return len(done)
