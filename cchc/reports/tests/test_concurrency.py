"""Two first visits of a period's synthesis page at once (two coordinators, a reload) make one synthesis: the
second finds the first's instead of failing on the one-per-period constraint (a 500). Outside a test transaction:
each request on a connection of its own."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from django.db import connection, transaction

from .support import make_period

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_first_visits_make_one_synthesis(org, personas):
    from cchc.reports import services
    from cchc.reports.models import ReportPeriod, Synthesis

    period = make_period(org, due=date(2026, 6, 30))
    first_done = threading.Event()
    got: dict[str, object] = {}

    def visit():  # each request reads the period before asking for its synthesis
        p = ReportPeriod.objects.get(pk=period.pk)
        return services.synthesis_get_or_create(period=p, actor=personas.coordinator).pk

    def first():
        try:
            with transaction.atomic():
                got["first"] = visit()
                first_done.set()
                time.sleep(1.0)
        except BaseException as exc:
            got["first"] = exc
            first_done.set()
        finally:
            connection.close()

    def second():
        first_done.wait(10)
        try:
            got["second"] = visit()
        except BaseException as exc:
            got["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert isinstance(got["first"], int)
    assert got["second"] == got["first"], got["second"]
    assert Synthesis.objects.filter(period=period).count() == 1


def test_a_report_started_while_its_unit_leaves_the_cycle_is_kept(org, personas):
    from cchc.reports import services
    from cchc.reports.models import ReportingCycle, Status, Submission

    from .support import make_cycle

    cycle = make_cycle(org)
    period = make_period(org, due=date(2026, 6, 30), cycle=cycle)
    sub = Submission.objects.get(period=period, unit=org.sibling)
    assert sub.status == Status.NOT_STARTED
    first_done = threading.Event()
    got: dict[str, object] = {}

    def first():  # the sibling ward's officer saves the first lines of its report
        try:
            with transaction.atomic():
                s = Submission.objects.get(pk=sub.pk)
                got["first"] = services.submission_save(submission=s, actor=None, narratives={}).status
                first_done.set()
                time.sleep(1.0)
        except BaseException as exc:
            got["first"] = exc
            first_done.set()
        finally:
            connection.close()

    def second():  # meanwhile the coordinator drops the sibling ward from the cycle
        first_done.wait(10)
        try:
            c = ReportingCycle.objects.get(pk=cycle.pk)
            got["second"] = services.cycle_update_coverage(
                cycle=c,
                actor=personas.coordinator,
                group=None,
                subtree_root=None,
                subtree_depth=None,
                units=[org.ward],
                today=date(2026, 6, 1),
            )
        except BaseException as exc:
            got["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert got["first"] == Status.DRAFT
    assert isinstance(got["second"], dict), got["second"]
    assert Submission.objects.filter(pk=sub.pk, status=Status.DRAFT).exists()  # what the unit typed is kept
