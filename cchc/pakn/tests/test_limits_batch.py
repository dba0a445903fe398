"""The step limits of many units read at once (the home page's PAKN clocks over thousands of units): the same as
one unit at a time, in a number of queries that does not grow with the units."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.orgs.models import OrgUnit
from cchc.pakn import selectors, services
from cchc.pakn.clocks import PORTAL
from cchc.pakn.models import ClockRule

from .test_joined import _record

pytestmark = pytest.mark.django_db


def test_limits_of_many_units_are_the_limits_of_each(org: Any) -> None:
    from tests.factories import UnitFactory

    team: Any = UnitFactory(code="HP.CAP.A.T1", name="Tổ một cửa", kind="team", parent=org.ward)
    ClockRule.objects.create(unit=org.city, refuse_days=3, supplement_days=4, handle_days=10, publish_days=3)
    ClockRule.objects.create(unit=org.ward, refuse_days=1, supplement_days=2, handle_days=7, publish_days=1)
    units = list(OrgUnit.objects.all())
    batch = services.limits_for_units(units)
    assert batch == {u.pk: services.limits_for(u) for u in units}
    assert batch[team.pk].handle == 7  # the ward's rule, the nearest above
    assert batch[org.sibling.pk].handle == 10  # the city's
    assert batch[org.other_city.pk] == PORTAL


def test_the_home_page_clocks_read_the_limits_in_one_query(org: Any, personas: Any) -> None:
    from tests.factories import UnitFactory

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.due_lists(personas.coordinator, 2)
        return len(ctx.captured_queries)

    _record(org.ward)
    count()  # the per-process caches (the calendar) filled
    small = count()
    for i in range(6):
        _record(UnitFactory(code=f"HP.X{i}", name=f"Công an xã {i}", kind="commune_police", parent=org.city))
    assert count() == small
