"""The conflict-of-interest rule and the unit sign-off in the org scope (``cchc.orgs.scope``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.orgs.scope import (
    forget_scope,
    has_conflict_of_interest,
    may_approve_for_unit,
    unit_has_head,
)
from tests.factories import member, person

pytestmark = pytest.mark.django_db


def test_membership_conflicts_except_for_the_units_own_sign_off(org, personas):
    assert has_conflict_of_interest(personas.ward_head, org.ward)
    assert not has_conflict_of_interest(personas.ward_head, org.ward, outgoing=True)
    assert not has_conflict_of_interest(
        personas.appraiser, org.ward
    )  # a membership above is not one in the unit
    assert has_conflict_of_interest(personas.appraiser, org.ward, author_id=personas.appraiser.pk)
    assert has_conflict_of_interest(
        personas.ward_head, org.ward, author_id=personas.ward_head.pk, outgoing=True
    )


def test_a_unit_without_an_active_head_account_is_approved_by_its_coordinator(org, personas):
    assert unit_has_head(org.ward) and not unit_has_head(org.sibling)
    assert may_approve_for_unit(personas.coordinator, org.sibling)
    assert not may_approve_for_unit(personas.coordinator, org.ward)
    assert not may_approve_for_unit(personas.other_coordinator, org.sibling)  # not their subtree
    assert not may_approve_for_unit(personas.sibling_officer, org.sibling)
    # an expired head membership or a disabled account does not count as a head
    yesterday = timezone.localdate() - timedelta(days=1)
    member(person("truong.b.cu"), org.sibling, "head", valid_to=yesterday)
    disabled = member(person("truong.b.nghi"), org.sibling, "head")
    disabled.is_active = False
    disabled.save(update_fields=["is_active"])
    assert not unit_has_head(org.sibling)
    member(person("truong.b"), org.sibling, "head")
    forget_scope(personas.coordinator)
    assert unit_has_head(org.sibling) and not may_approve_for_unit(personas.coordinator, org.sibling)
