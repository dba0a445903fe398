"""Two administrators editing the same calendar day in the admin: the second save on a stale copy is refused with
what changed, and their input stays in the form; saving again on the version the refusal carries goes through."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.workdays.models import CalendarOverride
from tests.editing import browser, loaded_version
from tests.factories import person

pytestmark = pytest.mark.django_db


def test_calendar_override_admin_refuses_a_stale_save(db):
    day = CalendarOverride.objects.create(day=date(2026, 5, 2), kind="off", note="Nghỉ bù")
    url = f"/quan-tri-he-thong/workdays/calendaroverride/{day.pk}/change/"
    a = browser(person("quantri1", is_staff=True, is_superuser=True))
    b = browser(person("quantri2", is_staff=True, is_superuser=True))
    version = loaded_version(a.get(url))
    base = {"day": "02/05/2026", "kind": "off", "note": "Nghỉ bù", "source": "", "edit_version": version}
    assert b.post(url, {**base, "source": "9441/TB-BNV"}).status_code == 302
    response = a.post(url, {**base, "note": "Nghỉ bù ngày 30/4 của A"})
    html = response.content.decode()
    assert response.status_code == 200 and "trong khi bạn đang sửa" in html and "Văn bản" in html
    assert "Nghỉ bù ngày 30/4 của A" in html
    day.refresh_from_db()
    assert (day.note, day.source) == ("Nghỉ bù", "9441/TB-BNV")
    response = a.post(url, {**base, "source": "9441/TB-BNV", "note": "Nghỉ bù ngày 30/4 của A",
                            "edit_version": loaded_version(response)})  # fmt: skip
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.note == "Nghỉ bù ngày 30/4 của A"
