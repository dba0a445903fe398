"""Two approvals of one round's publication at once (a double click, two leaders) publish one version: the second
waits for the first and is refused with a clear message. Outside a test transaction: each on a connection of its
own."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from cchc.core.errors import DomainError

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_double_approval_publishes_one_version(par_round, personas):
    from cchc.parindex import services
    from cchc.parindex.models import ResultVersion, Round

    from .test_views import _appraise_round2

    _appraise_round2(par_round, personas)
    services.round_request_publication(rnd=par_round, actor=personas.coordinator, confirm_unsubmitted=True)
    first_done = threading.Event()
    got: list[object] = []

    def approve():
        rnd = Round.objects.get(pk=par_round.pk)  # each request reads the round before approving
        return services.round_publish(rnd=rnd, actor=personas.leader).number

    def first():
        try:
            with transaction.atomic():
                got.append(approve())
                first_done.set()
                time.sleep(1.0)
        except BaseException as exc:
            got.append(exc)
            first_done.set()
        finally:
            connection.close()

    def second():
        first_done.wait(10)
        try:
            got.append(approve())
        except BaseException as exc:
            got.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert got[0] == 1
    assert isinstance(got[1], DomainError) and got[1].code == "not_requested", got[1]
    assert ResultVersion.objects.filter(round=par_round).count() == 1
