"""Two people editing the same unit, group or membership: the second save on a stale copy is refused, keeps its
text and names what changed; saving again on the version the refusal carries goes through."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.orgs.models import Membership, OrgUnit, UnitGroup
from tests.editing import browser, loaded_version, refused

pytestmark = pytest.mark.django_db


def _unit_post(unit, version, **changes):
    data = {"code": unit.code, "short_code": unit.short_code, "name": unit.name, "short_name": unit.short_name,
            "kind": unit.kind, "parent": unit.parent_id, "valid_from": "", "valid_to": "", "note": unit.note,
            "aliases": "", "edit_version": version}  # fmt: skip
    data.update(changes)
    return data


def test_unit_edit_refuses_a_stale_save_and_keeps_the_text(org, personas):
    url = reverse("orgs:unit_edit", args=[org.pv01.code])
    a, b = browser(personas.admin), browser(personas.coordinator)
    version_a = loaded_version(a.get(url))
    version_b = loaded_version(b.get(url))
    assert b.post(url, _unit_post(org.pv01, version_b, name="Phòng Tham mưu (B sửa)")).status_code == 302

    response = a.post(url, _unit_post(org.pv01, version_a, note="Ghi chú dài A đã gõ"))
    html = refused(response)
    assert "Ghi chú dài A đã gõ" in html  # A's text is still on the page
    assert "Tên đơn vị" in html and "Phòng Tham mưu (B sửa)" in html  # what B changed
    assert personas.coordinator.display_name in html
    unit = OrgUnit.objects.get(pk=org.pv01.pk)
    assert unit.name == "Phòng Tham mưu (B sửa)" and unit.note == ""  # B's save intact, A's not written

    response = a.post(url, _unit_post(unit, loaded_version(response), note="Ghi chú dài A đã gõ"))
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.note) == ("Phòng Tham mưu (B sửa)", "Ghi chú dài A đã gõ")


def test_unit_edit_without_a_version_still_saves(org, personas):
    url = reverse("orgs:unit_edit", args=[org.pv01.code])
    data = _unit_post(org.pv01, "", name="Không kèm phiên bản")
    del data["edit_version"]
    assert browser(personas.admin).post(url, data).status_code == 302


def test_group_edit_refuses_a_stale_save(org, personas):
    group = UnitGroup.objects.create(code="CAX", name="Công an xã", root=org.city, kinds=["commune_police"])
    url = reverse("orgs:group_edit", args=[group.code])
    a, b = browser(personas.admin), browser(personas.coordinator)
    version = loaded_version(a.get(url))
    base = {"code": "CAX", "name": "Công an xã", "root": org.city.pk, "kinds": ["commune_police"], "aliases": "",
            "description": "", "edit_version": version}  # fmt: skip
    assert b.post(url, {**base, "description": "Mô tả của B"}).status_code == 302
    response = a.post(url, {**base, "name": "Công an cấp xã của A"})
    html = refused(response)
    assert "Công an cấp xã của A" in html and "Mô tả của B" in html
    group.refresh_from_db()
    assert (group.name, group.description) == ("Công an xã", "Mô tả của B")
    response = a.post(url, {**base, "name": "Công an cấp xã của A", "edit_version": loaded_version(response)})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Công an cấp xã của A"


def test_membership_edit_refuses_a_stale_save(org, personas):
    membership = Membership.objects.get(user=personas.ward_officer)
    url = reverse("people:membership_edit", args=[membership.pk])
    a, b = browser(personas.admin), browser(personas.coordinator)
    version = loaded_version(a.get(url))
    base = {"role": "staff", "data_scope": "", "view_scope": "", "valid_from": "", "valid_to": "",
            "note": "", "edit_version": version}  # fmt: skip
    assert b.post(url, {**base, "note": "Ghi chú của B"}).status_code == 302
    response = a.post(url, {**base, "note": "Ghi chú của A"})
    html = refused(response)
    assert "Ghi chú của A" in html and "Ghi chú của B" in html
    membership.refresh_from_db()
    assert membership.note == "Ghi chú của B"
    response = a.post(url, {**base, "note": "Ghi chú của A", "edit_version": loaded_version(response)})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.note == "Ghi chú của A"
