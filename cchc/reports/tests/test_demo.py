"""The demo data: a past period with reports on time, late and missing, and a synthesis. Idempotent."""

import pytest

from cchc.orgs.demo import load_demo as load_orgs
from cchc.reports.demo import CYCLE_NAME, load_demo
from cchc.reports.models import ReportingCycle, Submission, SubmissionEvent, Synthesis
from cchc.reports.selectors import period_completeness, synthesis_table

pytestmark = pytest.mark.django_db


def test_demo_has_a_past_period_with_on_time_late_missing_and_a_synthesis():
    load_orgs()
    load_demo()
    counts = (Submission.objects.count(), SubmissionEvent.objects.count(), Synthesis.objects.count())
    load_demo()
    assert (Submission.objects.count(), SubmissionEvent.objects.count(), Synthesis.objects.count()) == counts
    cycle = ReportingCycle.objects.get(name=CYCLE_NAME)
    q3 = cycle.periods.get(kind="q3")
    c = period_completeness(q3)
    assert c.expected == 9 and c.on_time == 4 and c.late == 1 and c.missing == 4  # approved reports only
    assert Synthesis.objects.filter(period=q3).exists()
    rows, totals = synthesis_table(q3)
    assert len(rows) == 5 and totals["vneid_activated"] > 0
