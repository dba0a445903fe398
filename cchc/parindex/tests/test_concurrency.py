"""Two approvals of one round's publication at once (a double click, two leaders) publish one version: the second
waits for the first and is refused with a clear message. Outside a test transaction: each on a connection of its
own."""

from __future__ import annotations

import pytest

from cchc.core.errors import DomainError
from tests.concurrency import while_held

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_double_approval_publishes_one_version(par_round, personas):
    from cchc.parindex import services
    from cchc.parindex.models import ResultVersion, Round

    from .test_views import _appraise_round2

    _appraise_round2(par_round, personas)
    services.round_request_publication(rnd=par_round, actor=personas.coordinator, confirm_unsubmitted=True)

    def approve():
        rnd = Round.objects.get(pk=par_round.pk)  # each request reads the round before approving
        return services.round_publish(rnd=rnd, actor=personas.leader).number

    got = while_held(approve, approve)
    assert got[0] == 1
    assert isinstance(got[1], DomainError) and got[1].code == "not_requested", got[1]
    assert ResultVersion.objects.filter(round=par_round).count() == 1
