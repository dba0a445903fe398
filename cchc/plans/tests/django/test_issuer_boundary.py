"""A plan names and assigns units inside its issuer's subtree only (QA finding: mapping reached other bodies)."""

import pytest

from cchc.orgs.models import OrgUnitAlias
from cchc.plans.resolve import mapping_choices, parse_allowed_target, target_allowed

pytestmark = pytest.mark.django_db


def test_mapping_choices_stay_inside_the_issuers_subtree(org):
    values = {v for v, _label in mapping_choices(org.city)}
    assert f"unit:{org.ward.pk}" in values
    assert f"unit:{org.other_dept.pk}" not in values
    assert f"unit:{org.ministry.pk}" not in values


def test_targets_outside_are_refused(org):
    assert target_allowed(org.ward, org.city)
    assert not target_allowed(org.other_dept, org.city)
    assert parse_allowed_target(f"unit:{org.other_dept.pk}", org.city) is None


def test_remembering_a_mapping_never_touches_another_organisations_unit(org):
    from cchc.plans.services import remember_mapping

    remember_mapping(text="Sở Nội vụ (tên khác)", target=f"unit:{org.other_dept.pk}", issuer=org.city)
    assert not OrgUnitAlias.objects.filter(unit=org.other_dept).exists()
    remember_mapping(text="CA phường A", target=f"unit:{org.ward.pk}", issuer=org.city)
    assert OrgUnitAlias.objects.filter(unit=org.ward, name="CA phường A").exists()
