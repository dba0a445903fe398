"""Two changes of one visit's findings at once: they are numbered one after the other, and a finding saved while
the visit is being concluded waits for the conclusion and is refused (every finding of a concluded visit has its
task). Outside a test transaction: each change on a connection of its own."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.errors import DomainError
from cchc.inspections import services
from cchc.inspections.models import Finding
from tests.concurrency import while_held

from .helpers import plan_with_visit, record

pytestmark = pytest.mark.django_db(transaction=True)


def _finding(visit, actor, text):
    return services.finding_save(
        visit=visit, actor=actor, text=text, request="Khắc phục", deadline=date(2026, 6, 30)
    )


def test_two_findings_saved_at_once_are_numbered_one_after_the_other(org, personas):
    actor = personas.coordinator
    _plan, visit = plan_with_visit(org, actor)
    got = while_held(
        lambda: _finding(visit, actor, "Một").number, lambda: _finding(visit, actor, "Hai").number
    )
    assert got == [1, 2]
    assert sorted(Finding.objects.filter(visit=visit).values_list("number", flat=True)) == [1, 2]


def test_a_finding_saved_while_the_visit_is_concluded_is_refused(org, personas):
    actor = personas.coordinator
    _plan, visit = plan_with_visit(org, actor)
    record(visit, actor, findings=[{"deadline": date(2026, 6, 30)}])

    def conclude():
        return services.visit_conclude(
            visit=visit, actor=actor, strengths="Chỉ đạo sát sao", report_back_date=date(2026, 5, 1),
            on=date(2026, 3, 20),
        ).state  # fmt: skip

    state, refused = while_held(conclude, lambda: _finding(visit, actor, "Thêm sau"))
    assert state == "concluded"
    assert isinstance(refused, DomainError) and refused.code == "visit_closed", refused
    assert Finding.objects.filter(visit=visit).count() == 1
    assert all(f.assignment_id for f in Finding.objects.filter(visit=visit))
