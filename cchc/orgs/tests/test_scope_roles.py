"""The role questions of the org scope: ``UserScope.is_head_of``, ``has_role``, ``units_with`` and ``members_with``
— the one place "is head of this unit" and "the units where they are X" are answered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.orgs.models import OrgUnit, Role, Scope
from cchc.orgs.scope import members_with, scope_for
from tests.factories import member, person

pytestmark = pytest.mark.django_db


def test_is_head_of_the_unit_itself_only(org, personas):
    head = scope_for(personas.ward_head)
    assert head.is_head_of(org.ward)
    assert not head.is_head_of(org.sibling) and not head.is_head_of(org.city)
    assert not scope_for(personas.department_head).is_head_of(org.ward)
    assert not scope_for(personas.ward_officer).is_head_of(org.ward)  # staff of the unit
    assert not scope_for(personas.coordinator).is_head_of(org.ward)  # manages it, is not its head
    assert not scope_for(personas.admin).is_head_of(org.ward)  # administrators are not heads either


def test_a_head_above_the_unit_is_not_its_head_and_expired_heads_are_not_heads(org):
    city_head = member(person("giamdoc"), org.city, "head", data_scope=Scope.SUBTREE)
    assert scope_for(city_head).is_head_of(org.city) and not scope_for(city_head).is_head_of(org.ward)
    gone = member(person("truong.cu"), org.sibling, "head", valid_to=timezone.localdate() - timedelta(days=1))
    assert not scope_for(gone).is_head_of(org.sibling)


def test_has_role(org, personas):
    assert scope_for(personas.ward_head).has_role(Role.HEAD)
    assert scope_for(personas.ward_head).has_role(Role.STAFF, Role.HEAD)
    assert not scope_for(personas.ward_head).has_role(Role.STAFF, Role.LEADER)
    assert scope_for(personas.admin).has_role(Role.ADMIN)
    assert not scope_for(personas.outsider).has_role(*Role)
    superuser = person("sieuquantri", is_superuser=True)
    assert scope_for(superuser).has_role(Role.ADMIN) and not scope_for(superuser).has_role(Role.HEAD)


def test_units_with_roles_at_the_units_themselves(org):
    both = member(member(person("kiemnhiem"), org.ward, "head"), org.sibling, "staff")
    scope = scope_for(both)
    assert scope.units_with(Role.HEAD).unit_ids == {org.ward.pk}
    assert scope.units_with(Role.HEAD, Role.STAFF).unit_ids == {org.ward.pk, org.sibling.pk}
    assert scope.units_with(Role.LEADER).empty
    reach = scope.units_with(Role.HEAD)
    assert reach.contains(org.ward) and not reach.contains(org.city)
    assert list(OrgUnit.objects.filter(reach.q())) == [org.ward]


def test_units_with_over_subtrees_and_scopes(org, personas):
    leader = scope_for(personas.leader)
    under = leader.units_with(Role.LEADER, over="subtree")
    assert under.contains(org.city) and under.contains(org.ward) and not under.contains(org.other_dept)
    assert leader.units_with(Role.LEADER, over="data").empty  # leaders enter no data
    assert leader.units_with(Role.LEADER, over="view").contains(org.ward)
    # A head whose data scope is the subtree: the data reach holds the units below; a unit-only one does not.
    city_head = scope_for(member(person("giamdoc"), org.city, "head", data_scope=Scope.SUBTREE))
    assert city_head.units_with(Role.HEAD, over="data").contains(org.ward)
    ward_head = scope_for(personas.ward_head)
    assert ward_head.units_with(Role.HEAD, over="data").unit_ids == {org.ward.pk}
    assert ward_head.units_with(Role.HEAD, over="subtree").paths == {org.ward.path}
    # Nested subtrees collapse into the outer one.
    twice = scope_for(member(member(person("lanhdao2"), org.city, "leader"), org.ward, "leader"))
    assert twice.units_with(Role.LEADER, over="subtree").paths == {org.city.path}
    with pytest.raises(ValueError):
        ward_head.units_with(Role.HEAD, over="everything")


def test_an_administrator_gets_no_units_from_roles_they_do_not_hold(org, personas):
    scope = scope_for(personas.admin)
    assert scope.units_with(Role.HEAD).empty
    assert scope.units_with(Role.ADMIN).unit_ids == {org.ministry.pk}


def test_members_with_roles_at_units(org, personas):
    heads = members_with(Role.HEAD, units=[org.ward])
    assert [m.user for m in heads] == [personas.ward_head]
    at_ward = {m.user for m in members_with(Role.STAFF, Role.HEAD, units=[org.ward.pk])}
    assert at_ward == {personas.ward_head, personas.ward_officer}
    assert {m.user for m in members_with(Role.HEAD)} == {personas.ward_head, personas.department_head}
    # Expired memberships and disabled accounts are left out.
    personas.ward_head.is_active = False
    personas.ward_head.save(update_fields=["is_active"])
    member(person("truong.cu"), org.ward, "head", valid_to=timezone.localdate() - timedelta(days=1))
    assert not members_with(Role.HEAD, units=[org.ward]).exists()
    assert members_with(Role.HEAD, units=[org.ward], on=timezone.localdate() - timedelta(days=2)).exists()
