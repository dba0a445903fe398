"""What the home page lists for a unit to write (cchc.reports.attention)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.reports.attention import reports_to_write

from .support import make_cycle, make_period

pytestmark = pytest.mark.django_db


def test_home_lists_the_nearest_reports_before_old_misses(org, personas):
    today = timezone.localdate()
    cycle = make_cycle(org)
    for n in range(12):  # twelve old reports never sent
        make_period(org, cycle=cycle, due=today - timedelta(days=300 - n), title=f"Báo cáo cũ {n}")
    make_period(org, cycle=cycle, due=today + timedelta(days=3), title="Báo cáo sắp đến hạn")
    titles = [item.title for item in reports_to_write(personas.ward_officer)]
    assert len(titles) == 10
    assert "Báo cáo sắp đến hạn" in titles[0]
