"""The unit tree: trigger-maintained paths, moves, cycles, validity, groups and lineage."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cchc.orgs import selectors, services
from cchc.orgs.models import OrgUnit, UnitGroup
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_paths_and_depths_follow_the_tree(org):
    assert org.city.path == f"/{org.ministry.pk}/{org.city.pk}/"
    assert org.ward.depth == 2
    assert [u.code for u in selectors.ancestors(org.ward)] == ["BCA", "HP"]
    assert set(selectors.subtree(org.city).values_list("code", flat=True)) == {
        "HP",
        "HP.PV01",
        "HP.PC06",
        "HP.CAP.A",
        "HP.CAP.B",
    }


def test_moving_a_unit_moves_its_subtree(org):
    team = UnitFactory(code="HP.CAP.A.T1", name="Tổ 1", kind="team", parent=org.ward)
    services.unit_update(unit=org.ward, parent=org.pc06)
    team.refresh_from_db()
    assert team.path == f"/{org.ministry.pk}/{org.city.pk}/{org.pc06.pk}/{org.ward.pk}/{team.pk}/"
    assert team.depth == 4


def test_a_unit_cannot_be_moved_under_itself(org):
    with pytest.raises(ValidationError):
        services.unit_update(unit=org.city, parent=org.ward)
    # Even bypassing the service, the database refuses the cycle.
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.filter(pk=org.city.pk).update(parent=org.ward)


def test_codes_are_unique_and_validity_ordered(org):
    with pytest.raises(ValidationError):
        services.unit_create(code="HP", name="Trùng", kind="other")
    with pytest.raises(ValidationError):
        services.unit_create(
            code="NEW", name="Mới", kind="other", valid_from=dt.date(2026, 2, 1), valid_to=dt.date(2026, 1, 1)
        )


def test_group_members_by_kind_within_the_root_and_on_a_date(org):
    group = services.group_save(
        code="G", name="Công an xã, phường, đặc khu", root=org.city, kinds=["commune_police"]
    )
    assert [u.code for u in selectors.group_members(group)] == ["HP.CAP.A", "HP.CAP.B"]
    services.unit_update(unit=org.sibling, valid_to=dt.date(2025, 6, 30))
    assert [u.code for u in selectors.group_members(group)] == ["HP.CAP.A"]
    assert [u.code for u in selectors.group_members(group, on=dt.date(2025, 1, 1))] == [
        "HP.CAP.A",
        "HP.CAP.B",
    ]
    explicit = services.group_save(
        code="G2", name="Tự chọn", root=None, kinds=[], members=[org.pv01, org.other_dept]
    )
    assert {u.code for u in selectors.group_members(explicit)} == {"HP.PV01", "UBHP.SNV"}
    with pytest.raises(ValidationError):
        services.group_save(code="G3", name="Rỗng", root=None, kinds=[], members=[])
    assert UnitGroup.objects.count() == 2


def test_a_merger_keeps_history_on_the_old_unit_and_leads_to_the_new(org):
    new = UnitFactory(
        code="HP.CAP.AB", name="Công an phường Hồng Bàng mới", kind="commune_police", parent=org.city
    )
    services.unit_reorganise(
        predecessors=[org.ward, org.sibling], successor=new, kind="merge", effective_date=dt.date(2025, 7, 1)
    )
    org.ward.refresh_from_db()
    assert org.ward.valid_to == dt.date(2025, 6, 30)
    assert selectors.current_successor(org.ward) == new
    assert {link.predecessor.code for link in selectors.lineage_of(new)["before"]} == {"HP.CAP.A", "HP.CAP.B"}


def test_find_units_by_code_short_code_name_and_alias(org):
    services.unit_alias_add(unit=org.pv01, name="Phòng Tham mưu CATP")
    assert selectors.find_units("HP.PV01") == [org.pv01]
    assert selectors.find_units("pv01") == [org.pv01]
    assert selectors.find_units("phong tham muu catp") == [org.pv01]
    assert selectors.find_units("Phòng Tham mưu") == [org.pv01]
    assert selectors.find_units("Sở Nội vụ", within=org.city) == []


def test_groups_of_a_unit_agree_with_group_members(org):
    services.group_save(code="G", name="Công an xã, phường", root=org.city, kinds=["commune_police"])
    services.group_save(code="D", name="Phòng", root=org.city, kinds=["police_department"])
    services.group_save(code="L", name="Tự chọn", root=None, kinds=[], members=[org.ward, org.other_dept])
    services.group_save(code="W", name="Mọi phường", root=None, kinds=["commune_police"])
    groups = UnitGroup.objects.all()
    for unit in (org.ward, org.sibling, org.pc06, org.other_dept, org.city):
        expected = {g.code for g in groups if selectors.group_members(g).filter(pk=unit.pk).exists()}
        assert {g.code for g in selectors.groups_of_unit(unit, groups)} == expected, unit.code
    assert {g.code for g in selectors.groups_of_unit(org.ward, groups)} == {"G", "L", "W"}
