"""Home-page items of the PAR index module — only what the user's scope lets them see."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core.attention import Item, provider
from cchc.orgs.models import Role
from cchc.orgs.scope import scope_for

from .models import Assessment, Round, Score


@provider
def unit_tasks(user):
    scope = scope_for(user)
    items = []
    own = scope.units_with(Role.STAFF, Role.HEAD).unit_ids
    if not own:
        return items
    heads = scope.units_with(Role.HEAD).unit_ids
    qs = Assessment.objects.filter(unit_id__in=own).select_related("round", "unit")
    for a in qs.filter(round__phase=Round.Phase.SELF, status=Assessment.Status.DRAFT):
        due = f" — hạn {a.round.self_due:%d/%m/%Y}" if a.round.self_due else ""
        items.append(Item(_("Tự đánh giá Chỉ số CCHC: %(r)s") % {"r": a.round.name}, a.unit.name + due,
                          reverse("parindex:assessment", args=[a.pk]), "warning"))  # fmt: skip
    for a in qs.filter(
        round__phase=Round.Phase.SELF, status=Assessment.Status.AWAITING_HEAD, unit_id__in=heads
    ).exclude(submitted_by=user):  # nobody approves what they submitted
        items.append(Item(_("Duyệt bản tự đánh giá Chỉ số CCHC"), a.unit.name,
                          reverse("parindex:assessment", args=[a.pk]), "warning"))  # fmt: skip
    for a in qs.filter(round__phase=Round.Phase.EXPLANATION).exclude(status=Assessment.Status.EXPLAINED):
        items.append(Item(_("Giải trình ý kiến thẩm định Chỉ số CCHC"), a.unit.name,
                          reverse("parindex:assessment", args=[a.pk]), "warning"))  # fmt: skip
    return items


@provider
def council_tasks(user):
    rounds = Round.objects.filter(council=user, phase__in=[Round.Phase.ROUND1, Round.Phase.ROUND2])
    items = []
    for rnd in rounds:
        n = rnd.assessments.count()
        pending = (
            Score.objects.filter(assessment__round=rnd, round1__isnull=True)
            .values("assessment_id").distinct().count()
            if rnd.phase == Round.Phase.ROUND1 else 0
        )  # fmt: skip
        detail = _("%(n)s đơn vị; %(p)s đơn vị còn tiêu chí chưa chấm") % {"n": n, "p": pending}
        items.append(Item(_("Thẩm định Chỉ số CCHC: %(r)s") % {"r": rnd.name}, detail,
                          reverse("parindex:round_detail", args=[rnd.pk]), "info", pending or None))  # fmt: skip
    return items


@provider
def coordinator_tasks(user):
    from .selectors import managed_rounds_q

    scope = scope_for(user)
    if scope.manage.empty and not scope.is_admin:
        return []
    items = []
    rounds = Round.objects.filter(managed_rounds_q(user)).filter(
        phase__in=[Round.Phase.SELF, Round.Phase.ROUND2, Round.Phase.CORRECTING]
    )
    for rnd in rounds.select_related("framework"):
        url = reverse("parindex:round_detail", args=[rnd.pk])
        if rnd.phase == Round.Phase.SELF:
            waiting = rnd.assessments.exclude(status=Assessment.Status.SUBMITTED).count()
            if waiting:
                due = f" — hạn {rnd.self_due:%d/%m/%Y}" if rnd.self_due else ""
                items.append(Item(_("%(n)s đơn vị chưa gửi tự đánh giá Chỉ số CCHC") % {"n": waiting},
                                  rnd.name + due, url, "info", waiting))  # fmt: skip
        else:
            from .results import unfinished_appraisals

            if not unfinished_appraisals(rnd):
                items.append(Item(_("Đã thẩm định xong, có thể trình lãnh đạo phê duyệt công bố Chỉ số CCHC"),
                                  rnd.name, url, "info"))  # fmt: skip
    return items


@provider
def leader_tasks(user):
    """Results waiting for the leader's approval (Giám đốc), and criteria handed to the user's departments."""
    from .services import may_approve_publication

    items = []
    for rnd in Round.objects.filter(phase=Round.Phase.APPROVAL).select_related("owner_unit"):
        if may_approve_publication(user, rnd) and rnd.publish_requested_by_id != user.pk:
            items.append(Item(_("Phê duyệt công bố Chỉ số CCHC: %(r)s") % {"r": rnd.name}, rnd.owner_unit.name,
                              reverse("parindex:round_detail", args=[rnd.pk]), "warning"))  # fmt: skip
    scope = scope_for(user)
    if not scope.data.empty:
        from .models import CriterionAssignment

        handed = (
            CriterionAssignment.objects.filter(scope.data.q("unit__"), submitted_at__isnull=True)
            .filter(assessment__round__phase=Round.Phase.SELF)
            .values("assessment_id", "assessment__round__name")
            .distinct()
        )
        for row in handed:
            items.append(Item(_("Chấm tiêu chí Chỉ số CCHC được giao: %(r)s") % {"r": row["assessment__round__name"]},
                              "", reverse("parindex:assessment", args=[row["assessment_id"]]), "warning"))  # fmt: skip
    return items


@provider
def consensus_tasks(user):
    """For the council's chair and secretary: units whose agreed scores are not all set yet."""
    rounds = Round.objects.filter(phase__in=[Round.Phase.ROUND1, Round.Phase.ROUND2]).filter(
        models.Q(chair=user) | models.Q(secretary=user)
    )
    items = []
    for rnd in rounds:
        field = "round1" if rnd.phase == Round.Phase.ROUND1 else "round2"
        pending = (
            Score.objects.filter(assessment__round=rnd, **{f"{field}__isnull": True})
            .values("assessment_id").distinct().count()
        )  # fmt: skip
        if pending:
            items.append(Item(_("Thống nhất điểm thẩm định: %(r)s") % {"r": rnd.name},
                              _("%(p)s đơn vị chưa có điểm thống nhất") % {"p": pending},
                              reverse("parindex:round_detail", args=[rnd.pk]), "info", pending))  # fmt: skip
    return items
