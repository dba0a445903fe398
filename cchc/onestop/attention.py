"""Home-page items: late and nearly-late dossiers of the units the user enters data for."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.attention import Item, provider


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
