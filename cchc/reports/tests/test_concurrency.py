"""Two first visits of a period's synthesis page at once (two coordinators, a reload) make one synthesis: the
second finds the first's instead of failing on the one-per-period constraint (a 500). Outside a test transaction:
each request on a connection of its own."""

from __future__ import annotations

from datetime import date

import pytest

from tests.concurrency import while_held

from .support import make_period

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_first_visits_make_one_synthesis(org, personas):
    from cchc.reports import services
    from cchc.reports.models import ReportPeriod, Synthesis

    period = make_period(org, due=date(2026, 6, 30))

    def visit():  # each request reads the period before asking for its synthesis
        p = ReportPeriod.objects.get(pk=period.pk)
        return services.synthesis_get_or_create(period=p, actor=personas.coordinator).pk

    got = while_held(visit, visit)
    assert isinstance(got[0], int)
    assert got[1] == got[0], got[1]
    assert Synthesis.objects.filter(period=period).count() == 1


def test_a_report_started_while_its_unit_leaves_the_cycle_is_kept(org, personas):
    from cchc.reports import services
    from cchc.reports.models import ReportingCycle, Status, Submission

    from .support import make_cycle

    cycle = make_cycle(org)
    period = make_period(org, due=date(2026, 6, 30), cycle=cycle)
    sub = Submission.objects.get(period=period, unit=org.sibling)
    assert sub.status == Status.NOT_STARTED

    def save_report():  # the sibling ward's officer saves the first lines of its report
        s = Submission.objects.get(pk=sub.pk)
        return services.submission_save(submission=s, actor=None, narratives={}).status

    def drop_unit():  # meanwhile the coordinator drops the sibling ward from the cycle
        c = ReportingCycle.objects.get(pk=cycle.pk)
        return services.cycle_update_coverage(
            cycle=c,
            actor=personas.coordinator,
            group=None,
            subtree_root=None,
            subtree_depth=None,
            units=[org.ward],
            today=date(2026, 6, 1),
        )

    got = while_held(save_report, drop_unit)
    assert got[0] == Status.DRAFT
    assert isinstance(got[1], dict), got[1]
    assert Submission.objects.filter(pk=sub.pk, status=Status.DRAFT).exists()  # what the unit typed is kept
