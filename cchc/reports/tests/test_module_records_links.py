"""Every computed figure opens the records behind it (issue 13): the ``pakn`` and ``initiatives`` figures of a
periodic report link to lists built by the same query as the count, read through the viewer's scope."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.core.demo import load_all
from cchc.reports import figures

pytestmark = pytest.mark.django_db

SPAN = (date(2025, 1, 1), date(2026, 12, 31))


def _values(source: str, unit) -> dict[str, object]:
    return dict(figures.SOURCES[source]([unit], *SPAN)[unit.pk])


def test_pakn_and_initiatives_figures_open_lists_of_the_same_count(client):
    load_all()
    from cchc.accounts.models import User
    from cchc.initiatives.models import Initiative
    from cchc.orgs.models import OrgUnit
    from cchc.pakn.models import Record

    client.force_login(User.objects.get(username="quantri"))
    seen_pakn = seen_initiatives = 0
    pakn_units = OrgUnit.objects.filter(pk__in=Record.objects.values("unit_id")[:3])
    for unit in pakn_units:
        for field, value in _values("pakn", unit).items():
            url = figures.records_url("pakn", unit, *SPAN, field)
            if field == "on_time_ratio" or field not in ("received", "handled", "published", "overdue"):
                continue
            assert url, field
            page = client.get(url)
            assert page.status_code == 200
            assert page.context["total"] == value, (unit.code, field)
            seen_pakn += int(bool(value))
    units = OrgUnit.objects.filter(pk__in=Initiative.objects.values("unit_id"))
    for unit in units:
        for field, value in _values("initiatives", unit).items():
            url = figures.records_url("initiatives", unit, *SPAN, field)
            assert url, field
            listing = client.get(url).context["listing"]
            assert listing.count == value, (unit.code, field)
            seen_initiatives += int(bool(value))
    assert seen_pakn and seen_initiatives  # the demo makes the comparison meaningful


def test_the_initiatives_list_is_read_through_the_viewers_scope(org, personas, login):
    from datetime import datetime, time

    from django.utils import timezone

    from cchc.initiatives.models import Initiative

    when = timezone.make_aware(datetime.combine(date(2026, 3, 2), time(9)))
    for unit in (org.ward, org.ward, org.sibling):
        Initiative.objects.create(
            unit=unit, title="Sổ điện tử", year=2026, state="submitted", submitted_at=when
        )
    url = figures.records_url("initiatives", org.ward, *SPAN, "submitted")
    assert login(personas.ward_officer).get(url).context["listing"].count == 2
    assert login(personas.sibling_officer).get(url).status_code == 404  # another ward's initiatives: not seen
