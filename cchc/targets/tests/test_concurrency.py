"""Two saves of the same target at once (a double click, two coordinators): the second is refused as a duplicate
with the form's message, not an IntegrityError. Outside a test transaction: each save on a connection of its own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core.errors import DomainError
from cchc.targets import services
from cchc.targets.models import Target
from cchc.targets.services import TargetData
from tests.concurrency import while_held

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_target_created_twice_at_once_is_refused_as_a_duplicate(org, personas):
    data = TargetData(
        unit=org.ward,
        year=date.today().year,
        code="onestop.DOSSIER_ON_TIME",
        comparison=">=",
        value=Decimal(95),
    )

    def create():
        return services.target_create(data=data, actor=personas.coordinator).pk

    created, refused = while_held(create, create)
    assert isinstance(created, int), created
    assert isinstance(refused, DomainError) and refused.code == "duplicate_target", refused
    assert refused.field == "code"
    assert Target.objects.filter(unit=org.ward).count() == 1
