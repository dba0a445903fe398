"""Two requests on one plan, report or preview at once (a double click, a unit head and a coordinator acting at the
same moment): the second runs after the first and is judged on what the first did. Outside a test transaction:
each request on a connection of its own."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.errors import DomainError
from tests.concurrency import while_held

from .helpers import issued_plan, make_groups, sample

pytestmark = pytest.mark.django_db(transaction=True)


def _draft_plan(org, personas):
    from cchc.orgs.models import UnitGroup
    from cchc.plans.services import plan_create_from_extracted

    if not UnitGroup.objects.filter(code="HP.CADVDP").exists():
        make_groups(org)
    depts = UnitGroup.objects.get(code="HP.CADVDP")
    return plan_create_from_extracted(
        data=sample(),
        issuer=org.city,
        user=personas.coordinator,
        mappings={"Các đơn vị nghiệp vụ được giao chủ trì": f"group:{depts.pk}"},
    )


def test_a_report_accepted_meanwhile_is_not_returned(org, personas):
    from cchc.plans import services
    from cchc.plans.models import Assignment, ProgressUpdate, Status

    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.2", unit=org.ward)
    update = services.progress_submit(
        assignment=a, user=personas.ward_head, text="Đã tuyên truyền", status="in_progress", percent=60
    )
    assert update.state == ProgressUpdate.State.CONFIRMED

    def accept():  # each request reads the report before acting
        u = ProgressUpdate.objects.get(pk=update.pk)
        return services.progress_accept(update=u, user=personas.coordinator, today=date(2026, 3, 1)).state

    def give_back():
        u = ProgressUpdate.objects.get(pk=update.pk)
        return services.progress_return(update=u, user=personas.coordinator, comment="Bổ sung số liệu").state

    got = while_held(accept, give_back)
    assert got[0] == ProgressUpdate.State.ACCEPTED
    assert isinstance(got[1], DomainError) and got[1].code == "not_confirmed", got[1]
    update.refresh_from_db()
    a.refresh_from_db()
    assert update.state == ProgressUpdate.State.ACCEPTED  # the unit is not told it was returned
    assert (a.status, a.percent) == (Status.IN_PROGRESS, 60)


def test_a_report_accepted_meanwhile_is_not_withdrawn(org, personas):
    from cchc.plans import services
    from cchc.plans.models import Assignment, ProgressUpdate

    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.2", unit=org.ward)
    update = services.progress_submit(
        assignment=a, user=personas.ward_officer, text="Đã tuyên truyền", status="in_progress", percent=60
    )
    services.progress_confirm(update=update, user=personas.ward_head)

    def accept():
        u = ProgressUpdate.objects.get(pk=update.pk)
        return services.progress_accept(update=u, user=personas.coordinator, today=date(2026, 3, 1)).state

    def withdraw():
        u = ProgressUpdate.objects.get(pk=update.pk)
        return services.progress_withdraw(update=u, user=personas.ward_officer).state

    got = while_held(accept, withdraw)
    assert got[0] == ProgressUpdate.State.ACCEPTED
    assert isinstance(got[1], DomainError) and got[1].code == "not_withdrawable", got[1]
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.ACCEPTED


def test_two_periods_accepted_at_once_keep_the_latest_period(org, personas):
    from cchc.plans import services
    from cchc.plans.models import Assignment, ProgressUpdate

    plan = issued_plan(org, personas)
    a = Assignment.objects.get(task__plan=plan, task__code="1.2", unit=org.ward)  # recurring ("Thường xuyên")
    early, late = (
        services.progress_submit(
            assignment=a,
            user=personas.ward_head,
            text="Kỳ báo cáo",
            status="in_progress",
            percent=p,
            today=day,
        )
        for p, day in ((30, date(2026, 3, 10)), (60, date(2026, 6, 10)))
    )
    assert early.period < late.period and early.state == late.state == ProgressUpdate.State.CONFIRMED

    def accept(update):
        def run():
            u = ProgressUpdate.objects.get(pk=update.pk)
            return services.progress_accept(
                update=u, user=personas.coordinator, today=date(2026, 6, 20)
            ).state

        return run

    got = while_held(accept(late), accept(early))
    assert got == [ProgressUpdate.State.ACCEPTED] * 2, got
    a.refresh_from_db()
    assert a.last_period == late.period  # not back to the earlier period (then shown as overdue)


def test_a_report_sent_while_the_assignment_is_finished_does_not_reopen_it(org, personas):
    from cchc.plans import services
    from cchc.plans.models import DONE_STATUSES, Assignment, ProgressUpdate

    from .test_services import pdf

    plan = issued_plan(org, personas)
    parent = Assignment.objects.get(task__plan=plan, task__code="1.1", unit=org.ward)
    child = services.plan_cascade(parent=plan, unit=org.ward, user=personas.ward_head)
    services.plan_issue(plan=child, user=personas.ward_head, on=date(2026, 1, 22))
    a = Assignment.objects.get(task__plan=child, task__code="1.1", unit=org.ward)
    done = services.progress_submit(
        assignment=a, user=personas.ward_head, text="Đã rà soát xong", status="done", files=[pdf()]
    )
    loaded = Assignment.objects.get(pk=parent.pk)  # the report page on the parent task, still "not started"

    def accept():  # the implementing plan's task is done: the parent assignment rolls up to done
        u = ProgressUpdate.objects.get(pk=done.pk)
        return services.progress_accept(update=u, user=personas.coordinator).state

    def report():
        return services.progress_submit(
            assignment=loaded,
            user=personas.ward_officer,
            text="Ghi chú thêm",
            status="in_progress",
            percent=90,
        ).state

    got = while_held(accept, report)
    assert got == [ProgressUpdate.State.ACCEPTED, ProgressUpdate.State.SUBMITTED], got
    parent.refresh_from_db()
    assert parent.status in DONE_STATUSES and parent.percent == 100, (parent.status, parent.percent)


def test_a_double_confirmation_of_an_import_saves_one_plan(org, personas):
    from cchc.plans import services
    from cchc.plans.models import Plan, PlanImportDraft

    make_groups(org)
    draft = services.import_draft_create(
        user=personas.coordinator, issuer=org.city, filename="kh-447.docx", data=sample()
    )

    def confirm():
        d = PlanImportDraft.objects.get(pk=draft.pk)
        return services.import_draft_confirm(draft=d, user=personas.coordinator).pk

    got = while_held(confirm, confirm)
    assert isinstance(got[0], int)
    assert got[1] == got[0], got[1]  # the second click lands on the plan the first saved
    assert Plan.objects.filter(issuer=org.city).count() == 1


def test_two_requests_make_one_implementing_plan(org, personas):
    from cchc.plans import services
    from cchc.plans.models import Plan

    plan = issued_plan(org, personas)

    def cascade():
        parent = Plan.objects.get(pk=plan.pk)
        return services.plan_cascade(parent=parent, unit=org.ward, user=personas.ward_head).pk

    got = while_held(cascade, cascade)
    assert isinstance(got[0], int)
    assert got[1] == got[0], got[1]
    assert Plan.objects.filter(parent_plan=plan, issuer=org.ward).count() == 1


def test_an_edit_saved_while_the_plan_is_issued_keeps_it_issued(org, personas):
    from cchc.plans import services
    from cchc.plans.models import Assignment, Plan

    plan = _draft_plan(org, personas)
    loaded = Plan.objects.get(pk=plan.pk)  # the edit form was opened on the draft

    def issue():
        counts = services.plan_issue(plan=Plan.objects.get(pk=plan.pk), user=personas.coordinator)
        return counts["assignments"]

    def edit():
        return services.plan_update(plan=loaded, user=personas.coordinator, title="Trích yếu đã sửa").status

    got = while_held(issue, edit)
    assert isinstance(got[0], int) and got[0] > 0
    assert got[1] == Plan.Status.ISSUED, got[1]
    plan.refresh_from_db()
    assert (plan.status, plan.title) == (Plan.Status.ISSUED, "Trích yếu đã sửa")
    assert Assignment.objects.filter(task__plan=plan).count() == got[0]


def test_a_task_added_while_the_plan_is_issued_is_not_left_unassigned(org, personas):
    from cchc.plans import services
    from cchc.plans.models import Assignment, Plan, Task

    plan = _draft_plan(org, personas)
    loaded = Plan.objects.get(pk=plan.pk)  # the task form was opened on the draft

    def issue():
        counts = services.plan_issue(plan=Plan.objects.get(pk=plan.pk), user=personas.coordinator)
        return counts["assignments"]

    def add():
        return services.task_save(
            plan=loaded, user=personas.coordinator, content="Nhiệm vụ mới", lead=["PV01"]
        )

    got = while_held(issue, add)
    assert isinstance(got[0], int)
    # The plan is issued by now: adding a unit assigns it at once, which the editor confirms first.
    assert isinstance(got[1], DomainError) and got[1].code == "confirm_assign", got[1]
    assert not Task.objects.filter(plan=plan, content="Nhiệm vụ mới").exists()
    task = services.task_save(
        plan=loaded, user=personas.coordinator, content="Nhiệm vụ mới", lead=["PV01"], confirm_assign=True
    )
    assert Assignment.objects.filter(task=task, unit=org.pv01).exists()


def test_two_tasks_added_at_once_are_numbered_in_turn(org, personas):
    from cchc.plans import services
    from cchc.plans.models import Plan

    plan = _draft_plan(org, personas)

    def add(content):
        def run():
            p = Plan.objects.get(pk=plan.pk)
            return services.task_save(plan=p, user=personas.coordinator, content=content).order

        return run

    last = max(plan.tasks.values_list("order", flat=True))
    got = while_held(add("Nhiệm vụ thứ nhất"), add("Nhiệm vụ thứ hai"))
    assert got == [last + 1, last + 2], got


def test_two_plans_with_one_number_issued_at_once(org, personas):
    from cchc.plans import services
    from cchc.plans.models import Plan

    first, second = _draft_plan(org, personas), _draft_plan(org, personas)  # drafts may share a number
    assert first.doc_number == second.doc_number

    def issue(plan):
        def run():
            p = Plan.objects.get(pk=plan.pk)
            return services.plan_issue(plan=p, user=personas.coordinator)["assignments"]

        return run

    got = while_held(issue(first), issue(second))
    assert isinstance(got[0], int)
    # A clear refusal naming the plan in force, not a database error (a 500).
    assert isinstance(got[1], DomainError) and got[1].code == "duplicate_number", got[1]
    second.refresh_from_db()
    assert second.status == Plan.Status.DRAFT and not second.tasks.filter(assignments__isnull=False).exists()
