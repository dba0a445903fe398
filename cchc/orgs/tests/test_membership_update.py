"""membership_update changes a grant's role, scopes, validity and note; never its person or its unit."""

import pytest

from cchc.orgs import services
from cchc.orgs.models import Membership


@pytest.mark.django_db
def test_membership_update_cannot_move_a_grant_to_another_unit(org, personas):
    grant = Membership.objects.get(user=personas.ward_officer, unit=org.ward)
    with pytest.raises(TypeError):
        services.membership_update(granter=personas.coordinator, membership=grant, unit=org.other_city)
    with pytest.raises(TypeError):
        services.membership_update(granter=personas.coordinator, membership=grant, user=personas.coordinator)
    grant.refresh_from_db()
    assert (grant.unit_id, grant.user_id) == (org.ward.pk, personas.ward_officer.pk)


@pytest.mark.django_db
def test_membership_update_changes_only_what_is_given(org, personas):
    grant = Membership.objects.get(user=personas.ward_officer, unit=org.ward)
    role, scope = grant.role, grant.view_scope
    services.membership_update(granter=personas.coordinator, membership=grant, note="Phụ trách một cửa")
    grant.refresh_from_db()
    assert (grant.note, grant.role, grant.view_scope) == ("Phụ trách một cửa", role, scope)


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value"), [("data_scope", "everything"), ("view_scope", "none")])
def test_membership_update_refuses_a_scope_the_grant_would_refuse(org, personas, field, value):
    """The same scope check as membership_grant: no unknown data scope, no view scope of nothing (which the
    database would otherwise reject with a 500)."""
    from django.core.exceptions import ValidationError

    grant = Membership.objects.get(user=personas.ward_officer, unit=org.ward)
    with pytest.raises(ValidationError):
        services.membership_update(granter=personas.coordinator, membership=grant, **{field: value})
    grant.refresh_from_db()
    assert getattr(grant, field) != value


def test_unit_update_takes_named_fields_only(org):
    """The tree's own columns (path, depth) cannot be passed: the update names each field it may change."""
    from cchc.orgs.services import unit_update

    with pytest.raises(TypeError):
        unit_update(unit=org.ward, path="/1/")
    unit = unit_update(unit=org.ward, name="Công an phường Hồng Bàng (mới)")
    assert (unit.name, unit.parent, unit.note) == ("Công an phường Hồng Bàng (mới)", org.city, org.ward.note)
