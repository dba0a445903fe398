"""Home-page items: late and nearly-late dossiers of the units the user enters data for."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.attention import Item, oversees, provider


@provider
def late_dossiers(user) -> list[Item]:
    from cchc.orgs.scope import scope_for

    from .selectors import late_dossiers as late

    if not user.is_authenticated or scope_for(user).data.empty:
        return []
    qs = late(user).filter(unit__in=_data_units(user))
    total = qs.count()
    if not total:
        return []
    overdue = qs.filter(due_at__lt=timezone.now()).count()
    without_letter = qs.filter(due_at__lt=timezone.now(), apology__isnull=True).count()
    return [
        Item(
            title=_("Hồ sơ một cửa sắp đến hạn hoặc quá hạn"),
            detail=_(
                "%(overdue)s quá hạn (%(letters)s chưa có phiếu xin lỗi), %(soon)s đến hạn trong 1 ngày làm việc"
            )
            % {"overdue": overdue, "letters": without_letter, "soon": total - overdue},
            url=reverse("onestop:late_list"),
            level="danger" if overdue else "warning",
            count=total,
        )
    ]


def _data_units(user):
    from cchc.orgs.scope import units_with_data_access

    return units_with_data_access(user)


@provider
def portal_figures_to_approve(user) -> list[Item]:
    """Figures units typed from the portal, waiting for this coordinator's approval (none of their own)."""
    from cchc.orgs.scope import scope_for

    from .selectors import figures_to_decide

    if not user.is_authenticated or scope_for(user).manage.empty:
        return []
    total = figures_to_decide(user).exclude(entered_by=user).count()
    if not total:
        return []
    return [
        Item(
            title=_("Số liệu Cổng DVCQG chờ duyệt"),
            detail=_("%(n)s số liệu đơn vị nhập chưa được tính điểm 766 cho đến khi được duyệt")
            % {"n": total},
            url=reverse("onestop:portal_figure_queue"),
            level="warning",
            count=total,
        )
    ]


def overdue_dossiers_q(user):
    """The dossiers the overseer's item counts — the same filter as the dossier list's ``late=1``."""
    from .selectors import dossiers_visible_to

    return dossiers_visible_to(user).filter(finished_at__isnull=True, due_at__lt=timezone.now())


@provider
def overdue_dossiers_in_scope(user) -> list[Item]:
    if not oversees(user):
        return []
    total = overdue_dossiers_q(user).count()
    if not total:
        return []
    return [
        Item(
            title=_("%(n)s hồ sơ một cửa quá hạn chưa giải quyết trong phạm vi theo dõi") % {"n": total},
            url=reverse("onestop:dossier_list") + "?late=1",
            level="danger",
            count=total,
        )
    ]


def falling_units(user, today=None) -> list[tuple[Any, int, int]]:
    """Direct sub-units of the user's highest unit whose rank by on-time dossiers (the 766 DOSSIER_ON_TIME ratio)
    fell from last month to this month: ``[(unit, rank before, rank now)]``."""
    from datetime import timedelta

    from cchc.orgs.models import OrgUnit

    from .indicators import rollup, unit_counts
    from .ontime import period
    from .selectors import default_unit, month_bounds

    root = default_unit(user)
    if root is None:
        return []
    today = today or timezone.localdate()
    this_from, _this_to = month_bounds(today)
    last_from, last_to = month_bounds(this_from - timedelta(days=1))
    subtree = dict(OrgUnit.objects.filter(path__startswith=root.path).values_list("pk", "path"))
    children = list(OrgUnit.objects.filter(parent=root).order_by("path"))

    def ranks(d_from, d_to):
        counts = unit_counts(period(d_from, d_to), list(subtree))
        ratios = {}
        for c in children:
            total = rollup(counts, subtree, c.path)
            if total.s:
                ratios[c.pk] = total.on_time / total.s
        ordered = sorted(set(ratios.values()), reverse=True)
        return (
            {pk: 1 + sum(1 for r in ratios.values() if r > v) for pk, v in ratios.items()} if ordered else {}
        )

    before, now = ranks(last_from, last_to), ranks(this_from, today)
    return [
        (c, before[c.pk], now[c.pk])
        for c in children
        if c.pk in before and c.pk in now and now[c.pk] > before[c.pk]
    ]


@provider
def units_falling_in_ranking(user) -> list[Item]:
    from django.core.cache import cache

    if not oversees(user):
        return []
    today = timezone.localdate()
    key = f"attention:falling-ranking:{user.pk}:{today}"
    cached = cache.get(key)
    if cached is None:
        cached = ("", [(u.code, u.name, b, n) for u, b, n in falling_units(user, today)])
        if cached[1]:
            cached = (ranking_url(user, today), cached[1])
        cache.set(key, cached, 600)
    url, rows = cached
    return [
        Item(
            title=_("%(u)s tụt hạng hồ sơ đúng hạn: từ %(b)s xuống %(n)s") % {"u": name, "b": b, "n": n},
            detail=_("So với tháng trước"),
            url=url,
            level="warning",
        )
        for _code, name, b, n in rows[:5]
    ]


def ranking_url(user, today) -> str:
    """The ranking the fall was read from: the indicators page of the user's highest unit for this month so far,
    whose sub-unit table lists each unit's on-time ratio (the figure ``falling_units`` ranks by)."""
    from .selectors import default_unit, month_bounds

    root = default_unit(user)
    if root is None:
        return ""
    this_from, _this_to = month_bounds(today)
    return (
        reverse("onestop:indicators")
        + f"?unit={root.code}&from={this_from.isoformat()}&to={today.isoformat()}"
    )
