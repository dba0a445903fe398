"""Every computed figure opens the records behind it (issue 13): the ``pakn`` and ``initiatives`` figures of a
periodic report link to lists built by the same query as the count, read through the viewer's scope."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.reports import figures

pytestmark = pytest.mark.django_db

SPAN = (date(2025, 1, 1), date(2026, 12, 31))


def _values(source: str, unit) -> dict[str, object]:
    return dict(figures.SOURCES[source]([unit], *SPAN)[unit.pk])


def test_pakn_figures_open_the_register_list_of_the_same_count(org, personas, login):
    from datetime import timedelta

    from django.utils import timezone

    from cchc.pakn.tests.test_joined import _record

    for unit in (org.ward, org.ward, org.sibling):
        _record(unit)
    today = timezone.localdate()
    span = (today - timedelta(days=30), today)
    values = dict(figures.SOURCES["pakn"]([org.city], *span)[org.city.pk])
    assert values["received"] == 3
    client = login(personas.coordinator)
    for field in ("received", "handled", "published", "overdue", "waiting"):
        url = figures.records_url("pakn", org.city, *span, field)
        assert url, field
        page = client.get(url)
        assert page.status_code == 200
        assert page.context["total"] == values[field], field


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
