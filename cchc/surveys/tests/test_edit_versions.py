"""Two people editing the same service point: a save on a stale copy is refused, keeps what was typed and names
what changed; saving again on the version the refusal carries goes through."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.editing import browser, loaded_version, refused

pytestmark = pytest.mark.django_db


def test_service_point_edit_refuses_a_stale_save(point, personas, org):
    url = reverse("surveys:point_edit", args=[point.pk])
    a, b = browser(personas.coordinator), browser(personas.admin)
    version = loaded_version(a.get(url))
    base = {"unit": org.pc06.pk, "name": point.name, "location": "", "survey": "", "active": "on",
            "edit_version": version}  # fmt: skip
    assert b.post(url, {**base, "location": "Tầng 1, nhà B"}).status_code == 302
    response = a.post(url, {**base, "name": "Quầy tiếp dân số 2"})
    html = refused(response)
    assert "Quầy tiếp dân số 2" in html and "Tầng 1, nhà B" in html
    point.refresh_from_db()
    assert (point.name, point.location) == ("Bộ phận một cửa PC06", "Tầng 1, nhà B")
    response = a.post(url, {**base, "name": "Quầy tiếp dân số 2", "location": "Tầng 1, nhà B",
                            "edit_version": loaded_version(response)})  # fmt: skip
    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.name, point.location) == ("Quầy tiếp dân số 2", "Tầng 1, nhà B")
