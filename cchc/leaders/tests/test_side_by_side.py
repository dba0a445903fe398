"""The board read side by side (cchc.core.parallel: the 766 board beside the falls and the trends, the targets
beside the exceptions, each on a connection of its own) is the board read one after another. Outside a test
transaction, so that the other connections see the data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from cchc.core import parallel

from .conftest import overdue_world
from .test_queries import TARGET_CODES

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_board_read_side_by_side_is_the_board_read_one_after_another(
    org, personas, settings, monkeypatch
):
    from cchc.leaders.selectors import board, default_period
    from cchc.targets.models import Target

    overdue_world(org)
    today = timezone.localdate()
    for code in TARGET_CODES:
        Target.objects.create(unit=org.city, applies_to_subtree=True, year=today.year, code=code,
                              comparison=">=", value=Decimal(100))  # fmt: skip
    side_calls = []
    real = parallel.side_by_side

    def counted(*calls):
        side_calls.append(parallel.may_run_side_by_side())
        return real(*calls)

    monkeypatch.setattr("cchc.leaders.selectors.side_by_side", counted)
    date_from, date_to = default_period(today)
    now = timezone.now()
    cache.clear()
    side = board(personas.leader, org.city, date_from, date_to, now=now)
    assert side_calls == [True, True]  # the subtree's figures, then the targets and the exceptions
    settings.PARALLEL_READS = False
    cache.clear()
    serial = board(personas.leader, org.city, date_from, date_to, now=now)
    assert side_calls[2:] == [False, False]
    assert side.exception_total > 0 and side.targets.rows and side.trends and side.score766.groups
    assert side == serial
