"""Issue 14 pages of the plans module in the URL scope sweep: the head's return and the author's withdrawal of a
progress report, the plan's original file, and the reminder letters (văn bản đôn đốc)."""

from __future__ import annotations

from tests.test_url_scope_sweep import OTHER_ORG, Target, World


def _update(w: World) -> list[Target]:
    u = w.objects["update"]
    return [({"pk": u.pk}, u.assignment.unit)]


def _plan(w: World) -> list[Target]:
    plan = w.objects["hn_plan"]
    return [({"pk": plan.pk}, plan.issuer)]


def _letter(w: World) -> list[Target]:
    letter = w.objects["reminder_letter"]
    return [({"pk": letter.pk}, letter.plan.issuer)]


TARGETS = {
    "plans:update_head_return": _update,
    "plans:update_withdraw": _update,
    "plans:plan_source": _plan,
    "plans:reminder_letter_detail": _letter,
    "plans:reminder_letter_word": _letter,
}


def prepare(world: World) -> None:
    """A plan of the other organisation with its original file, and a letter (not yet sent) to one of its units."""
    from django.core.files.base import ContentFile

    from cchc.documents.services import document_number_reserve
    from cchc.plans.models import Assignment, ReminderLetter

    plan = world.objects["hn_plan"]
    if not plan.source_file:
        plan.source_file.save(f"{plan.pk}-ke-hoach.txt", ContentFile(b"KE HOACH"), save=True)
    a = Assignment.objects.filter(task__plan=plan).select_related("unit").order_by("pk").first()
    assert a is not None, f"the demo plan of {OTHER_ORG} assigns no task"
    document = document_number_reserve(
        issuer=plan.issuer,
        doc_type_code="CV",
        symbol="",
        summary="V/v đôn đốc",
        on_date=plan.issue_date or a.created_at.date(),
    )
    world.objects["reminder_letter"] = ReminderLetter.objects.create(
        plan=plan, unit=a.unit, document=document, signer_name="Nguyễn Văn A", missing_subplan=True
    )
