"""Home-page items of the plans module: unread notifications, overdue and due-soon tasks, reports to review,
one's own reports returned."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.attention import Item, oversees, provider
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


def returned_to_author_q(user):
    """The user's own progress reports returned (by the head or the coordinator) and not yet answered: no later
    report on the same assignment, the plan still being carried out, the unit still in the user's data scope."""
    from django.db.models import Exists, OuterRef

    from .models import Plan

    later = ProgressUpdate.objects.filter(
        assignment_id=OuterRef("assignment_id"), created_at__gt=OuterRef("created_at")
    )
    return (
        ProgressUpdate.objects.filter(
            author=user,
            state=ProgressUpdate.State.RETURNED,
            assignment__task__plan__status=Plan.Status.ISSUED,
        )
        .filter(scope_for(user).data.q("assignment__unit__"))
        .exclude(Exists(later))
    )


@provider
def my_returned_reports(user):
    """Each report returned to its author, linking to it on its assignment's page (the latest five)."""
    if not user.is_authenticated or scope_for(user).data.empty:
        return []
    qs = returned_to_author_q(user).select_related("assignment__task", "assignment__unit")
    returned = list(qs.order_by("-reviewed_at", "-pk")[:5])
    items = []
    for u in returned:
        a = u.assignment
        items.append(
            Item(
                title=_("Báo cáo tiến độ nhiệm vụ %(code)s bị %(who)s trả lại")
                % {"code": a.task.code, "who": u.get_returned_step_display().lower()},
                detail=(f"{a.unit.name}: {u.review_comment}")[:200],
                url=reverse("plans:assignment_detail", args=[a.pk]) + f"#bao-cao-{u.pk}",
                level="warning",
            )
        )
    return items


def overdue_in_scope_q(user):
    """Lead and co-ordinating assignments of issued plans in the user's view, not finished, past their deadline."""
    from cchc.orgs.scope import filter_by_unit_scope

    from .models import CLOSED_STATUSES, Assignment, Plan

    return filter_by_unit_scope(
        Assignment.objects.filter(
            task__plan__status=Plan.Status.ISSUED, task__deadline_end__lt=timezone.localdate()
        ).exclude(status__in=CLOSED_STATUSES),
        user,
    )


def overdue_listing(user, unit, date_from, date_to, params):
    """The drill-down of the overseer's item: the same query, under ``unit``."""
    from cchc.core.drill import Listing, Row

    qs = (
        overdue_in_scope_q(user)
        .filter(unit__path__startswith=unit.path)
        .select_related("task__plan", "unit")
        .order_by("task__deadline_end", "unit__path")
    )
    rows = [
        Row(
            [
                f"{a.task.code} {a.task.content[:140]}",
                a.unit.name,
                a.task.plan.doc_number or a.task.plan.title[:60],
                a.task.deadline_end.strftime("%d/%m/%Y") if a.task.deadline_end else "",
                a.get_status_display(),
            ],
            reverse("plans:assignment_detail", args=[a.pk]),
        )
        for a in qs
    ]
    headers = [_("Nhiệm vụ"), _("Đơn vị"), _("Kế hoạch"), _("Hạn"), _("Tình trạng")]
    return Listing(_("Nhiệm vụ quá hạn chưa hoàn thành"), headers, rows)


@provider
def overdue_tasks_in_scope(user):
    """Leaders, appraisers and coordinators (no data scope of their own): overdue tasks of the units they oversee."""
    from datetime import date

    from cchc.core import drill
    from cchc.onestop.selectors import default_unit

    if not oversees(user):
        return []
    total = overdue_in_scope_q(user).count()
    root = default_unit(user)
    if not total or root is None:
        return []
    today = timezone.localdate()
    return [
        Item(
            title=_("%(n)s nhiệm vụ kế hoạch CCHC quá hạn chưa hoàn thành trong phạm vi theo dõi")
            % {"n": total},
            url=drill.url("overdue_tasks", root, date(today.year - 5, 1, 1), today),
            level="danger",
            count=total,
        )
    ]


def _register_listing() -> None:
    from cchc.core import drill

    drill.register("overdue_tasks", overdue_listing)


_register_listing()
