"""Home-page items of the plans module: unread notifications, overdue and due-soon tasks, reports to review."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core.attention import Item, provider
from cchc.orgs.models import Role as OrgRole
from cchc.orgs.scope import scope_for

from .models import Notification, ProgressUpdate
from .selectors import updates_to_accept


@provider
def unread_notifications(user):
    if not user.is_authenticated:
        return []
    unread = list(Notification.objects.filter(user=user, read_at__isnull=True)[:6])
    if not unread:
        return []
    count = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return [
        Item(
            title=_("%(n)s thông báo mới về kế hoạch, nhiệm vụ") % {"n": count},
            detail=unread[0].text[:200],
            url=reverse("plans:notifications"),
            level="warning",
            count=count,
        )
    ]


@provider
def my_deadlines(user):
    from .selectors import MyFilters, my_assignments

    scope = scope_for(user)
    if not user.is_authenticated or scope.data.empty or scope.is_admin:
        return []
    pairs = my_assignments(user, MyFilters(window="attention"))
    overdue = sum(1 for t in pairs.timings if t.state == "overdue")
    soon = len(pairs) - overdue
    items = []
    if overdue:
        items.append(
            Item(
                title=_("%(n)s nhiệm vụ quá hạn") % {"n": overdue},
                url=reverse("plans:my_tasks") + "?han=overdue",
                level="danger",
                count=overdue,
            )
        )
    if soon:
        items.append(
            Item(
                title=_("%(n)s nhiệm vụ sắp đến hạn") % {"n": soon},
                url=reverse("plans:my_tasks") + "?han=soon",
                level="warning",
                count=soon,
            )
        )
    return items


@provider
def reports_to_review(user):
    scope = scope_for(user)
    if not user.is_authenticated:
        return []
    items = []
    if not scope.manage.empty:
        n = updates_to_accept(user).count()
        if n:
            items.append(
                Item(
                    title=_("%(n)s báo cáo tiến độ chờ tiếp nhận") % {"n": n},
                    url=reverse("plans:review_queue"),
                    level="info",
                    count=n,
                )
            )
    head_units = sorted(scope.units_with(OrgRole.HEAD).unit_ids)
    if head_units:
        n = (
            ProgressUpdate.objects.filter(
                state=ProgressUpdate.State.SUBMITTED, assignment__unit_id__in=head_units
            )
            .exclude(author=user)
            .count()
        )
        if n:
            items.append(
                Item(
                    title=_("%(n)s báo cáo tiến độ chờ thủ trưởng xác nhận") % {"n": n},
                    url=reverse("plans:review_queue"),
                    level="warning",
                    count=n,
                )
            )
    return items
