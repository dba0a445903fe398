"""The demo loader: idempotent, every state present, the figures computable."""

from __future__ import annotations

from typing import Any

import pytest

from cchc.pakn.demo import load_demo
from cchc.pakn.models import PenaltyProposal, Record, Transfer
from cchc.pakn.selectors import state_name


@pytest.mark.slow
def test_demo_loads_every_state_once(db: Any) -> None:
    from cchc.orgs.demo import load_demo as load_orgs

    load_orgs()
    load_demo()
    count = Record.objects.count()
    assert count > 300
    load_demo()
    assert Record.objects.count() == count
    states = {state_name(r) for r in Record.objects.all()}
    assert states == {"refused", "published", "handled", "waiting", "in_progress"}
    assert Record.objects.filter(dislikes__gt=0).exists() and Record.objects.exclude(follow_up_of="").exists()
    assert Transfer.objects.filter(to_record__isnull=False).exists() and PenaltyProposal.objects.exists()
    numbers = list(
        Record.objects.filter(unit__code="HP.PC06").values_list("register_year", "register_number")
    )
    assert len(numbers) == len(set(numbers))
